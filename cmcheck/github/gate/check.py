"""`cmcheck settings`: does GitHub hold the gate the repository declares?

Every setting is read with the token at hand: the workflow's own token reads the rules in force
(Metadata: read) and the environment (actions: read); the rulesets' bypass actors and the default
workflow permissions only an administrator's token can read, and with a weaker token they are
listed as not verified, with the permission needed. A rule counts only when it comes from a
ruleset nobody may bypass (`sources`), so with the workflow's token the rules themselves are
not verified either, though a rule missing from every ruleset is still a finding.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cmcheck.core.judge.rules import codeowners as rule
from cmcheck.github.api import Client
from cmcheck.github.gate import declared as gate
from cmcheck.github.gate import read as gate_read
from cmcheck.github.gate import sources, stricter
from cmcheck.github.gate.compare import Gap, Unverified, Verdict


def verify(client: Client, *, declared: dict[str, Any], coordinators: list[str] | None,
           root: Path) -> Verdict:
    """GitHub's gate against `declared` (the declaration, or the floor where there is none):
    only rules from rulesets nobody may bypass count towards it."""
    verdict = Verdict()
    found = gate_read.repository(client)
    rules = gate_read.rules_in_force(client, found["default_branch"])
    gaps, unverified = sources.judge(gate.rules_of(declared), rules,
                                     sources.sources_of(client, rules))
    verdict.findings += gaps
    verdict.unverified += unverified
    for part, settings in PARTS:
        try:
            verdict.findings += part(client, declared, found, verdict)
        except gate_read.Refused as refused:
            verdict.unverified += [Unverified(setting, refused.needs) for setting in settings]
        except gate_read.Unavailable as missing:  # the plan's doing: a gap, said with its cause
            verdict.findings += [Gap(setting, "available and set", f"not available: {missing}")
                                 for setting in settings]
    verdict.findings += codeowners(root, coordinators)
    return verdict


def _ruleset(client: Client, declared: dict[str, Any], repo: dict[str, Any],
             verdict: Verdict) -> list[Gap]:
    ruleset = gate_read.ruleset_named(client, declared["name"])
    if ruleset is None:
        return [Gap("ruleset.enforcement", f"a ruleset named {declared['name']!r}, active",
                    "no such ruleset")]
    verdict.notices += stricter.differences(ruleset, declared)
    gaps = []
    if ruleset.get("enforcement") != "active":
        gaps.append(Gap("ruleset.enforcement", "active", str(ruleset.get("enforcement"))))
    if not gate.covers_default_branch(ruleset.get("conditions"), repo["default_branch"]):
        gaps.append(Gap("ruleset.conditions", "includes ~DEFAULT_BRANCH",
                        json.dumps(ruleset.get("conditions"))))
    if "bypass_actors" not in ruleset:  # GitHub shows them only to who may edit the ruleset
        verdict.unverified.append(Unverified("ruleset.bypass_actors", gate_read.ADMIN_READ))
    elif ruleset["bypass_actors"]:
        gaps.append(Gap("ruleset.bypass_actors", "none", ", ".join(
            f"{a.get('actor_type')} {a.get('actor_id')} ({a.get('bypass_mode', 'always')})"
            for a in ruleset["bypass_actors"] if isinstance(a, dict))))
    return gaps


def _forking(client: Client, declared: dict[str, Any], repo: dict[str, Any],
             verdict: Verdict) -> list[Gap]:
    if "allow_forking" not in repo:
        raise gate_read.Refused(gate_read.ADMIN_READ)
    if repo["allow_forking"] is not False:
        return [Gap("repository.allow_forking", "false", json.dumps(repo["allow_forking"]))]
    return []


def _environment(client: Client, declared: dict[str, Any], repo: dict[str, Any],
                 verdict: Verdict) -> list[Gap]:
    found = gate_read.environment(client)
    if found is None:
        return [Gap("environment.notifications", f"an environment named {gate.ENVIRONMENT!r}",
                    "absent")]
    setting = "environment.notifications.deployment_branch_policy"
    want = f"custom branch policies: `{gate.DEPLOY_FROM}` only"
    policy = found.get("deployment_branch_policy")
    if not isinstance(policy, dict):
        return [Gap(setting, want, "every branch may deploy")]
    if not policy.get("custom_branch_policies"):
        return [Gap(setting, want, "protected branches")]
    others = [p for p in gate_read.branch_policies(client)
              if (p.get("name"), p.get("type", "branch")) != (gate.DEPLOY_FROM, "branch")]
    if others:
        return [Gap(setting, want, ", ".join(f"{p.get('type', 'branch')} {p.get('name')}"
                                             for p in others) + " may deploy too")]
    return []


def _actions(client: Client, declared: dict[str, Any], repo: dict[str, Any],
             verdict: Verdict) -> list[Gap]:
    found = gate_read.workflow_permissions(client)
    gaps = []
    if found.get("default_workflow_permissions") != "read":
        gaps.append(Gap("actions.default_workflow_permissions", "read",
                        str(found.get("default_workflow_permissions"))))
    if found.get("can_approve_pull_request_reviews") is not False:
        gaps.append(Gap("actions.can_approve_pull_request_reviews", "false",
                        json.dumps(found.get("can_approve_pull_request_reviews"))))
    return gaps


# Each part with the settings it covers, listed as not verified when the token may not read
# what the part reads.
PARTS: tuple[tuple[Callable[[Client, dict[str, Any], dict[str, Any], Verdict], list[Gap]],
                   tuple[str, ...]], ...] = (
    (_ruleset, ("ruleset.enforcement", "ruleset.conditions", "ruleset.bypass_actors")),
    (_forking, ("repository.allow_forking",)),
    (_environment, ("environment.notifications",
                    "environment.notifications.deployment_branch_policy")),
    (_actions, ("actions.default_workflow_permissions",
                "actions.can_approve_pull_request_reviews")),
)


def codeowners(root: Path, coordinators: list[str] | None) -> list[Gap]:
    """The CODEOWNERS GitHub would use, against the one `cmcheck codeowners` writes (the
    validate rule of the same name, which says nothing when there is no file at all)."""
    place = rule.place_in(root)
    want = "`.github/CODEOWNERS` as `cmcheck codeowners` writes it"
    if place is None:
        return [Gap("codeowners", want, "no CODEOWNERS file")]
    text = (root / place).read_text(encoding="utf-8", errors="replace")
    if coordinators is not None and any(rule.check(text, coordinators, path=place)):
        return [Gap("codeowners", want, f"`{place}` names other owners than policy.yaml's "
                                        "coordinators")]
    return []
