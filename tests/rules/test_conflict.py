"""conflict: no other change overlaps on the same system or site (a warning).

The neighbour is Sat 2027-01-16 20:00-22:00 on core-switch-01 at the high school.
"""

from __future__ import annotations

from tests.conftest import FIXTURES, Repo
from tests.rules.helpers import check, edit, scheduled, with_section
from tests.validating import NEIGHBOUR_PATH, add_neighbour

OVERLAPPING = scheduled("2027-01-16 21:00", "2027-01-16 23:00")


def test_back_to_back_passes(repo: Repo) -> None:
    add_neighbour(repo)
    check(repo, scheduled("2027-01-16 22:00", "2027-01-16 23:00"), [])


def test_other_system_and_site_passes(repo: Repo) -> None:
    add_neighbour(repo)
    text = edit(("systems: [core-switch-01]", "systems: [library-server]"),
                ("sites: [high-school]", "sites: [elementary]"), text=OVERLAPPING)
    check(repo, text, [])


def test_overlap_warns_and_offers_the_neighbours_end(repo: Repo) -> None:
    add_neighbour(repo)
    found = check(repo, OVERLAPPING, [("conflict", 14)])
    assert found[0]["severity"] == "warning"
    assert found[0]["message"] == (
        "overlaps 2027-01-16-core-switch-power-supply (Replace the high school core switch "
        "power supply, Sat 2027-01-16 20:00) on core-switch-01, high-school; "
        "earliest compliant start: Sun 2027-01-17 08:00 (the first usual start of work after "
        "2027-01-16-core-switch-power-supply; 08:00 on a weekend day)")


def test_names_are_compared_without_case(repo: Repo) -> None:
    add_neighbour(repo)
    text = edit(("systems: [core-switch-01]", "systems: [CORE-Switch-01]"),
                ("sites: [high-school]", "sites: []"), text=OVERLAPPING)
    found = check(repo, text, [("conflict", 14)])
    assert " on core-switch-01; " in found[0]["message"]


def test_a_postponed_change_does_not_conflict(repo: Repo) -> None:
    neighbour = with_section((FIXTURES / "neighbour.yaml").read_text(encoding="utf-8"),
                             "review:\n  outcome: postponed\n  completed: 2027-01-16 19:00\n"
                             "  notes: The replacement power supply was not delivered.\n")
    repo.commit("Postpone the power supply", "2026-11-02T10:00:00-06:00",
                files={NEIGHBOUR_PATH: neighbour})
    check(repo, OVERLAPPING, [])
