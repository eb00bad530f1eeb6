"""The gate every control rests on, as data: the branch ruleset the repository declares
(`.github/rulesets/main.json`, GitHub's own ruleset JSON), the floor no ruleset may go below,
and the threat each setting defends.

The floor is defined here once, in the core, because three places hold something to it: the
`gate` rule holds a pull request's declaration to it before the merge, `cmcheck settings`
refuses a declaration below it, and the audit holds the live ruleset to it, whether or not a
declaration is on `main`. Each setting has a stable id and the threat it defends (a row of
docs/coordinator.md's threat table), so that a setting found weaker names the door it opens.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

RULESET_FILE = ".github/rulesets/main.json"
RULESET_NAME = "main"
# GitHub Actions' app id: a required check pinned to it can only be satisfied by a workflow's
# job, not by a commit status that anyone with write access may post through the API.
ACTIONS_APP_ID = 15368
# GitHub's default when a pull_request rule names no merge methods: all three are allowed.
ALL_MERGE_METHODS = ("merge", "squash", "rebase")

THREATS: dict[str, str] = {
    "ruleset.enforcement":
        "the branch rule is not enforced: anyone with write access merges or pushes to main "
        "without a coordinator's approval",
    "ruleset.conditions":
        "the branch rule does not cover the default branch: main takes merges without approval",
    "ruleset.bypass_actors":
        "someone may bypass the branch rule and merge without the coordinator's approval",
    "rules.deletion":
        "main can be deleted, and with it the audit trail and the ledger's place in history",
    "rules.non_fast_forward":
        "main can be force-pushed: approved history is rewritten and the audit sees only the "
        "rewritten one",
    "rules.pull_request":
        "changes reach main without a pull request, so without review or checks",
    "rules.pull_request.required_approving_review_count":
        "a pull request merges without an approving review",
    "rules.pull_request.dismiss_stale_reviews_on_push":
        "an approval survives new commits: approve a harmless change, then push the real one",
    "rules.pull_request.require_code_owner_review":
        "any reviewer's approval merges: the coordinators (CODEOWNERS) need not be asked",
    "rules.pull_request.require_last_push_approval":
        "whoever pushed last can approve their own push",
    "rules.pull_request.allowed_merge_methods":
        "squash or rebase merges rewrite commits: history loses when each request was first "
        "committed, which the notice clock and the audit read",
    "rules.required_status_checks":
        "a pull request merges without `cmcheck validate` or `cmcheck approval` passing, or "
        "with a status anyone can post instead of the workflow's check",
    "rules.required_status_checks.strict_required_status_checks_policy":
        "a pull request merges on checks run against an older main: a conflicting change or a "
        "changed policy goes unchecked",
    "repository.allow_forking":
        "a fork's pull request runs without the repository's checks and secrets, and the notice "
        "clock can only trust the author's dates there",
    "environment.notifications":
        "no `notifications` environment: the SMTP password and the ledger key are "
        "repository secrets that any branch's workflow can read",
    "environment.notifications.deployment_branch_policy":
        "a technician's branch can deploy to `notifications`: its workflow reads the SMTP "
        "password and the ledger key, and can forge ledger records that silence notices",
    "actions.default_workflow_permissions":
        "workflows get a write token by default: a pull request's workflow can push, label "
        "or comment with the repository's authority",
    "actions.can_approve_pull_request_reviews":
        "a workflow can approve pull requests: an approval that is nobody's decision counts "
        "towards the branch rule",
    "codeowners":
        "no CODEOWNERS naming the coordinators: code-owner review asks nobody, so the "
        "coordinator's review is not required",
}

# The least the branch's rules may ask for; the committed declaration asks exactly this.
FLOOR: dict[str, dict[str, Any]] = {
    "deletion": {},
    "non_fast_forward": {},
    "pull_request": {
        "required_approving_review_count": 1,
        "dismiss_stale_reviews_on_push": True,
        "require_code_owner_review": True,
        "require_last_push_approval": True,
        "allowed_merge_methods": ["merge"],
    },
    "required_status_checks": {
        "strict_required_status_checks_policy": True,
        "required_status_checks": [
            {"context": "cmcheck validate", "integration_id": ACTIONS_APP_ID},
            {"context": "cmcheck approval", "integration_id": ACTIONS_APP_ID},
        ],
    },
}


class Gap(NamedTuple):
    """One setting found missing or weaker than wanted."""

    setting: str
    want: str
    got: str

    @property
    def threat(self) -> str:
        return THREATS[self.setting]


def floor_ruleset() -> dict[str, Any]:
    """The floor as a whole ruleset: what the audit holds GitHub to when the declaration on
    `main` is missing or below the floor."""
    return {"name": RULESET_NAME, "target": "branch", "enforcement": "active",
            "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
            "bypass_actors": [],
            "rules": [{"type": kind, **({"parameters": json.loads(json.dumps(parameters))}
                                        if parameters else {})}
                      for kind, parameters in FLOOR.items()]}


def rules_of(ruleset: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """type -> parameters of a ruleset's rules."""
    found: dict[str, dict[str, Any]] = {}
    for rule in ruleset.get("rules") or []:
        if isinstance(rule, dict) and isinstance(rule.get("type"), str):
            parameters = rule.get("parameters")
            found[rule["type"]] = parameters if isinstance(parameters, dict) else {}
    return found


def covers_default_branch(conditions: Any, default: str) -> bool:
    """Whether ref_name conditions include the default branch and do not exclude it."""
    if not isinstance(conditions, dict) or not isinstance(conditions.get("ref_name"), dict):
        return False
    names = conditions["ref_name"]
    wanted = {"~DEFAULT_BRANCH", "~ALL", f"refs/heads/{default}"}
    include, exclude = names.get("include") or [], names.get("exclude") or []
    if not isinstance(include, list) or not isinstance(exclude, list):
        return False
    return bool(wanted & {str(n) for n in include}) and not wanted & {str(n) for n in exclude}


def below_floor(ruleset: dict[str, Any]) -> list[Gap]:
    """What a declared ruleset leaves out of what approval, the notice clock and the audit rest
    on: a pull request that edits the declaration cannot lower the gate below this."""
    problems = []
    if ruleset.get("name") != RULESET_NAME or ruleset.get("target", "branch") != "branch":
        problems.append(Gap("ruleset.name", f'the branch ruleset named "{RULESET_NAME}"',
                            json.dumps(ruleset.get("name"))))
    if ruleset.get("enforcement") != "active":
        problems.append(Gap("ruleset.enforcement", '"active"',
                            json.dumps(ruleset.get("enforcement"))))
    if ruleset.get("bypass_actors"):
        problems.append(Gap("ruleset.bypass_actors", "none", "someone may bypass it"))
    if not covers_default_branch(ruleset.get("conditions"), RULESET_NAME):
        problems.append(Gap("ruleset.conditions", "includes ~DEFAULT_BRANCH",
                            "does not cover the default branch"))
    return problems + compare_rules(FLOOR, rules_of(ruleset))


def compare_rules(want: dict[str, dict[str, Any]],
                  found: dict[str, dict[str, Any]]) -> list[Gap]:
    """Every wanted rule found missing or weaker; anything at least as strict holds."""
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
    have = found.get("required_approving_review_count")
    if isinstance(have, bool) or not isinstance(have, int) or have < count:
        gaps.append(Gap(setting + "required_approving_review_count", f"at least {count}",
                        json.dumps(have if have is not None else 0)))
    for flag in ("dismiss_stale_reviews_on_push", "require_code_owner_review",
                 "require_last_push_approval"):
        if want.get(flag) and found.get(flag) is not True:
            gaps.append(Gap(setting + flag, "true", json.dumps(found.get(flag, False))))
    allowed = want.get("allowed_merge_methods")
    methods = found.get("allowed_merge_methods") or list(ALL_MERGE_METHODS)
    if allowed is not None and (not isinstance(methods, list)
                                or not {str(m) for m in methods} <= set(allowed)):
        gaps.append(Gap(setting + "allowed_merge_methods", f"only {', '.join(allowed)}",
                        ", ".join(map(str, methods)) if isinstance(methods, list)
                        else json.dumps(methods)))
    return gaps


def _status_checks(want: dict[str, Any], found: dict[str, Any] | None) -> list[Gap]:
    wanted = [c for c in want.get("required_status_checks") or [] if isinstance(c, dict)]
    names = ", ".join(check_name(c) for c in wanted)
    if found is None:
        return [Gap("rules.required_status_checks", names, "absent")]
    listed = found.get("required_status_checks")
    present = [c for c in listed if isinstance(c, dict)] if isinstance(listed, list) else []
    missing = [c for c in wanted if not any(
        p.get("context") == c.get("context") and (
            c.get("integration_id") is None or p.get("integration_id") == c.get("integration_id"))
        for p in present)]
    gaps = []
    if missing:
        gaps.append(Gap("rules.required_status_checks", names,
                        ", ".join(check_name(c) for c in present) or "no required checks"))
    if want.get("strict_required_status_checks_policy") and found.get(
            "strict_required_status_checks_policy") is not True:
        gaps.append(Gap("rules.required_status_checks.strict_required_status_checks_policy",
                        "true", "false"))
    return gaps


def check_name(check: dict[str, Any]) -> str:
    source = check.get("integration_id")
    if source is None:
        return f"`{check.get('context')}` (from any source)"
    if source == ACTIONS_APP_ID:
        return f"`{check.get('context')}` (from GitHub Actions)"
    return f"`{check.get('context')}` (from app {source})"
