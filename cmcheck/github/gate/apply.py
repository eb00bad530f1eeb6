"""`cmcheck settings --apply`: make GitHub match the declaration, with an administrator's token.

The plan is worked out from what GitHub says now, so that a second run finds nothing to do and
writes nothing. Only what cmcheck declares is touched: the ruleset with the declared name is
created or updated in place (never a second one; other rulesets are left as they are), and an
update never lowers what GitHub's has stricter than the declaration (`stricter.merged`: two
approvals set by hand stay two, an extra rule stays); forking is turned off, the
`notifications` environment deploys from `main` only (other branch policies there are
removed), and the workflow token is read-only and cannot approve pull requests.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from typing import Any, NamedTuple

from cmcheck.github.api import ApiError, Client
from cmcheck.github.gate import declared as gate
from cmcheck.github.gate import read as gate_read
from cmcheck.github.gate import stricter

WORKFLOW_PERMISSIONS = {"default_workflow_permissions": "read",
                        "can_approve_pull_request_reviews": False}
CUSTOM_POLICIES = {"deployment_branch_policy": {"protected_branches": False,
                                                "custom_branch_policies": True}}


class NotAdministrator(Exception):
    """The token cannot change the repository's settings; nothing was written (exit 2)."""


class Step(NamedTuple):
    says: str  # what a person reads before it is done
    method: str
    tail: str  # under /repos/{owner}/{repo}/, "" for the repository itself
    body: dict[str, Any] | None


def plan(client: Client, declared: dict[str, Any]) -> list[Step]:
    """Every write needed, read before the first one; refused outright for a token that may
    not administer the repository."""
    repo = gate_read.repository(client)
    if not gate_read.can_administer(repo):
        raise NotAdministrator(
            "this token cannot administer the repository, so nothing was changed: run "
            "`cmcheck settings --apply` with the token of a repository administrator "
            "(Administration: read and write), or import .github/rulesets/main.json by hand "
            "in Settings → Rules → Rulesets")
    try:
        return _steps(client, declared, repo)
    except gate_read.Refused as refused:
        # Even an administrator is refused where the plan lacks the feature, or where a
        # fine-grained token lacks a permission: a plan half read would write the wrong things.
        raise NotAdministrator(
            "this token may not read all the settings to change, so nothing was changed: it "
            f"needs {refused.needs}. On a private repository, rulesets and environments also "
            "need GitHub Pro, Team or Enterprise") from None


def _steps(client: Client, declared: dict[str, Any], repo: dict[str, Any]) -> list[Step]:
    steps: list[Step] = []
    ruleset = gate_read.ruleset_named(client, declared["name"])
    if ruleset is None:
        steps.append(Step(f"create the ruleset {declared['name']!r} from {gate.RULESET_FILE}",
                          "POST", "rulesets", declared))
    else:
        target = stricter.merged(ruleset, declared)
        raised = [n.setting for n in stricter.differences(ruleset, target)]
        if raised or ruleset.get("target") != target.get("target"):
            kept = [n.setting for n in stricter.differences(ruleset, declared)
                    if n.stricter != stricter.DECLARATION]
            steps.append(Step(
                f"update the ruleset {declared['name']!r} (id {ruleset['id']}) in place to "
                f"match {gate.RULESET_FILE}" + (f", keeping GitHub's {', '.join(kept)}"
                                                if kept else ""),
                "PUT", f"rulesets/{int(ruleset['id'])}", target))
    if repo.get("allow_forking") is not False:
        steps.append(Step("turn forking off", "PATCH", "", {"allow_forking": False}))
    steps += _environment_steps(client)
    if any(gate_read.workflow_permissions(client).get(key) != value
           for key, value in WORKFLOW_PERMISSIONS.items()):
        steps.append(Step("make the workflow token read-only by default, unable to approve "
                          "pull requests", "PUT", "actions/permissions/workflow",
                          WORKFLOW_PERMISSIONS))
    return steps


def _environment_steps(client: Client) -> list[Step]:
    where = f"environments/{gate.ENVIRONMENT}"
    found = gate_read.environment(client)
    policy = found.get("deployment_branch_policy") if found else None
    steps = []
    if found is None or not isinstance(policy, dict) or not policy.get("custom_branch_policies"):
        says = f"create the {gate.ENVIRONMENT!r} environment, for chosen branches only" \
            if found is None else f"limit the {gate.ENVIRONMENT!r} environment to chosen branches"
        steps.append(Step(says, "PUT", where, CUSTOM_POLICIES))
    policies = gate_read.branch_policies(client) if steps == [] else []
    if not any(p.get("name") == gate.DEPLOY_FROM and p.get("type", "branch") == "branch"
               for p in policies):
        steps.append(Step(f"let `{gate.DEPLOY_FROM}` deploy to {gate.ENVIRONMENT!r}", "POST",
                          f"{where}/deployment-branch-policies",
                          {"name": gate.DEPLOY_FROM, "type": "branch"}))
    steps += [Step(f"remove the deployment policy for {p.get('type', 'branch')} "
                   f"{p.get('name')!r} from {gate.ENVIRONMENT!r}", "DELETE",
                   f"{where}/deployment-branch-policies/{int(p['id'])}", None)
              for p in policies
              if (p.get("name"), p.get("type", "branch")) != (gate.DEPLOY_FROM, "branch")]
    return steps


def apply(client: Client, steps: list[Step], *, say: Callable[[str], None]) -> None:
    """Each step said, then done; an error stops the run where it is (a second run resumes)."""
    for step in steps:
        say(f"- {step.says}")
        path = client.repo_path(step.tail) if step.tail else f"/repos/{client.repository}"
        try:
            client.send(step.method, urllib.parse.quote(path, safe="/"), step.body)
        except ApiError as error:
            raise ApiError(f"stopped at: {step.says}: {error}. The change(s) listed before it "
                           "were made; put this right and run `cmcheck settings --apply` again, "
                           "it carries on from there", status=error.status) from None
