"""`cmcheck settings --apply`: the loopback GitHub made to match the declaration, on a real git
repository with the declaration committed.

A blank repository converges (afterwards `cmcheck settings` finds nothing, verifies
everything); a second run writes nothing; only the declared ruleset is touched, and in place;
each change is printed before it is made; `--dry-run` and the workflow's token write nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from click.testing import Result

from cmcheck.cli import settings as settings_command
from cmcheck.github.gate import declared as gate
from tests import fake_github as gh
from tests.conftest import REPO_ROOT, run
from tests.fake_gate import Gate
from tests.test_settings import DECLARED, HOLDS, RULESET_WEAKENINGS, holding, settings, tree

__all__ = ["tree"]  # the fixture, shared with test_settings.py

TAGS: dict[str, Any] = {
    "name": "tags", "target": "tag", "enforcement": "active",
    "conditions": {"ref_name": {"include": ["~ALL"], "exclude": []}},
    "rules": [{"type": "deletion"}]}


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


def apply(root: Path, *args: str, token: str = gh.ADMIN_TOKEN,
          monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.setenv("GITHUB_TOKEN", token)
    result = run(root, "settings", "--apply", *args)
    assert token not in result.output
    return result


def writes(state: gh.State) -> list[str]:
    """Every request that was not a read."""
    return [path for path, _ in state.requests if " " in path and not path.startswith("GET ")]


def test_apply_on_a_blank_repository_converges(world: World, tree: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    result = apply(tree, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert [method for method, _ in world.gate.writes] == ["POST", "PATCH", "PUT", "POST", "PUT"]
    assert "5 change(s) made" in result.output
    assert settings(tree, monkeypatch=monkeypatch) == (0, HOLDS)
    (ruleset,) = world.gate.rulesets.values()
    assert gate.rules_of(ruleset) == gate.rules_of(DECLARED)
    assert world.gate.branch_policies["notifications"] == [
        {"id": world.gate.next_id, "name": "main", "type": "branch"}]


def test_a_second_apply_writes_nothing(world: World, tree: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert apply(tree, monkeypatch=monkeypatch).exit_code == 0
    made = list(world.gate.writes)
    again = apply(tree, monkeypatch=monkeypatch)
    assert again.exit_code == 0
    assert world.gate.writes == made
    assert again.output == "nothing to change: GitHub already matches the declaration\n"


def test_apply_on_the_declared_state_writes_nothing(world: World, tree: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    holding(world.gate)
    result = apply(tree, monkeypatch=monkeypatch)
    assert result.exit_code == 0 and "nothing to change" in result.output
    assert writes(world.state) == []


def test_a_foreign_ruleset_survives_untouched(world: World, tree: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    foreign = world.gate.add_ruleset(TAGS)
    before = copy.deepcopy(world.gate.rulesets[foreign])
    assert apply(tree, monkeypatch=monkeypatch).exit_code == 0
    assert world.gate.rulesets[foreign] == before
    assert sorted(r["name"] for r in world.gate.rulesets.values()) == ["main", "tags"]
    assert not any(tail.startswith(f"/rulesets/{foreign}") for _, tail in world.gate.writes)


@pytest.mark.parametrize("setting", ["rules.pull_request.require_code_owner_review",
                                     "ruleset.bypass_actors", "ruleset.enforcement",
                                     "rules.required_status_checks"])
def test_a_weakened_ruleset_is_updated_in_place(world: World, tree: Path, setting: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (number,) = holding(world.gate).rulesets
    RULESET_WEAKENINGS[setting](world.gate.rulesets[number])
    assert settings(tree, monkeypatch=monkeypatch)[0] == 1
    result = apply(tree, monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert world.gate.writes == [("PUT", f"/rulesets/{number}")]
    assert f"update the ruleset 'main' (id {number}) in place" in result.output
    assert list(world.gate.rulesets) == [number]
    assert settings(tree, monkeypatch=monkeypatch) == (0, HOLDS)


def test_other_deployment_branch_policies_are_removed_and_main_kept(
        world: World, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    holding(world.gate).branch_policies["notifications"] += [
        {"id": 8, "name": "*", "type": "branch"}, {"id": 9, "name": "v*", "type": "tag"}]
    result = apply(tree, monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert world.gate.writes == [
        ("DELETE", "/environments/notifications/deployment-branch-policies/8"),
        ("DELETE", "/environments/notifications/deployment-branch-policies/9")]
    assert world.gate.branch_policies["notifications"] == [
        {"id": 7, "name": "main", "type": "branch"}]
    assert "remove the deployment policy for branch '*' from 'notifications'" in result.output
    assert "remove the deployment policy for tag 'v*'" in result.output


def test_every_step_is_printed_before_it_is_made(world: World, tree: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    world.gate.add_ruleset({**DECLARED, "enforcement": "disabled"})
    timeline: list[str] = []
    printed = settings_command.echo_untrusted

    def say(text: str, **options: Any) -> None:
        timeline.append(f"said {text}")
        printed(text, **options)

    def route(method: str, path: str, role: str, body: Any) -> tuple[int, Any] | None:
        answer = world.gate.route(method, path, role, body)
        if method != "GET" and answer is not None:
            timeline.append(f"wrote {method}")
        return answer

    monkeypatch.setattr(settings_command, "echo_untrusted", say)
    world.state.route = route
    result = apply(tree, monkeypatch=monkeypatch)
    assert result.exit_code == 0
    steps = [line for line in timeline if line.startswith("said - ")]
    assert len(steps) == len(world.gate.writes) == 5
    # said, wrote, said, wrote, ...: nothing is written before it was printed
    assert [line.split(" ")[0] for line in timeline] == ["said", "wrote"] * 5 + ["said"]
    assert timeline[0].startswith("said - update the ruleset 'main'")
    assert timeline[1] == "wrote PUT"


def test_dry_run_prints_every_step_and_writes_nothing(world: World, tree: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    result = apply(tree, "--dry-run", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert writes(world.state) == [] and world.gate.writes == []
    assert result.output.splitlines() == [
        f"- would create the ruleset 'main' from {gate.RULESET_FILE}",
        "- would turn forking off",
        "- would create the 'notifications' environment, for chosen branches only",
        "- would let `main` deploy to 'notifications'",
        "- would make the workflow token read-only by default, unable to approve pull requests",
        "5 change(s) planned"]
    # and the plan is the run's: the real one makes exactly those changes
    assert apply(tree, monkeypatch=monkeypatch).exit_code == 0
    assert len(world.gate.writes) == 5


def test_the_workflow_token_writes_nothing_and_says_what_it_needs(
        world: World, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = apply(tree, token=gh.TOKEN, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert writes(world.state) == [] and world.gate.writes == []
    assert "Administration: read and write" in result.output
    assert "nothing was changed" in result.output


def test_dry_run_without_apply_is_a_usage_error(world: World, tree: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", gh.ADMIN_TOKEN)
    result = run(tree, "settings", "--dry-run")
    assert result.exit_code == 2 and "--dry-run goes with --apply" in result.output
    assert world.state.requests == []


def test_the_coordinator_guide_names_every_setting_with_its_wanted_value() -> None:
    guide = (REPO_ROOT / "docs" / "coordinator.md").read_text(encoding="utf-8")
    settings_at = guide.index("### Repository settings these defences need")
    threats = guide[guide.index("## Threats and the tests that defend them"):settings_at]
    wanted = guide[settings_at:]
    for setting in gate.THREATS:  # a row of the threat table, and a row of what is wanted
        assert f"`{setting}`" in threats, setting
        assert f"| `{setting}`" in wanted or f", `{setting}`" in wanted, setting


def _refusing(world: World, method: str, tail: str) -> None:
    """GitHub refusing one request even to the administrator (e.g. rulesets on a private
    repository of a free plan: "Upgrade to GitHub Pro or make this repository public")."""
    def route(asked: str, path: str, role: str, body: Any) -> tuple[int, Any] | None:
        if (asked, path) == (method, f"/repos/{gh.REPOSITORY}{tail}"):
            return 403, {"message": "Upgrade to GitHub Pro or make this repository public to "
                                    "enable this feature.",
                         "documentation_url": "https://docs.github.com/rest"}
        return world.gate.route(asked, path, role, body)
    world.state.route = route


def test_a_setting_the_administrator_may_not_read_stops_apply_before_any_write(
        world: World, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _refusing(world, "GET", "/rulesets")
    result = apply(tree, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert writes(world.state) == []
    # GitHub's answer is about the plan, not the token: the plan is named as the cause (issue 24)
    assert "plan for this repository lacks this feature" in result.output


def test_a_write_github_refuses_stops_the_run_and_says_what_was_done(
        world: World, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _refusing(world, "PATCH", "")
    result = apply(tree, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert [method for method, _ in world.gate.writes] == ["POST"]  # the ruleset, then stop
    assert "- turn forking off" in result.output
    assert "stopped at: turn forking off" in result.output
    assert "The change(s) listed before it were made" in result.output


def test_the_declared_ruleset_on_a_later_page_is_found_not_made_again(
        world: World, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GitHub lists rulesets 30 a page and a repository may hold 75: the one named main is
    looked for on every page, so apply updates it instead of creating a second."""
    gate_world = world.gate
    for number in range(40):
        gate_world.add_ruleset({"name": f"tags-{number}", "target": "tag", "enforcement": "active",
                                "conditions": {"ref_name": {"include": ["~ALL"], "exclude": []}},
                                "rules": [{"type": "deletion"}]})
    gate_world.holding()
    assert settings(tree, monkeypatch=monkeypatch) == (0, HOLDS)
    assert apply(tree, monkeypatch=monkeypatch).exit_code == 0
    assert gate_world.writes == [] and len(gate_world.rulesets) == 41
