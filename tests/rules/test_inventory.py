"""inventory: every system a change names is in inventory.yaml (an error), and the inventory
itself holds together (unknown ids, cycles, unknown sites and audiences on their lines)."""

from __future__ import annotations

import json

from tests.conftest import FIXTURES, Repo, run
from tests.rules.helpers import CHANGE, check, edit
from tests.validating import validate

INVENTORY = (FIXTURES / "inventory.yaml").read_text(encoding="utf-8")
DECLARED = edit(("audiences: [all-staff, students]",
                 "audiences: [all-staff, students, teachers, office-staff]"),
                ("sites: [high-school]",
                 "sites: [high-school, middle-school, central-office, elementary]"),
                ("stakeholders: [Principal of the high school, District network administrator]",
                 "stakeholders: [SIS data manager, student-services@qcsd.example.org]"))


def with_inventory(repo: Repo, text: str = INVENTORY) -> None:
    repo.commit("The inventory", "2026-11-01T13:00:00-05:00", {"inventory.yaml": text})


def test_without_an_inventory_any_system_passes(repo: Repo) -> None:
    check(repo, edit(("systems: [core-switch-01]", "systems: [anything-at-all]")), [])


def test_a_listed_system_passes(repo: Repo) -> None:
    with_inventory(repo)
    check(repo, DECLARED, [])


def test_an_unknown_system_is_an_error_with_close_ids(repo: Repo) -> None:
    with_inventory(repo)
    text = edit(("systems: [core-switch-01]", "systems: [core-switch-01, core-swich-01]"),
                text=DECLARED)
    found = check(repo, text, [("inventory", 6)])
    assert found[0]["severity"] == "error"
    assert found[0]["column"] == 27
    assert found[0]["message"].startswith("core-swich-01 is not in inventory.yaml; did you "
                                          "mean core-switch-01 (High school core switch)? If it "
                                          "is a new system, add it "
                                          "in this pull request")


def test_names_are_compared_without_case(repo: Repo) -> None:
    with_inventory(repo)
    check(repo, edit(("systems: [core-switch-01]", "systems: [Core-Switch-01]"),
                     text=DECLARED), [])


def test_nothing_close_gets_no_suggestion(repo: Repo) -> None:
    with_inventory(repo)
    found = check(repo, edit(("systems: [core-switch-01]", "systems: [xyzzy]"), text=DECLARED),
                  [("inventory", 6)])
    assert found[0]["message"] == (
        "xyzzy is not in inventory.yaml; if it is a new system, add it in this pull request "
        "(the coordinator reviews the entry with the change): under systems: in inventory.yaml, "
        "indented two spaces, paste  xyzzy: {name: xyzzy, kind: other, sites: [high-school, "
        "middle-school, central-office, elementary], depends_on: [], audiences: [all-staff, "
        "students, teachers, office-staff], mission_critical_data: true}  then correct its "
        "name and kind, add its owner: {name: ..., email: ...}, and add it to depends_on of "
        "the systems that need it (cmcheck new can write both for you)")


BROKEN = """systems:
  a:
    name: A
    kind: server
    depends_on: [c]
  b:
    name: B
    kind: server
    depends_on: [a, ghost]
    sites: [moon-base]
  c:
    name: C
    kind: server
    depends_on: [b]
    audiences: [parents]
  d:
    name: D
    kind: server
    depends_on: [d]
"""


def test_unknown_ids_cycles_sites_and_audiences_are_findings_on_their_lines(repo: Repo) -> None:
    with_inventory(repo, BROKEN)
    repo.write("changes/2026/2026-12-19-core-switch-ios.yaml",
               edit(("systems: [core-switch-01]", "systems: [d]")))
    code, findings = validate(repo.root)
    assert code == 1
    found = {(f["line"], f["column"], f["message"]) for f in findings
             if f["path"] == "inventory.yaml" and f["rule"] == "inventory"}
    assert found == {
        (5, 18, "dependency cycle: a → c → b → a"),
        (9, 21, "b depends on ghost, which the inventory does not list"),
        (10, 13, "unknown site moon-base (policy.sites: central-office, elementary, "
                 "high-school, middle-school)"),
        (15, 17, "unknown audience parents (policy.audiences: all-staff, business-office, "
                 "office-staff, students, teachers, technology)"),
        (19, 18, "dependency cycle: d → d"),
    }


def test_a_cycle_does_not_hang_the_rules(repo: Repo) -> None:
    with_inventory(repo, BROKEN)
    text = edit(("systems: [core-switch-01]", "systems: [a]"), ("sites: [high-school]",
                "sites: [high-school, middle-school]"))
    repo.write("changes/2026/2026-12-19-core-switch-ios.yaml", text)
    code, findings = validate(repo.root)
    assert code == 1  # the cycle and the unknown ids are errors on the inventory
    mine = [f for f in findings if f["path"].startswith("changes/")]
    assert [(f["rule"], f["line"]) for f in mine] == [("impact", 10), ("impact", 11)]
    assert "parents (c depends on b, which depends on a)" in mine[0]["message"]
    assert "moon-base (b depends on a)" in mine[1]["message"]


def test_an_inventory_that_does_not_parse_stops_the_run(repo: Repo) -> None:
    with_inventory(repo, "systems:\n  a:\n    name: A\n    kind: toaster\n")
    result = run(repo.root, "validate", "--now", "2026-12-01T09:00")
    assert result.exit_code == 2
    assert "inventory.yaml:4:11: error [schema] systems.a.kind: write one of" in result.output
    assert "inventory.yaml" in result.output and "is not valid" in result.output


def test_a_pull_request_may_add_a_system_and_its_inventory_is_checked(repo: Repo) -> None:
    with_inventory(repo)
    repo.branch("pr")
    # The pull request adds its own system: the change may name it (the coordinator reviews the
    # entry), and the head's inventory is checked so that the coordinator sees what it would
    # merge (tests/test_inventory_pull_request.py holds the rest).
    repo.write("inventory.yaml", INVENTORY + "  new-box:\n    name: New\n    kind: server\n"
               "    depends_on: [nowhere]\n")
    repo.write("changes/2026/2026-12-19-core-switch-ios.yaml",
               edit(("systems: [core-switch-01]", "systems: [new-box]"), text=DECLARED))
    result = run(repo.root, "validate", "--base", "main", "--format", "json", "--now",
                 "2026-12-01T09:00")
    found = {(f["path"], f["rule"], f["line"]) for f in json.loads(result.output)["findings"]}
    assert found == {("inventory.yaml", "inventory", 51), ("inventory.yaml", "scope", 48)}
    assert result.exit_code == 1


def test_the_change_fixture_is_what_the_tests_assume() -> None:
    assert "systems: [core-switch-01]" in CHANGE


def test_a_name_the_inventory_cannot_hold_gets_the_id_to_write(repo: Repo) -> None:
    with_inventory(repo)
    found = check(repo, edit(("systems: [core-switch-01]", "systems: [UPS_HS.02]"),
                             text=DECLARED), [("inventory", 6)])
    message = found[0]["message"]
    assert message.startswith("UPS_HS.02 is not in inventory.yaml; did you mean ups-hs "
                              "(High school UPS)?")
    assert "(ids are lowercase letters, digits and dashes: write ups-hs-02 in systems: too)" \
        in message
    assert "paste  ups-hs-02: {name: ups-hs-02, kind: ups, sites: [high-school, " in message
