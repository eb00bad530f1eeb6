"""`cmcheck settings`: the repository's gate on the loopback GitHub, against the declaration.

Each weakening of a setting the controls rest on is set on the fake and must come back as a
finding with its id, with the administrator's token, and (where GitHub lets it read the
setting) with the workflow's token too; what a token may not read is "not verified", never a
pass. `--apply` converges a blank repository, writes nothing the second time, updates a
weakened ruleset in place and leaves a foreign ruleset alone.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cmcheck.core.model.codeowners import render
from cmcheck.github.gate import declared as gate
from tests import fake_github as gh
from tests.conftest import FIXTURES, REPO_ROOT, Repo, run
from tests.fake_gate import Gate

DECLARED: dict[str, Any] = json.loads((REPO_ROOT / gate.RULESET_FILE).read_text())
HOLDS: dict[str, list[Any]] = {"findings": [], "unverified": [], "notices": []}


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    made = Gate()
    state = gh.State(route=made.route)
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        yield made


@pytest.fixture
def tree(repo: Repo) -> Path:
    """A repository with the declaration and a CODEOWNERS naming the test policy's coordinator."""
    shutil.copy(REPO_ROOT / gate.RULESET_FILE, repo.write(gate.RULESET_FILE, ""))
    repo.write(".github/CODEOWNERS", render(["qcsd-techcoord"]))
    repo.commit("Declare the gate", "2026-11-01T10:00:00-05:00")
    return repo.root


def holding(world: Gate) -> Gate:
    """The declared state, as `--apply` leaves it."""
    return world.holding()


def settings(root: Path, *args: str, token: str = gh.ADMIN_TOKEN,
             monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, Any]]:
    monkeypatch.setenv("GITHUB_TOKEN", token)
    result = run(root, "settings", "--format", "json", *args)
    assert token not in result.output
    return result.exit_code, json.loads(result.output) if result.exit_code < 2 else {}


def ids(report: dict[str, Any]) -> list[str]:
    return [f["setting"] for f in report["findings"]]


def test_the_declared_state_holds(world: Gate, tree: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    holding(world)
    code, report = settings(tree, monkeypatch=monkeypatch)
    assert (code, report) == (0, HOLDS)


def test_the_workflow_token_verifies_what_it_may_read_and_names_the_rest(
        world: Gate, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    holding(world)
    code, report = settings(tree, token=gh.TOKEN, monkeypatch=monkeypatch)
    assert code == 0 and report["findings"] == []
    (number,) = world.rulesets
    admin = "an administrator's token (Administration: read)"
    # The rules come from a ruleset whose bypass actors this token may not see: not a pass.
    bypass = f"{admin}, to read who may bypass ruleset {number} 'main'"
    assert {u["setting"]: u["needs"] for u in report["unverified"]} == {
        "rules.deletion": bypass, "rules.non_fast_forward": bypass,
        "rules.pull_request": bypass, "rules.required_status_checks": bypass,
        "ruleset.bypass_actors": admin,
        "actions.default_workflow_permissions": admin,
        "actions.can_approve_pull_request_reviews": admin}


def test_a_stricter_state_holds(world: Gate, tree: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    stricter = copy.deepcopy(DECLARED)
    review = stricter["rules"][2]["parameters"]
    review["required_approving_review_count"] = 2
    stricter["rules"][3]["parameters"]["required_status_checks"].append(
        {"context": "zizmor", "integration_id": gate.ACTIONS_APP_ID})
    holding(world).rulesets = {}
    world.add_ruleset(stricter)
    world.add_ruleset({"name": "tags", "target": "tag", "enforcement": "active",
                       "conditions": {"ref_name": {"include": ["~ALL"], "exclude": []}},
                       "rules": [{"type": "deletion"}]})
    world.organization_rules.append({"type": "pull_request", "ruleset_source_type":
                                     "Organization", "ruleset_source": "qcsd", "ruleset_id": 9,
                                     "parameters": {"required_approving_review_count": 0,
                                                    "dismiss_stale_reviews_on_push": False,
                                                    "require_code_owner_review": False,
                                                    "require_last_push_approval": False,
                                                    "required_review_thread_resolution": False}})
    code, report = settings(tree, monkeypatch=monkeypatch)
    assert (code, report["findings"], report["unverified"]) == (0, [], [])
    # Told, as notices naming the stricter side; `--apply` keeps them (tests/attacks/).
    assert [(n["setting"], n["stricter"]) for n in report["notices"]] == [
        ("rules.pull_request.required_approving_review_count", "GitHub"),
        ("rules.required_status_checks.required_status_checks", "GitHub")]


def _rule(kind: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda ruleset: next(r for r in ruleset["rules"] if r["type"] == kind)


def _drop(kind: str) -> Callable[[dict[str, Any]], None]:
    def weaken(ruleset: dict[str, Any]) -> None:
        ruleset["rules"] = [r for r in ruleset["rules"] if r["type"] != kind]
    return weaken


def _set(kind: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def weaken(ruleset: dict[str, Any]) -> None:
        _rule(kind)(ruleset)["parameters"][key] = value
    return weaken


RULESET_WEAKENINGS: dict[str, Callable[[dict[str, Any]], None]] = {
    "ruleset.enforcement": lambda r: r.update(enforcement="evaluate"),
    "ruleset.conditions": lambda r: r.update(
        conditions={"ref_name": {"include": ["refs/heads/release"], "exclude": []}}),
    "ruleset.bypass_actors": lambda r: r.update(bypass_actors=[
        {"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "always"}]),
    "rules.deletion": _drop("deletion"),
    "rules.non_fast_forward": _drop("non_fast_forward"),
    "rules.pull_request": _drop("pull_request"),
    "rules.pull_request.required_approving_review_count":
        _set("pull_request", "required_approving_review_count", 0),
    "rules.pull_request.dismiss_stale_reviews_on_push":
        _set("pull_request", "dismiss_stale_reviews_on_push", False),
    "rules.pull_request.require_code_owner_review":
        _set("pull_request", "require_code_owner_review", False),
    "rules.pull_request.require_last_push_approval":
        _set("pull_request", "require_last_push_approval", False),
    "rules.pull_request.allowed_merge_methods":
        _set("pull_request", "allowed_merge_methods", ["merge", "squash"]),
    "rules.required_status_checks": _set(
        "required_status_checks", "required_status_checks",
        [{"context": "cmcheck validate", "integration_id": gate.ACTIONS_APP_ID}]),
    "rules.required_status_checks.strict_required_status_checks_policy":
        _set("required_status_checks", "strict_required_status_checks_policy", False),
}
# What GitHub shows the workflow's token: everything but the ruleset's bypass actors.
HIDDEN_FROM_THE_WORKFLOW = {"ruleset.bypass_actors"}


@pytest.mark.parametrize("setting", sorted(RULESET_WEAKENINGS))
@pytest.mark.parametrize("token", [gh.ADMIN_TOKEN, gh.TOKEN], ids=["admin", "workflow"])
def test_each_weakened_rule_is_found_with_its_id(world: Gate, tree: Path, setting: str,
                                                 token: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (number,) = holding(world).rulesets
    RULESET_WEAKENINGS[setting](world.rulesets[number])
    code, report = settings(tree, token=token, monkeypatch=monkeypatch)
    if token == gh.TOKEN and setting in HIDDEN_FROM_THE_WORKFLOW:
        assert code == 0 and setting in [u["setting"] for u in report["unverified"]]
        return
    assert code == 1 and setting in ids(report)
    (found,) = [f for f in report["findings"] if f["setting"] == setting]
    assert found["threat"] == gate.THREATS[setting] and found["want"] and found["got"]


def test_a_status_anyone_may_post_does_not_stand_for_the_workflows_check(
        world: Gate, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (number,) = holding(world).rulesets
    _set("required_status_checks", "required_status_checks",
         [{"context": "cmcheck validate"}, {"context": "cmcheck approval"}])(
        world.rulesets[number])
    code, report = settings(tree, monkeypatch=monkeypatch)
    assert code == 1 and ids(report) == ["rules.required_status_checks"]
    assert "(from any source)" in report["findings"][0]["got"]


REPOSITORY_WEAKENINGS: dict[str, Callable[[Gate], None]] = {
    "repository.allow_forking": lambda w: setattr(w, "allow_forking", True),
    "environment.notifications": lambda w: w.environments.clear(),
    "environment.notifications.deployment_branch_policy": lambda w: w.branch_policies[
        "notifications"].append({"id": 8, "name": "*", "type": "branch"}),
    "actions.default_workflow_permissions": lambda w: w.workflow.update(
        default_workflow_permissions="write"),
    "actions.can_approve_pull_request_reviews": lambda w: w.workflow.update(
        can_approve_pull_request_reviews=True),
}


@pytest.mark.parametrize("setting", sorted(REPOSITORY_WEAKENINGS))
@pytest.mark.parametrize("token", [gh.ADMIN_TOKEN, gh.TOKEN], ids=["admin", "workflow"])
def test_each_weakened_repository_setting_is_found_with_its_id(
        world: Gate, tree: Path, setting: str, token: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    REPOSITORY_WEAKENINGS[setting](holding(world))
    code, report = settings(tree, token=token, monkeypatch=monkeypatch)
    if token == gh.TOKEN and setting.startswith("actions."):
        assert code == 0 and setting in [u["setting"] for u in report["unverified"]]
        return
    assert (code, ids(report)) == (1, [setting])


def test_an_environment_any_branch_may_deploy_to_is_found(
        world: Gate, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    holding(world).environments["notifications"] = None
    code, report = settings(tree, token=gh.TOKEN, monkeypatch=monkeypatch)
    assert (code, ids(report)) == (1, ["environment.notifications.deployment_branch_policy"])
    assert report["findings"][0]["got"] == "every branch may deploy"


@pytest.mark.parametrize("problem", ["missing", "stale"])
def test_codeowners_missing_or_stale_is_found(world: Gate, repo: Repo, tree: Path,
                                              problem: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    holding(world)
    if problem == "missing":
        (tree / ".github" / "CODEOWNERS").unlink()
    else:
        (tree / ".github" / "CODEOWNERS").write_text(render(["someone-else"]))
    code, report = settings(tree, monkeypatch=monkeypatch)
    assert (code, ids(report)) == (1, ["codeowners"])


def test_text_and_markdown_name_the_threat(world: Gate, tree: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (number,) = holding(world).rulesets
    RULESET_WEAKENINGS["rules.pull_request.require_code_owner_review"](world.rulesets[number])
    text = run(tree, "settings")
    assert text.exit_code == 1
    assert ("rules.pull_request.require_code_owner_review: want true; found false\n"
            f"  threat: {gate.THREATS['rules.pull_request.require_code_owner_review']}"
            ) in text.output
    markdown = run(tree, "settings", "--format", "markdown")
    assert "| `rules.pull_request.require_code_owner_review` | true | false |" in markdown.output


def test_a_refused_token_cannot_tell(world: Gate, tree: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_not_a_token_of_this_repository")
    result = run(tree, "settings")
    assert result.exit_code == 2 and "401" in result.output
    assert "ghp_not_a_token_of_this_repository" not in result.output


def test_a_declaration_below_the_floor_is_refused(world: Gate, repo: Repo, tree: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    weaker = copy.deepcopy(DECLARED)
    RULESET_WEAKENINGS["rules.pull_request.require_code_owner_review"](weaker)
    repo.write(gate.RULESET_FILE, json.dumps(weaker))
    holding(world)
    result = run(tree, "settings")
    assert result.exit_code == 2
    assert "declares less than cmcheck's controls need" in result.output
    assert "rules.pull_request.require_code_owner_review" in result.output


def test_the_declaration_is_what_githubs_create_endpoint_takes() -> None:
    from tests import openapi

    assert openapi.request_problems("POST", f"/repos/{gh.REPOSITORY}/rulesets", DECLARED) == []
    assert DECLARED["bypass_actors"] == [] and DECLARED["enforcement"] == "active"


def test_the_declared_checks_are_the_jobs_the_workflows_run() -> None:
    import yaml

    names = set()
    for workflow in (REPO_ROOT / ".github" / "workflows").glob("*.yml"):
        for job in (yaml.safe_load(workflow.read_text()).get("jobs") or {}).values():
            names.add(job.get("name"))
    checks = gate.rules_of(DECLARED)["required_status_checks"]["required_status_checks"]
    assert {c["context"] for c in checks} == {"cmcheck validate", "cmcheck approval"}
    assert {c["context"] for c in checks} <= names
    assert {c["integration_id"] for c in checks} == {gate.ACTIONS_APP_ID}


def test_the_committed_codeowners_is_generated_from_the_policy() -> None:
    from cmcheck.core import catalog

    coordinators = catalog.policy_in(REPO_ROOT).coordinators
    assert (REPO_ROOT / ".github" / "CODEOWNERS").read_text() == render(coordinators)
    assert FIXTURES.is_dir()
