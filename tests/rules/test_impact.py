"""impact: the sites, audiences and mission-critical data that the change's dependents bring in
are declared (a warning). The fixture inventory has a chain, a diamond and a second site."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import check, edit, only
from tests.rules.test_inventory import DECLARED, with_inventory


def test_without_an_inventory_nothing_is_implied(repo: Repo) -> None:
    check(repo, edit(("mission_critical_data: true", "mission_critical_data: false")), [])


def test_everything_declared_passes(repo: Repo) -> None:
    with_inventory(repo)
    check(repo, DECLARED, [])


def test_missing_sites_and_audiences_are_named_with_their_chains(repo: Repo) -> None:
    with_inventory(repo)
    text = edit(("stakeholders: [Principal of the high school, District network administrator]",
                 "stakeholders: [SIS data manager, student-services@qcsd.example.org]"))
    found = check(repo, text, [("impact", 10), ("impact", 11)])
    assert all(f["severity"] == "warning" for f in found)
    assert found[0]["message"] == (
        "the dependencies bring in audiences the change does not declare: teachers "
        "(access-sw-ms depends on core-switch-01); office-staff (sis-app depends on sis-server, "
        "which depends on core-switch-01)")
    # sis-app is reached through sis-server (two steps), not through sis-db (three): the
    # diamond's shorter side is the one shown.
    assert found[1]["message"] == (
        "the dependencies bring in sites the change does not declare: middle-school "
        "(access-sw-ms depends on core-switch-01); central-office (sis-server depends on "
        "core-switch-01); elementary (sis-app depends on sis-server, which depends on "
        "core-switch-01)")


def test_mission_critical_data_declared_false_is_named(repo: Repo) -> None:
    with_inventory(repo)
    text = edit(("mission_critical_data: true", "mission_critical_data: false"), text=DECLARED)
    found = only(check(repo, text, [("impact", 8)]), "impact")
    assert found["message"] == ("sis-server holds mission-critical data and is affected "
                                "(sis-server depends on core-switch-01): set "
                                "mission_critical_data: true")


def test_upstream_systems_are_not_affected(repo: Repo) -> None:
    with_inventory(repo)
    # A change to the SIS database affects the application, not the server or the switch.
    text = edit(("systems: [core-switch-01]", "systems: [sis-db]"),
                ("audiences: [all-staff, students]", "audiences: [teachers, office-staff]"),
                ("sites: [high-school]", "sites: [central-office, high-school, elementary]"),
                ("stakeholders: [Principal of the high school, District network administrator]",
                 "stakeholders: [SIS data manager, Director of Student Services]"))
    check(repo, text, [])


def test_an_exception_turns_it_into_a_notice(repo: Repo) -> None:
    with_inventory(repo)
    text = edit(("sites: [high-school, middle-school, central-office, elementary]",
                 "sites: [high-school, middle-school, central-office]"), text=DECLARED)
    text += ("exceptions:\n  - rule: impact\n    reason: the SIS stays up at the elementary "
             "school on its cached copy\n")
    found = check(repo, text, [("impact", 11)])
    assert found[0]["severity"] == "notice"
