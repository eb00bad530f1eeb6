"""A pull request may add a system to inventory.yaml together with the change that uses it;
every entry that exists on the base branch is still judged as the base branch has it."""

from __future__ import annotations

from typing import Any

from cmcheck.core import engine
from tests.conftest import Repo
from tests.rules.helpers import CHANGE, edit
from tests.rules.test_inventory import DECLARED, INVENTORY
from tests.validating import CHANGE_PATH, validate

UPS = """  ups-hs-02:
    name: High school server-room UPS
    kind: ups
    sites: [high-school]
    audiences: [all-staff, students]
    owner: {name: Network Administrator, email: network-admin@qcsd.example.org}
"""
USES_UPS = edit(("systems: [core-switch-01]", "systems: [ups-hs-02]"))


def on_base(repo: Repo, inventory: str = INVENTORY) -> None:
    repo.commit("The inventory", "2026-11-01T13:00:00-05:00", {"inventory.yaml": inventory})
    repo.branch("pr")


def findings(repo: Repo) -> tuple[int, list[dict[str, Any]]]:
    return validate(repo.root, "--base", "main")


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_change_may_bring_its_new_system_in_the_same_pull_request(repo: Repo) -> None:
    on_base(repo)
    repo.write("inventory.yaml", INVENTORY + UPS)
    repo.write(CHANGE_PATH, USES_UPS)
    code, found = findings(repo)
    assert code == 0, found
    assert [(f["path"], f["rule"], f["severity"], f["line"]) for f in found] == [
        ("inventory.yaml", "scope", "notice", line_of(INVENTORY + UPS, "ups-hs-02:"))]
    assert found[0]["message"] == ("ups-hs-02 is added in this pull request: the coordinator "
                                   "reviews the new entry, and approving the pull request "
                                   "accepts it")


def test_without_the_addition_the_same_change_is_refused(repo: Repo) -> None:
    on_base(repo)
    repo.write(CHANGE_PATH, USES_UPS)
    code, found = findings(repo)
    assert code == 1
    assert [(f["rule"], f["line"]) for f in found] == [("inventory", 6)]


def test_an_edit_cannot_shrink_the_impact_of_a_change(repo: Repo) -> None:
    """The attack: the pull request lowers criticality, drops a dependency and trims the sites
    and audiences of existing entries so that its change looks smaller. Nothing of it counts."""
    on_base(repo)
    repo.write(CHANGE_PATH, CHANGE)  # declares only the high school
    _, honest = findings(repo)
    honest_risk = engine.run(engine.Options(root=repo.root, base="main", now=None)).risks
    shrunk = edit(("    depends_on: [core-switch-01]\n    audiences: [teachers, students]\n",
                   "    audiences: [students]\n"),
                  ("    depends_on: [core-switch-01]\n    mission_critical_data: true\n",
                   "    depends_on: [core-switch-01]\n    mission_critical_data: false\n"),
                  ("    sites: [high-school, elementary]\n", "    sites: [high-school]\n"),
                  text=INVENTORY)
    repo.write("inventory.yaml", shrunk)
    code, attacked = findings(repo)
    change = [f for f in attacked if f["path"] == CHANGE_PATH]
    assert change == [f for f in honest if f["path"] == CHANGE_PATH]
    assert {f["rule"] for f in change} >= {"impact", "stakeholders"}
    assert engine.run(engine.Options(root=repo.root, base="main")).risks == honest_risk
    notes = [(f["rule"], f["severity"], f["line"], f["message"].split(":")[0])
             for f in attacked if f["path"] == "inventory.yaml"]
    assert notes == [
        ("scope", "notice", line_of(shrunk, "access-sw-ms:"),
         "access-sw-ms is edited in this pull request"),
        ("scope", "notice", line_of(shrunk, "sis-server:"),
         "sis-server is edited in this pull request"),
        ("scope", "notice", line_of(shrunk, "sis-app:"), "sis-app is edited in this pull request")]
    assert "until it is merged, changes are judged by the base branch's entry" in (
        attacked[-1]["message"])
    assert code == 0  # warnings and notices: the coordinator sees both


def test_a_removed_entry_is_still_judged_as_the_base_has_it(repo: Repo) -> None:
    on_base(repo)
    repo.write(CHANGE_PATH, DECLARED)
    start = INVENTORY.index("  sis-app:")
    end = INVENTORY.index("  library-server:")
    repo.write("inventory.yaml", INVENTORY[:start] + INVENTORY[end:])
    code, found = findings(repo)
    assert code == 0, found  # DECLARED still names sis-app's sites: nothing shrank
    assert [(f["rule"], f["line"]) for f in found if f["path"] == CHANGE_PATH] == []
    assert [f["message"].split(";")[0] for f in found if f["path"] == "inventory.yaml"] == [
        "sis-app is removed in this pull request"]
    repo.write(CHANGE_PATH, CHANGE)
    assert "impact" in {f["rule"] for f in findings(repo)[1]}


def test_a_dependency_on_the_added_system_counts_at_once(repo: Repo) -> None:
    """The new UPS carries the core switch: the core switch's edit that says so widens the UPS
    change's impact, so it is taken in before the merge."""
    on_base(repo)
    inventory = edit(("    depends_on: [ups-hs]\n", "    depends_on: [ups-hs, ups-hs-02]\n"),
                     text=INVENTORY) + UPS
    repo.write("inventory.yaml", inventory)
    repo.write(CHANGE_PATH, USES_UPS)
    _, found = findings(repo)
    impact = [f["message"] for f in found if f["rule"] == "impact"]
    assert any("middle-school" in m and "ups-hs-02" in m for m in impact), found
    edited = [f["message"] for f in found if f["path"] == "inventory.yaml"
              and f["message"].startswith("core-switch-01")]
    assert edited == ["core-switch-01 is edited in this pull request: until it is merged, "
                      "changes are judged by the base branch's entry (its new dependency on "
                      "ups-hs-02, which this pull request adds, counts now: it can only widen "
                      "what a change affects); the coordinator reviews the edit"]


def test_a_malformed_addition_is_reported_on_its_lines(repo: Repo) -> None:
    on_base(repo)
    broken = UPS.replace("kind: ups", "kind: toaster").replace(
        "    sites: [high-school]\n", "    sites: [high-school]\n    depends_on: [nowhere]\n")
    text = INVENTORY + broken
    repo.write("inventory.yaml", text)
    repo.write(CHANGE_PATH, USES_UPS)
    code, found = findings(repo)
    assert code == 1
    got = {(f["path"], f["rule"], f["line"]) for f in found}
    assert ("inventory.yaml", "schema", line_of(text, "kind: toaster")) in got
    # Not accepted, so the change that names it is told so too.
    assert (CHANGE_PATH, "inventory", 6) in got


def test_an_added_entry_pointing_nowhere_is_an_error_on_its_line(repo: Repo) -> None:
    on_base(repo)
    text = INVENTORY + UPS + "    depends_on: [nowhere]\n"
    repo.write("inventory.yaml", text)
    repo.write(CHANGE_PATH, USES_UPS)
    code, found = findings(repo)
    assert code == 1
    assert ("inventory.yaml", "inventory", line_of(text, "[nowhere]")) in {
        (f["path"], f["rule"], f["line"]) for f in found}


def test_a_comment_only_edit_keeps_the_plain_scope_notice(repo: Repo) -> None:
    on_base(repo)
    repo.write("inventory.yaml", "# reviewed in December\n" + INVENTORY)
    repo.write(CHANGE_PATH, DECLARED)
    _, found = findings(repo)
    assert [(f["path"], f["rule"], f["line"]) for f in found] == [("inventory.yaml", "scope", 1)]


def test_the_entry_the_finding_offers_can_be_pasted_as_it_is(repo: Repo) -> None:
    """The way forward is exact: paste the line from the message under systems: and the same
    pull request passes."""
    on_base(repo)
    repo.write(CHANGE_PATH, edit(("systems: [core-switch-01]", "systems: [ups-hs-03]")))
    code, found = findings(repo)
    assert code == 1
    message = next(f["message"] for f in found if f["rule"] == "inventory")
    pasted = "  " + message.split("paste  ", 1)[1].split("  then correct", 1)[0]
    assert pasted.startswith("  ups-hs-03: {name: ups-hs-03, kind: ups, sites: [high-school],")
    repo.write("inventory.yaml", INVENTORY + pasted + "\n")
    code, found = findings(repo)
    assert code == 0, found
    assert [(f["path"], f["rule"]) for f in found] == [("inventory.yaml", "scope")]


def test_a_first_inventory_counts_and_is_one_notice(repo: Repo) -> None:
    repo.branch("pr")
    repo.write("inventory.yaml", INVENTORY)
    repo.write(CHANGE_PATH, edit(("systems: [core-switch-01]", "systems: [nowhere-01]")))
    code, found = findings(repo)
    assert code == 1
    assert [(f["path"], f["rule"], f["line"]) for f in found] == [
        (CHANGE_PATH, "inventory", 6), ("inventory.yaml", "scope", 1)]
