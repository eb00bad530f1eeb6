"""Finding a system id (issue 24): `hs-ups` got no suggestion and `hs-server-room-ups` got the
central office air conditioner, when `ups-hs-01` is "High school server-room UPS". Suggestions
now come from the words of ids and names, with the sites' abbreviations from policy.yaml, and
`cmcheck systems WORDS` lists what matches; `cmcheck impact` and the inventory rule use the
same search. All against the repository's own committed policy and inventory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cmcheck.core import catalog
from cmcheck.core.model.search import abbreviations, did_you_mean
from tests.conftest import run


@pytest.mark.parametrize(("typed", "meant"), [
    ("hs-ups", "ups-hs-01"),
    ("hs-server-room-ups", "ups-hs-01"),
    ("co-ups", "ups-co-01"),
    ("ms-wireless", "wireless-ms"),
    ("es-core-switch", "core-switch-es"),
    ("core-swich-01", "core-switch-01"),
])
def test_the_suggestion_is_the_system_meant_first(examples: Path, typed: str, meant: str) -> None:
    policy = catalog.policy_in(examples)
    graph = catalog.inventory_in(examples, policy)
    assert graph is not None
    said = did_you_mean(typed, graph, policy.sites)
    assert said.startswith(f"; did you mean {meant} ("), said
    assert "server-room-co" not in said


def test_site_abbreviations_come_from_the_policy(examples: Path) -> None:
    sites = catalog.policy_in(examples).sites
    assert {key: {"hs", "ms", "es", "co"} & abbreviations(key, sites[key]) for key in sites} == {
        "central-office": {"co"}, "high-school": {"hs"}, "middle-school": {"ms"},
        "elementary": {"es"}}


def test_nothing_alike_gets_no_suggestion(examples: Path) -> None:
    policy = catalog.policy_in(examples)
    graph = catalog.inventory_in(examples, policy)
    assert graph is not None
    assert did_you_mean("xyzzy-plugh", graph, policy.sites) == ""


def test_the_systems_command_lists_by_words(examples: Path) -> None:
    result = run(examples, "systems", "hs", "ups")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.split() [:1] == ["ups-hs-01"]
    assert "High school server-room UPS (ups; Quitman County High School)" in first
    every = run(examples, "systems")
    assert every.exit_code == 0 and len(every.output.splitlines()) >= 20
    assert "server-room-co" in every.output and "ups-hs-01" in every.output


def test_the_systems_command_says_when_nothing_matches(examples: Path) -> None:
    result = run(examples, "systems", "xyzzy")
    assert result.exit_code == 1
    assert "No system of inventory.yaml matches xyzzy" in result.output


def test_impact_uses_the_same_search(examples: Path) -> None:
    result = run(examples, "impact", "hs-ups")
    assert result.exit_code == 2
    assert "did you mean ups-hs-01 (High school server-room UPS)?" in result.output
    assert "cmcheck systems hs ups" in result.output


def test_the_inventory_rule_suggests_from_words(examples: Path, tmp_path: Path) -> None:
    import shutil
    copy = tmp_path / "copy"
    shutil.copytree(examples, copy)
    path = copy / "changes/2026/2026-12-19-core-switch-ios.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("systems: [core-switch-01]", "systems: [hs-ups]"),
                    encoding="utf-8")
    result = run(copy, "validate", "--format", "json", "--now", "2026-11-29T12:00",
                 "changes/2026/2026-12-19-core-switch-ios.yaml")
    found = [f for f in json.loads(result.output)["findings"] if f["rule"] == "inventory"]
    assert found and "did you mean ups-hs-01 (High school server-room UPS)?" in \
        found[0]["message"], found
