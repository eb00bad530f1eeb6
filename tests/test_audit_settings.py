"""The daily audit verifies the gate: a setting weakened on GitHub is a violation of its own kind
(`settings`, with the setting's id) in the JSON, the Markdown report and so the coordinator's
issue, read with the workflow's own token; what that token may not read is said, not passed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cmcheck.core.judge.reporters.github import escape_markdown
from cmcheck.core.model.codeowners import render
from cmcheck.github.gate import declared as gate
from tests import fake_github as gh
from tests.conftest import REPO_ROOT, Repo, run
from tests.fake_gate import Gate
from tests.test_settings import RULESET_WEAKENINGS, holding


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    made = Gate()
    for _ in gh.serve_to_cmcheck(gh.State(route=made.route), monkeypatch):
        yield made


@pytest.fixture
def main(repo: Repo) -> Path:
    shutil.copy(REPO_ROOT / gate.RULESET_FILE, repo.write(gate.RULESET_FILE, ""))
    repo.commit("Declare the gate", "2026-11-01T10:00:00-05:00",
                {".github/CODEOWNERS": render(["qcsd-techcoord"]), "changes/.keep": ""})
    return repo.root


def audit(root: Path, fmt: str = "json") -> tuple[int, str]:
    result = run(root, "audit", "--now", "2026-12-01T09:00", "--format", fmt)
    return result.exit_code, result.output


def test_a_rule_turned_off_is_in_the_audit_with_its_id_and_threat(world: Gate,
                                                                   main: Path) -> None:
    (number,) = holding(world).rulesets
    RULESET_WEAKENINGS["rules.pull_request.require_code_owner_review"](world.rulesets[number])
    code, output = audit(main)
    report = json.loads(output)
    assert code == 1
    assert [(v["kind"], v["change"], v["path"]) for v in report["violations"]] == [
        ("settings", "rules.pull_request.require_code_owner_review", gate.RULESET_FILE)]
    assert gate.THREATS["rules.pull_request.require_code_owner_review"] in \
        report["violations"][0]["message"]
    # The workflow's token cannot read these (nor so whether anyone may bypass the rules);
    # the report says so.
    assert {u["setting"] for u in report["unverified"]} == {
        "ruleset.bypass_actors", "actions.default_workflow_permissions",
        "actions.can_approve_pull_request_reviews", "rules.deletion", "rules.non_fast_forward",
        "rules.pull_request", "rules.required_status_checks"}
    code, markdown = audit(main, "markdown")
    assert "## Repository settings weaker than declared (each opens a door) (1)" in markdown
    setting = escape_markdown("rules.pull_request.require_code_owner_review")
    assert f"| {setting} | <code>.github/rulesets/main.json</code> |" in markdown
    assert "Not verified" in markdown and "`ruleset.bypass_actors`" in markdown


def test_the_declared_gate_is_quiet(world: Gate, main: Path) -> None:
    holding(world)
    code, output = audit(main, "text")
    assert code == 0 and output.startswith("no violations as of"), output


def test_an_environment_opened_to_every_branch_is_in_the_audit(world: Gate,
                                                                main: Path) -> None:
    holding(world).environments["notifications"] = None
    code, output = audit(main)
    assert code == 1
    assert [v["change"] for v in json.loads(output)["violations"]] == [
        "environment.notifications.deployment_branch_policy"]


def test_a_declaration_weakened_on_main_is_itself_a_violation(world: Gate, repo: Repo,
                                                              main: Path) -> None:
    holding(world)
    declared = json.loads((main / gate.RULESET_FILE).read_text())
    RULESET_WEAKENINGS["rules.pull_request"](declared)
    repo.commit("Loosen the gate", "2026-11-02T10:00:00-05:00",
                {gate.RULESET_FILE: json.dumps(declared)})
    code, output = audit(main)
    (violation,) = json.loads(output)["violations"]
    assert code == 1 and (violation["kind"], violation["change"]) == ("settings", "gate")
    assert "declares less than cmcheck's controls need" in violation["message"]


def test_a_repository_without_a_declaration_is_held_to_the_floor(world: Gate,
                                                                   repo: Repo) -> None:
    """No declaration is no excuse (issue 23, item 4): the missing file is a violation, and
    GitHub's settings are checked against the floor in code all the same."""
    repo.commit("Nothing declared", "2026-11-01T10:00:00-05:00", {"changes/.keep": ""})
    code, output = audit(repo.root)
    found = [v["change"] for v in json.loads(output)["violations"]]
    assert code == 1
    assert found[0] == "gate" and {"ruleset.enforcement", "rules.pull_request",
                                   "repository.allow_forking", "codeowners"} <= set(found)
