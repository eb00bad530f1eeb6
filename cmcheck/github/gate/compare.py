"""GitHub's settings against the declaration: every setting found missing or weaker.

Anything at least as strict as declared holds: two approvals where one is declared, an extra
required check, an extra ruleset. Rules that several rulesets (of the repository or of its
organization) put on the default branch combine as GitHub combines them: every rule applies, so
the strictest value of each parameter is the one in force.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from cmcheck.github.gate import declared as gate

# GitHub's default when a pull_request rule names no merge methods: all three are allowed.
ALL_MERGE_METHODS = ("merge", "squash", "rebase")


class DeclarationError(Exception):
    """The declaration cannot be read, or asks for less than the controls need (exit 2)."""


class Gap(NamedTuple):
    """One setting found missing or weaker than declared."""

    setting: str
    want: str
    got: str

    @property
    def threat(self) -> str:
        return gate.THREATS[self.setting]


class Unverified(NamedTuple):
    """A setting the token may not read: never a pass, never a finding."""

    setting: str
    needs: str


@dataclass
class Verdict:
    findings: list[Gap] = field(default_factory=list)
    unverified: list[Unverified] = field(default_factory=list)


def declared_ruleset(root: Path) -> dict[str, Any]:
    """The committed ruleset, refused when it asks for less than the controls need."""
    path = root / gate.RULESET_FILE
    try:
        declared = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeclarationError(f"no {gate.RULESET_FILE}: the branch rule must be declared "
                               "(see docs/coordinator.md)") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DeclarationError(f"{gate.RULESET_FILE} is not readable JSON: {error}") from None
    if not isinstance(declared, dict):
        raise DeclarationError(f"{gate.RULESET_FILE} must hold one JSON object, a ruleset")
    weaker = below_floor(declared)
    if weaker:
        raise DeclarationError(f"{gate.RULESET_FILE} declares less than cmcheck's controls "
                               "need: " + "; ".join(weaker))
    return declared


def below_floor(ruleset: dict[str, Any]) -> list[str]:
    """What a declared ruleset leaves out of what approval, the notice clock and the audit rest
    on: a pull request that edits the declaration cannot lower the gate below this."""
    problems = []
    if ruleset.get("name") != "main" or ruleset.get("target", "branch") != "branch":
        problems.append('it must be the branch ruleset named "main"')
    if ruleset.get("enforcement") != "active":
        problems.append('enforcement must be "active"')
    if ruleset.get("bypass_actors"):
        problems.append("bypass_actors must be empty")
    if not gate.covers_default_branch(ruleset.get("conditions"), "main"):
        problems.append("conditions must include ~DEFAULT_BRANCH")
    problems += [f"{gap.setting} wants {gap.want}, declares {gap.got}"
                 for gap in compare_rules(gate.FLOOR, gate.rules_of(ruleset))]
    return problems


def combine(rules: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The rules in force on a branch (GitHub's "Get rules for a branch"), one per type, each
    parameter at its strictest across the rulesets that set it."""
    found: dict[str, dict[str, Any]] = {}
    for rule in rules:
        kind, parameters = rule.get("type"), rule.get("parameters") or {}
        if not isinstance(kind, str) or not isinstance(parameters, dict):
            continue
        if kind not in found:
            found[kind] = dict(parameters)
            if kind == "pull_request":
                found[kind].setdefault("allowed_merge_methods", list(ALL_MERGE_METHODS))
            continue
        mine = found[kind]
        if kind == "pull_request":
            mine["required_approving_review_count"] = max(
                mine.get("required_approving_review_count") or 0,
                parameters.get("required_approving_review_count") or 0)
            for flag in ("dismiss_stale_reviews_on_push", "require_code_owner_review",
                         "require_last_push_approval"):
                mine[flag] = bool(mine.get(flag)) or bool(parameters.get(flag))
            mine["allowed_merge_methods"] = [
                m for m in mine["allowed_merge_methods"]
                if m in (parameters.get("allowed_merge_methods") or ALL_MERGE_METHODS)]
        elif kind == "required_status_checks":
            mine["required_status_checks"] = [
                *(mine.get("required_status_checks") or []),
                *(parameters.get("required_status_checks") or [])]
            mine["strict_required_status_checks_policy"] = bool(
                mine.get("strict_required_status_checks_policy")) or bool(
                parameters.get("strict_required_status_checks_policy"))
    return found


def compare_rules(want: dict[str, dict[str, Any]],
                  found: dict[str, dict[str, Any]]) -> list[Gap]:
    gaps: list[Gap] = []
    for kind in ("deletion", "non_fast_forward"):
        if kind in want and kind not in found:
            gaps.append(Gap(f"rules.{kind}", "the rule", "absent"))
    if "pull_request" in want:
        gaps += _pull_request(want["pull_request"], found.get("pull_request"))
    if "required_status_checks" in want:
        gaps += _status_checks(want["required_status_checks"],
                               found.get("required_status_checks"))
    return gaps


def _pull_request(want: dict[str, Any], found: dict[str, Any] | None) -> list[Gap]:
    if found is None:
        return [Gap("rules.pull_request", "the rule", "absent")]
    gaps = []
    setting = "rules.pull_request."
    count = want.get("required_approving_review_count", 0)
    if (found.get("required_approving_review_count") or 0) < count:
        gaps.append(Gap(setting + "required_approving_review_count", f"at least {count}",
                        str(found.get("required_approving_review_count") or 0)))
    for flag in ("dismiss_stale_reviews_on_push", "require_code_owner_review",
                 "require_last_push_approval"):
        if want.get(flag) and not found.get(flag):
            gaps.append(Gap(setting + flag, "true", json.dumps(found.get(flag, False))))
    allowed = want.get("allowed_merge_methods")
    methods = found.get("allowed_merge_methods") or list(ALL_MERGE_METHODS)
    if allowed is not None and not set(methods) <= set(allowed):
        gaps.append(Gap(setting + "allowed_merge_methods", f"only {', '.join(allowed)}",
                        ", ".join(methods)))
    return gaps


def _status_checks(want: dict[str, Any], found: dict[str, Any] | None) -> list[Gap]:
    wanted = [c for c in want.get("required_status_checks") or [] if isinstance(c, dict)]
    names = ", ".join(_check_name(c) for c in wanted)
    if found is None:
        return [Gap("rules.required_status_checks", names, "absent")]
    present = [c for c in found.get("required_status_checks") or [] if isinstance(c, dict)]
    missing = [c for c in wanted if not any(
        p.get("context") == c.get("context") and (
            c.get("integration_id") is None or p.get("integration_id") == c.get("integration_id"))
        for p in present)]
    gaps = []
    if missing:
        gaps.append(Gap("rules.required_status_checks", names,
                        ", ".join(_check_name(c) for c in present) or "no required checks"))
    if want.get("strict_required_status_checks_policy") and not found.get(
            "strict_required_status_checks_policy"):
        gaps.append(Gap("rules.required_status_checks.strict_required_status_checks_policy",
                        "true", "false"))
    return gaps


def _check_name(check: dict[str, Any]) -> str:
    source = check.get("integration_id")
    if source is None:
        return f"`{check.get('context')}` (from any source)"
    if source == gate.ACTIONS_APP_ID:
        return f"`{check.get('context')}` (from GitHub Actions)"
    return f"`{check.get('context')}` (from app {source})"
