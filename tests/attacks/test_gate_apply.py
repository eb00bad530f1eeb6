"""Issue 23, item 2: `cmcheck settings --apply` weakens a stricter live ruleset.

The attack (or the accident): the coordinator tightened the ruleset `main` by hand, 2 required
approvals and a `required_signatures` rule. `cmcheck settings` said all was well, and the next
`--apply` PUT the declaration back, 1 approval and no signatures: a tool run to make the gate
safe made it weaker, silently.

The defence: `--apply` never lowers a live setting that meets or beats the floor; it writes
the stricter of GitHub's and the declaration's for each setting, and nothing at all when
GitHub's is already at least the declaration everywhere. `cmcheck settings` tells each
difference between GitHub's ruleset and the declaration as a notice naming the stricter side.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from click.testing import Result

from cmcheck.github.gate import declared as gate
from tests import fake_github as gh
from tests.conftest import run
from tests.fake_gate import Gate
from tests.test_settings import DECLARED, settings, tree

__all__ = ["tree"]  # the fixture, shared with test_settings.py


class World(NamedTuple):
    gate: Gate
    state: gh.State


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    made = Gate()
    state = gh.State(route=made.route)
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        yield World(made, state)
    assert state.invalid == []


def apply(root: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.setenv("GITHUB_TOKEN", gh.ADMIN_TOKEN)
    return run(root, "settings", "--apply")


def stricter_by_hand(world: Gate) -> int:
    """The declared state, then 2 approvals and a signatures rule added in GitHub's settings."""
    (number,) = world.holding().rulesets
    ruleset = world.rulesets[number]
    rule = next(r for r in ruleset["rules"] if r["type"] == "pull_request")
    rule["parameters"]["required_approving_review_count"] = 2
    ruleset["rules"].append({"type": "required_signatures"})
    return number


def _rules(ruleset: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return gate.rules_of(ruleset)


def test_apply_keeps_a_stricter_live_ruleset(world: World, tree: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    number = stricter_by_hand(world.gate)
    before = copy.deepcopy(world.gate.rulesets[number])
    result = apply(tree, monkeypatch)
    assert result.exit_code == 0, result.output
    assert world.gate.writes == [], result.output
    assert world.gate.rulesets[number] == before
    rules = _rules(world.gate.rulesets[number])
    assert rules["pull_request"]["required_approving_review_count"] == 2
    assert "required_signatures" in rules


def test_settings_names_the_stricter_side_of_each_difference(
        world: World, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stricter_by_hand(world.gate)
    code, report = settings(tree, monkeypatch=monkeypatch)
    assert code == 0 and report["findings"] == [], report
    notices = {n["setting"]: n for n in report.get("notices", [])}
    assert set(notices) == {"rules.pull_request.required_approving_review_count",
                            "rules.required_signatures"}, report
    assert {n["stricter"] for n in notices.values()} == {"GitHub"}
    text = run(tree, "settings").output
    assert "notice: rules.pull_request.required_approving_review_count: GitHub's ruleset " \
           "'main' is stricter (2; the declaration says 1)" in text


def test_apply_raises_what_is_weaker_and_keeps_what_is_stricter(
        world: World, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ruleset stricter in one place and below the floor in another: the PUT raises the weak
    setting and carries the strict ones along."""
    number = stricter_by_hand(world.gate)
    rule = next(r for r in world.gate.rulesets[number]["rules"] if r["type"] == "pull_request")
    rule["parameters"]["require_code_owner_review"] = False
    assert settings(tree, monkeypatch=monkeypatch)[0] == 1
    result = apply(tree, monkeypatch)
    assert result.exit_code == 0, result.output
    assert world.gate.writes == [("PUT", f"/rulesets/{number}")]
    rules = _rules(world.gate.rulesets[number])
    assert rules["pull_request"]["require_code_owner_review"] is True
    assert rules["pull_request"]["required_approving_review_count"] == 2
    assert "required_signatures" in rules
    code, report = settings(tree, monkeypatch=monkeypatch)
    assert code == 0 and report["findings"] == []


def test_a_declaration_stricter_than_github_is_applied_and_said(
        world: World, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other direction: the declaration asks 2 approvals and GitHub has 1. That is weaker
    than declared (a finding), and `--apply` raises it."""
    declared = copy.deepcopy(DECLARED)
    next(r for r in declared["rules"] if r["type"] == "pull_request")["parameters"][
        "required_approving_review_count"] = 2
    (tree / gate.RULESET_FILE).write_text(json.dumps(declared))
    (number,) = world.gate.holding().rulesets
    code, report = settings(tree, monkeypatch=monkeypatch)
    assert code == 1
    assert [f["setting"] for f in report["findings"]] == [
        "rules.pull_request.required_approving_review_count"]
    assert [(n["setting"], n["stricter"]) for n in report.get("notices", [])] == [
        ("rules.pull_request.required_approving_review_count", "declaration")]
    assert apply(tree, monkeypatch).exit_code == 0
    assert _rules(world.gate.rulesets[number])["pull_request"][
        "required_approving_review_count"] == 2
