"""Issue 23, item 4: deleting the declaration switches the audit's gate check off.

The attack: with `.github/rulesets/main.json` deleted on `main` (by an administrator's push, or
a pull request the coordinator did not read closely), the audit said only "not verified: gate"
and checked neither the ruleset, forking, the environment nor the workflow token; every
weakening made afterwards went unreported. A declaration weakened below the floor did the same:
one violation for the file, and the live settings were no longer read.

The defence: the floor is in code, so the audit verifies the live gate against it whether or
not a declaration exists (or is usable), and reports the missing or weakened declaration as a
violation of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cmcheck.github.gate import declared as gate
from tests import fake_github as gh
from tests.conftest import Repo, run
from tests.fake_gate import Gate
from tests.test_audit_settings import main
from tests.test_settings import RULESET_WEAKENINGS, holding

__all__ = ["main"]  # the fixture, shared with test_audit_settings.py


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    made = Gate()
    state = gh.State(route=made.route)
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        yield made
    assert state.invalid == []


def audit(root: Path) -> tuple[int, dict[str, list[dict[str, str]]]]:
    result = run(root, "audit", "--now", "2026-12-01T09:00", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


def weaken_everything(world: Gate) -> None:
    (number,) = holding(world).rulesets
    RULESET_WEAKENINGS["rules.pull_request"](world.rulesets[number])
    world.allow_forking = True
    world.environments["notifications"] = None


def test_a_deleted_declaration_leaves_the_gate_checked_against_the_floor(
        world: Gate, repo: Repo, main: Path) -> None:
    (main / gate.RULESET_FILE).unlink()
    repo.commit("Remove the declaration", "2026-11-02T10:00:00-05:00")
    weaken_everything(world)
    code, report = audit(main)
    found = {(v["kind"], v["change"]): v for v in report["violations"]}
    assert code == 1, report
    assert {("settings", "gate"), ("settings", "rules.pull_request"),
            ("settings", "repository.allow_forking"),
            ("settings", "environment.notifications.deployment_branch_policy")} <= set(found)
    missing = found[("settings", "gate")]
    assert missing["path"] == gate.RULESET_FILE
    assert "no .github/rulesets/main.json" in missing["message"]
    assert "gate" not in [u["setting"] for u in report["unverified"]]


def test_a_deleted_declaration_on_a_gate_that_holds_is_one_violation(
        world: Gate, repo: Repo, main: Path) -> None:
    (main / gate.RULESET_FILE).unlink()
    repo.commit("Remove the declaration", "2026-11-02T10:00:00-05:00")
    holding(world)
    code, report = audit(main)
    assert code == 1
    assert [(v["kind"], v["change"]) for v in report["violations"]] == [("settings", "gate")]


def test_a_declaration_below_the_floor_still_has_the_live_gate_checked(
        world: Gate, repo: Repo, main: Path) -> None:
    declared = json.loads((main / gate.RULESET_FILE).read_text())
    RULESET_WEAKENINGS["rules.pull_request"](declared)
    repo.commit("Loosen the gate", "2026-11-02T10:00:00-05:00",
                {gate.RULESET_FILE: json.dumps(declared)})
    weaken_everything(world)
    code, report = audit(main)
    found = {v["change"] for v in report["violations"]}
    assert code == 1
    assert {"gate", "rules.pull_request", "repository.allow_forking"} <= found, report
