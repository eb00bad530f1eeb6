"""cmcheck new with an inventory: known systems only (close ids offered), and the sites,
audiences, mission-critical data and owners filled from what the systems bring in, each said."""

from __future__ import annotations

import yaml

from tests.conftest import Repo, run
from tests.rules.test_inventory import with_inventory
from tests.test_wizard import prompt

BASE = [
    "--from", "firmware-upgrade", "--yes",
    "--title", "Upgrade the high school core switch",
    "--name", "Sam Tech", "--email", "sam.tech@qcsd.example.org", "--github", "samtech",
    "--impact", "The high school loses network access for up to an hour.",
    "--now", "2026-11-20T10:00",
]
PATH = "changes/2026/2026-12-04-upgrade-high-school-core-switch.yaml"


def test_flags_fill_sites_audiences_and_owners_from_the_inventory(repo: Repo) -> None:
    with_inventory(repo)
    result = run(repo.root, "new", *BASE, "--system", "Core-Switch-01")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((repo.root / PATH).read_text(encoding="utf-8"))
    assert data["systems"] == ["core-switch-01"]
    assert data["impact"]["sites"] == ["central-office", "elementary", "high-school",
                                       "middle-school"]
    assert data["impact"]["audiences"] == ["all-staff", "office-staff", "students", "teachers"]
    assert data["stakeholders"] == [
        "SIS data manager <sis-manager@qcsd.example.org>",
        "Director of Student Services <student-services@qcsd.example.org>"]
    # Where each came from, in the technician's words.
    assert "  site middle-school: access-sw-ms depends on core-switch-01\n" in result.output
    assert "  audience all-staff: core-switch-01 itself\n" in result.output
    assert ("  consult SIS data manager <sis-manager@qcsd.example.org>: owner of sis-server "
            "depends on core-switch-01\n") in result.output
    # What the wizard wrote passes the rules that the inventory drives.
    assert "0 errors, 0 warnings, 0 notices in 1 file" in result.output


def test_mission_critical_data_comes_from_the_dependents(repo: Repo) -> None:
    with_inventory(repo)
    result = run(repo.root, "new", *BASE, "--system", "core-switch-01", "--no-upgrade",
                 "--no-mission-critical", "--category", "configuration")
    assert result.exit_code == 0, result.output
    assert ("Mission-critical data: yes, from the inventory (sis-server holds it)."
            in result.output)
    data = yaml.safe_load((repo.root / PATH).read_text(encoding="utf-8"))
    assert data["impact"]["mission_critical_data"] is True


def test_an_unknown_system_by_flag_writes_nothing_and_offers_close_ids(repo: Repo) -> None:
    with_inventory(repo)
    result = run(repo.root, "new", *BASE, "--system", "core-swich-01")
    assert result.exit_code == 2
    assert ("core-swich-01 is not in inventory.yaml; did you mean core-switch-01 (High school "
            "core switch)?") in result.output
    assert not (repo.root / "changes").exists()


def test_an_unknown_system_typed_at_the_prompt_is_asked_again(repo: Repo) -> None:
    with_inventory(repo)
    answers = [
        "n", "", "", "", "",           # WSUS? mission-critical, upgrade, users, facilities
        "",                            # emergency? no
        "",                            # category (template's)
        "Upgrade the high school core switch", "Sam Tech", "sam.tech@qcsd.example.org",
        "samtech",
        "core-swich-01", "",           # not a new system (the default): asked again
        "core-switch-01",
        "", "",                        # audiences and sites: the inventory's
        "The high school loses network access for up to an hour.",
        "", "", "",                    # duration, backout minutes, start
        "", "", "", "", "", "",        # plan, steps, verification, staff, backout, steps
        "",                            # stakeholders: the owners
        "",                            # id
    ]
    code, output = prompt(repo.root, answers, "--from", "firmware-upgrade",
                          "--now", "2026-11-20T10:00")
    assert code == 0, output
    assert "did you mean core-switch-01 (High school core switch)?" in output
    data = yaml.safe_load((repo.root / PATH).read_text(encoding="utf-8"))
    assert data["impact"]["audiences"] == ["all-staff", "office-staff", "students", "teachers"]
    assert len(data["stakeholders"]) == 2


def test_without_an_inventory_any_name_goes(repo: Repo) -> None:
    result = run(repo.root, "new", *BASE, "--system", "core-swich-01", "--audience",
                 "all-staff", "--site", "high-school", "--stakeholder", "Principal")
    assert result.exit_code == 0, result.output
    assert "From inventory.yaml" not in result.output


def test_the_slot_skips_a_change_to_a_dependent_system(repo: Repo, change_text: str) -> None:
    with_inventory(repo)
    busy = change_text.replace("2026-12-19 20:00", "2026-12-04 19:00").replace(
        "2026-12-19 22:00", "2026-12-04 23:00").replace("[core-switch-01]", "[sis-db]").replace(
        "sites: [high-school]", "sites: []")
    repo.commit("Schedule a database change", "2026-11-01T12:00:00-05:00",
                {"changes/2026/2026-12-04-sis-db.yaml": busy})
    result = run(repo.root, "new", *BASE, "--system", "core-switch-01")
    assert result.exit_code == 0, result.output
    assert "Earliest compliant start: Sat 2026-12-05 08:00" in result.output
