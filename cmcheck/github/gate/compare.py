"""GitHub's settings against the declaration: every setting found missing or weaker.

Anything at least as strict as declared holds: two approvals where one is declared, an extra
required check, an extra ruleset. Rules that several rulesets (of the repository or of its
organization) put on the default branch combine as GitHub combines them: every rule applies, so
the strictest value of each parameter is the one in force. Which rulesets may count at all is
`sources`' business: only one nobody may bypass.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from cmcheck.core.model.gate import ALL_MERGE_METHODS, RULESET_FILE, Gap, below_floor
from cmcheck.github.gate.stricter import Notice

__all__ = ["DeclarationError", "Gap", "Notice", "Unverified", "Verdict", "combine",
           "declared_ruleset"]


class DeclarationError(Exception):
    """The declaration cannot be read, or asks for less than the controls need (exit 2)."""


class Unverified(NamedTuple):
    """A setting the token may not read: never a pass, never a finding."""

    setting: str
    needs: str


@dataclass
class Verdict:
    findings: list[Gap] = field(default_factory=list)
    unverified: list[Unverified] = field(default_factory=list)
    # where GitHub's ruleset and the declaration differ, naming the stricter side
    notices: list[Notice] = field(default_factory=list)


def declared_ruleset(root: Path) -> dict[str, Any]:
    """The committed ruleset, refused when it asks for less than the controls need."""
    path = root / RULESET_FILE
    try:
        declared = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeclarationError(f"no {RULESET_FILE}: the branch rule must be declared "
                               "(see docs/coordinator.md)") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DeclarationError(f"{RULESET_FILE} is not readable JSON: {error}") from None
    if not isinstance(declared, dict):
        raise DeclarationError(f"{RULESET_FILE} must hold one JSON object, a ruleset")
    weaker = below_floor(declared)
    if weaker:
        raise DeclarationError(f"{RULESET_FILE} declares less than cmcheck's controls "
                               "need: " + "; ".join(f"{gap.setting} wants {gap.want}, "
                                                    f"declares {gap.got}" for gap in weaker))
    return declared


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
