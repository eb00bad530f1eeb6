"""stakeholders and conflict with an inventory: the owners to consult, and conflicts that follow
dependencies, in a full run and in a pull request."""

from __future__ import annotations

import json

from tests.conftest import FIXTURES, Repo, run
from tests.rules.helpers import check, edit, scheduled
from tests.rules.test_inventory import DECLARED, with_inventory
from tests.validating import NEIGHBOUR_PATH

STAKEHOLDERS = "stakeholders: [SIS data manager, student-services@qcsd.example.org]"
NEIGHBOUR = (FIXTURES / "neighbour.yaml").read_text(encoding="utf-8")


def test_owners_of_affected_mission_critical_systems_are_named(repo: Repo) -> None:
    with_inventory(repo)
    text = edit((STAKEHOLDERS, "stakeholders: [Principal of the high school]"), text=DECLARED)
    found = check(repo, text, [("stakeholders", 31)])
    assert found[0]["message"] == (
        "consult the owners of affected mission-critical systems and name them in stakeholders: "
        "SIS data manager <sis-manager@qcsd.example.org> (sis-server depends on core-switch-01); "
        "Director of Student Services <student-services@qcsd.example.org> (sis-app depends on "
        "sis-server, which depends on core-switch-01)")


def test_an_owner_named_by_name_or_address_counts(repo: Repo) -> None:
    with_inventory(repo)
    check(repo, edit((STAKEHOLDERS, "stakeholders: [sis data manager, Director of Student "
                      "Services <student-services@qcsd.example.org>]"), text=DECLARED), [])


def test_owners_are_asked_for_even_when_the_change_says_no_critical_data(repo: Repo) -> None:
    with_inventory(repo)
    text = edit(("mission_critical_data: true", "mission_critical_data: false"),
                (STAKEHOLDERS, "stakeholders: []"), text=DECLARED)
    check(repo, text, [("impact", 8), ("stakeholders", 31)])


def neighbour_on(system: str, sites: str = "[]") -> str:
    return edit(("systems: [core-switch-01]", f"systems: [{system}]"),
                ("sites: [high-school]", f"sites: {sites}"), text=NEIGHBOUR)


# The subject: core-switch-01 on Sat 2027-01-16 21:00-23:00; the neighbour 20:00-22:00.
SUBJECT = scheduled("2027-01-16 21:00", "2027-01-16 23:00", text=DECLARED)


def test_a_change_to_a_dependent_system_conflicts(repo: Repo) -> None:
    with_inventory(repo)
    repo.commit("The database change", "2026-11-02T10:00:00-06:00",
                {NEIGHBOUR_PATH: neighbour_on("sis-db")})
    found = check(repo, SUBJECT, [("conflict", 14)])
    assert found[0]["message"].startswith(
        "overlaps 2027-01-16-core-switch-power-supply (Replace the high school core switch power "
        "supply, Sat 2027-01-16 20:00) through sis-db depends on sis-server, which depends on "
        "core-switch-01; earliest compliant start: ")


def test_a_change_to_an_upstream_system_conflicts(repo: Repo) -> None:
    with_inventory(repo)
    repo.commit("The UPS change", "2026-11-02T10:00:00-06:00",
                {NEIGHBOUR_PATH: neighbour_on("ups-hs")})
    found = check(repo, SUBJECT, [("conflict", 14)])
    assert " through core-switch-01 depends on ups-hs; " in found[0]["message"]


def test_two_changes_that_only_share_an_upstream_system_do_not_conflict(repo: Repo) -> None:
    with_inventory(repo)
    # access-sw-ms and sis-server both depend on core-switch-01; neither depends on the other.
    repo.commit("The access switch change", "2026-11-02T10:00:00-06:00",
                {NEIGHBOUR_PATH: neighbour_on("access-sw-ms")})
    text = edit(("systems: [core-switch-01]", "systems: [sis-server]"),
                ("audiences: [all-staff, students, teachers, office-staff]",
                 "audiences: [teachers, office-staff]"), text=SUBJECT)
    check(repo, edit(("sites: [high-school, middle-school, central-office, elementary]",
                      "sites: [central-office, high-school, elementary]"), text=text), [])


def test_unrelated_systems_do_not_conflict(repo: Repo) -> None:
    with_inventory(repo)
    repo.commit("The library change", "2026-11-02T10:00:00-06:00",
                {NEIGHBOUR_PATH: neighbour_on("library-server", "[]")})
    check(repo, SUBJECT, [])


def pull_request(repo: Repo, path: str, text: str) -> list[dict[str, object]]:
    repo.branch("pr")
    repo.write(path, text)
    result = run(repo.root, "validate", "--base", "main", "--format", "json", "--now",
                 "2026-12-01T09:00")
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, object]] = json.loads(result.output)["findings"]
    return found


def test_a_pull_request_finds_a_conflict_through_a_dependency(repo: Repo) -> None:
    with_inventory(repo)
    # Many unrelated changes on main on the same day, and the one that matters: its file never
    # names core-switch-01, so only the inventory can lead the pre-filter to it.
    files = {f"changes/2027/2027-01-16-other-{n}.yaml": neighbour_on("library-server")
             for n in range(20)}
    files[NEIGHBOUR_PATH] = neighbour_on("sis-db")
    repo.commit("Schedule the other changes", "2026-11-02T10:00:00-06:00", files)
    found = pull_request(repo, "changes/2027/2027-01-16-core-switch-ios.yaml", SUBJECT)
    assert [(f["rule"], f["line"]) for f in found] == [("conflict", 14)]
    assert "through sis-db depends on sis-server, which depends on core-switch-01" in \
        str(found[0]["message"])


def test_a_pull_request_on_a_dependent_finds_the_upstream_change(repo: Repo) -> None:
    with_inventory(repo)
    repo.commit("Schedule the switch", "2026-11-02T10:00:00-06:00",
                {"changes/2027/2027-01-16-core-switch-ios.yaml": SUBJECT})
    found = pull_request(repo, NEIGHBOUR_PATH, neighbour_on("sis-db"))
    assert ("conflict", 14) in [(f["rule"], f["line"]) for f in found]
