"""Issue 23, item 1: a floor rule supplied by a ruleset someone may bypass.

The attack: move the `pull_request` rule out of the ruleset `main` into a second active ruleset
whose `bypass_actors` let the Write role bypass it `always`. GitHub still lists the rule on
`main` (`GET rules/branches/main`), so a comparison of the rules in force sees nothing wrong,
while every technician with write access may merge without a pull request or an approval.

The defence: every floor rule must come from an active ruleset with no bypass actor. The rules
in force name their `ruleset_id`; a rule from a ruleset someone may bypass does not count, and
one from a ruleset whose bypass actors the token may not read (the workflow's token, an
organization's ruleset) is "not verified", never a pass.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import fake_github as gh
from tests.conftest import run
from tests.fake_gate import Gate
from tests.test_settings import DECLARED, holding, settings, tree

__all__ = ["tree"]  # the fixture, shared with test_settings.py

WRITE_ROLE = 4  # GitHub's id of the repository role "Write" in bypass_actors


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    made = Gate()
    state = gh.State(route=made.route)
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        yield made
    assert state.invalid == []


def _pull_request_rule() -> dict[str, Any]:
    return copy.deepcopy(next(r for r in DECLARED["rules"] if r["type"] == "pull_request"))


def moved_to_a_bypassable_ruleset(world: Gate, *, bypass: list[dict[str, Any]]) -> int:
    """The declared state, but with `pull_request` taken out of `main` and put into a second
    active ruleset on the default branch with these bypass actors; its id."""
    (main,) = holding(world).rulesets
    world.rulesets[main]["rules"] = [r for r in world.rulesets[main]["rules"]
                                     if r["type"] != "pull_request"]
    return world.add_ruleset({
        "name": "reviews", "target": "branch", "enforcement": "active",
        "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
        "bypass_actors": bypass, "rules": [_pull_request_rule()]})


BYPASS_BY_WRITERS = [{"actor_id": WRITE_ROLE, "actor_type": "RepositoryRole",
                      "bypass_mode": "always"}]


def test_a_pull_request_rule_that_writers_may_bypass_is_a_finding(
        world: Gate, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loose = moved_to_a_bypassable_ruleset(world, bypass=BYPASS_BY_WRITERS)
    code, report = settings(tree, monkeypatch=monkeypatch)
    assert code == 1, report
    found = {f["setting"]: f for f in report["findings"]}
    assert "rules.pull_request" in found
    got = found["rules.pull_request"]["got"]
    # The finding says where the rule came from and who may bypass it.
    assert f"ruleset {loose} 'reviews'" in got and f"RepositoryRole {WRITE_ROLE}" in got
    assert "always" in got


def test_the_audit_with_an_administrators_token_reports_it(
        world: Gate, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    moved_to_a_bypassable_ruleset(world, bypass=BYPASS_BY_WRITERS)
    monkeypatch.setenv("GITHUB_TOKEN", gh.ADMIN_TOKEN)
    result = run(tree, "audit", "--now", "2026-12-01T09:00", "--format", "json")
    assert result.exit_code == 1, result.output
    violations = [v["change"] for v in json.loads(result.output)["violations"]]
    assert "rules.pull_request" in violations


def test_the_workflows_token_cannot_tell_so_the_rule_is_not_verified(
        world: Gate, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workflow's token does not see bypass actors: the rule is listed as not verified,
    in `settings` and in the audit (which runs with that token), never passed."""
    loose = moved_to_a_bypassable_ruleset(world, bypass=BYPASS_BY_WRITERS)
    code, report = settings(tree, token=gh.TOKEN, monkeypatch=monkeypatch)
    unverified = {u["setting"]: u["needs"] for u in report["unverified"]}
    assert code == 0 and "rules.pull_request" in unverified, report
    assert f"ruleset {loose} 'reviews'" in unverified["rules.pull_request"]
    assert not [f for f in report["findings"] if f["setting"].startswith("rules.pull_request")]
    result = run(tree, "audit", "--now", "2026-12-01T09:00", "--format", "json")
    audited = {u["setting"]: u["needs"] for u in json.loads(result.output)["unverified"]}
    assert f"ruleset {loose} 'reviews'" in audited["rules.pull_request"], result.output


def test_an_organizations_ruleset_that_cannot_be_read_is_not_a_pass(
        world: Gate, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (main,) = holding(world).rulesets
    world.rulesets[main]["rules"] = [r for r in world.rulesets[main]["rules"]
                                     if r["type"] != "pull_request"]
    world.organization_rules.append({**_pull_request_rule(), "ruleset_source_type":
                                     "Organization", "ruleset_source": "qcsd", "ruleset_id": 9})
    code, report = settings(tree, monkeypatch=monkeypatch)
    unverified = {u["setting"]: u["needs"] for u in report["unverified"]}
    assert code == 0 and "rules.pull_request" in unverified, report
    assert "organization" in unverified["rules.pull_request"]
    assert "rules.pull_request" not in [f["setting"] for f in report["findings"]]


def test_a_second_ruleset_nobody_may_bypass_still_holds_the_floor(
        world: Gate, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: the same move into a ruleset with no bypass actor is a pass."""
    moved_to_a_bypassable_ruleset(world, bypass=[])
    code, report = settings(tree, monkeypatch=monkeypatch)
    assert code == 0 and report["findings"] == [] and report["unverified"] == [], report
