"""The repository settings every control of cmcheck rests on: what they are, and why.

Approval is only the formal approval the procedure asks for while GitHub refuses a merge
without it, and the ledger's key only stays secret while the `notifications` environment keeps
it away from technicians' branches. Those are repository settings, so they are declared here:

- the branch rule, as GitHub's own ruleset JSON in `.github/rulesets/main.json` (reviewed in a
  pull request like any change, and importable by hand in Settings → Rules → Rulesets);
- the rest (forking, the environment, the workflow token, CODEOWNERS) in code, because they are
  requirements of the controls rather than a district's preference.

Each setting has a stable id and the threat it defends (a row of docs/coordinator.md's threat
table), so that a setting found weaker names the door it opens.
"""

from __future__ import annotations

from typing import Any

RULESET_FILE = ".github/rulesets/main.json"
ENVIRONMENT = "notifications"
DEPLOY_FROM = "main"
# GitHub Actions' app id: a required check pinned to it can only be satisfied by a workflow's
# job, not by a commit status that anyone with write access may post through the API.
ACTIONS_APP_ID = 15368

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
    return bool(wanted & set(include)) and not wanted & set(exclude)


# The least a ruleset may ask for; the committed declaration asks exactly this.
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
