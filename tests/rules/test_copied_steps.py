"""copied-steps: a change says its own steps, not another change's (a warning, issue 24).

A technician copied the UPS example, changed the title and dates, and it validated clean while
keeping the example's steps ("until a new UPS arrives"), requester and stakeholders.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from cmcheck.core.model.templates import TEMPLATES
from tests.conftest import Repo, run
from tests.rules.helpers import CHANGE, check, edit, only
from tests.validating import NEIGHBOUR_PATH, add_neighbour

OTHER_PATH = "changes/2026/2026-12-12-core-switch-ios-ms.yaml"
# The fixture change again, for the middle school's switch a week earlier: its steps copied.
OTHER = edit(("title: Upgrade the high school core switch", "title: Upgrade the middle school "
              "core switch"), ("start: 2026-12-19 20:00", "start: 2026-12-12 20:00"),
             ("end: 2026-12-19 22:00", "end: 2026-12-12 22:00"))


def _with_other(repo: Repo) -> None:
    repo.commit("The middle school's switch", "2026-11-02T10:00:00-06:00",
                files={OTHER_PATH: OTHER})


def test_own_steps_pass(repo: Repo) -> None:
    add_neighbour(repo)  # same system, other steps
    check(repo, CHANGE, [])


def test_copied_steps_warn_naming_the_change_and_what_came_along(repo: Repo) -> None:
    _with_other(repo)
    found = only(check(repo, CHANGE, [("copied-steps", 19)]), "copied-steps")
    assert found["severity"] == "warning"
    assert found["message"] == (
        "repeats the plan steps and backout steps of 2026-12-12-core-switch-ios-ms (Upgrade "
        "the middle school core switch from IOS 15.2 to IOS …); the same plan summary, "
        "backout summary, requester, staff, stakeholders, impact summary too: a copied change "
        "request tells the people it notifies another change's story; write this change's "
        "own steps (for work that truly repeats, ask for an exception with the reason)")


def test_only_the_backout_copied_points_at_the_backout(repo: Repo) -> None:
    _with_other(repo)
    text = edit(("    - Check every uplink, VLAN and the DHCP relay.\n",
                 "    - Check every uplink and VLAN.\n"))
    found = only(check(repo, text, [("copied-steps", 28)]), "copied-steps")
    assert found["message"].startswith("repeats the backout steps of 2026-12-12-core-switch")


def test_case_spacing_and_punctuation_do_not_hide_a_copy(repo: Repo) -> None:
    _with_other(repo)
    text = edit(("    - Set the boot variable back to the 15.2 image.\n",
                 "    - set the boot variable  back to the 15.2 image\n"))
    check(repo, text, [("copied-steps", 19)])


def test_a_templates_usual_steps_are_not_a_copy(repo: Repo) -> None:
    firmware = TEMPLATES["firmware-upgrade"]
    steps = "".join(f"    - {step}\n" for step in firmware.steps)
    backout = "".join(f"    - {step}\n" for step in firmware.backout_steps)
    def templated(text: str) -> str:
        start = text.index("  steps:\n") + len("  steps:\n")
        text = text[:start] + steps + text[text.index("  verification:"):]
        start = text.index("  steps:\n", text.index("backout:")) + len("  steps:\n")
        return text[:start] + backout + text[text.index("  duration_minutes:"):]
    repo.commit("A templated change", "2026-11-02T10:00:00-06:00",
                files={OTHER_PATH: templated(OTHER)})
    check(repo, templated(CHANGE), [])


def test_a_pull_request_finds_the_copy_among_many_by_git_grep(repo: Repo) -> None:
    """In a pull request only files holding the longest step are parsed: the copy is found
    though it shares no date, system or site with the change (no neighbour)."""
    far = edit(("systems: [core-switch-01]", "systems: [library-server]"),
               ("sites: [high-school]", "sites: [elementary]"),
               ("start: 2026-12-19 20:00", "start: 2027-03-06 20:00"),
               ("end: 2026-12-19 22:00", "end: 2027-03-06 22:00"))
    add_neighbour(repo)
    repo.commit("Far away", "2026-11-02T11:00:00-06:00", files={OTHER_PATH: far})
    repo.git.git.checkout("-b", "copy")
    repo.commit("My change", "2026-11-03T10:00:00-06:00",
                files={"changes/2026/2026-12-19-core-switch-ios.yaml": CHANGE})
    result = run(repo.root, "validate", "--format", "json", "--base", "main", "--now",
                 "2026-11-03T12:00")
    rules = {(f["path"], f["rule"]) for f in json.loads(result.stdout)["findings"]}
    assert ("changes/2026/2026-12-19-core-switch-ios.yaml", "copied-steps") in rules, rules
    assert NEIGHBOUR_PATH not in {path for path, _ in rules}


def test_the_projects_examples_do_not_warn(examples: Path) -> None:
    result = run(examples, "validate", "--format", "json", "--now", "2026-11-29T12:00")
    assert "copied-steps" not in {f["rule"] for f in json.loads(result.stdout)["findings"]}


def test_a_copied_example_warns(examples: Path, tmp_path: Path) -> None:
    """The newcomer's copy of the UPS example, with a new title and dates."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(examples), str(clone)], check=True)
    ups = (clone / "changes/2026/2026-11-27-ups-replacement.yaml").read_text(encoding="utf-8")
    copy = ups.replace("title: Replace the failed UPS in the central office server room",
                       "title: Replace the high school UPS").replace(
        "2026-11-27 10:14", "2026-11-30 10:14").replace("2026-11-27 13:00", "2026-11-30 13:00")
    copy = copy[:copy.index("review:")]
    (clone / "changes/2026/2026-11-30-hs-ups.yaml").write_text(copy, encoding="utf-8")
    result = run(clone, "validate", "changes/2026/2026-11-30-hs-ups.yaml", "--format", "json",
                 "--now", "2026-11-30T12:00")
    found = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "copied-steps"]
    assert len(found) == 1 and "2026-11-27-ups-replacement" in found[0]["message"], found
    assert "requester" in found[0]["message"] and "backout summary" in found[0]["message"]


def test_many_copies_make_one_finding_that_counts_the_rest(repo: Repo) -> None:
    """Work that shares its steps with five others gets one warning, not five: a repository
    of many such changes once made a full run's findings grow with the square of their number
    (10,000 generated changes ran the machine out of memory)."""
    for n in range(5):
        repo.commit(f"Copy {n}", f"2026-11-0{n + 2}T10:00:00-06:00",
                    files={f"changes/2026/2026-12-0{n + 1}-copy-{n}.yaml": OTHER})
    found = only(check(repo, CHANGE, [("copied-steps", 19)]), "copied-steps")
    assert found["message"].startswith(
        "repeats the plan steps and backout steps of 2026-12-01-copy-0 (")
    assert ("; 4 other changes repeat steps of this one as well (2026-12-02-copy-1, "
            "2026-12-03-copy-2, 2026-12-04-copy-3, …): a copied change") in found["message"]


def test_a_pull_request_reads_only_the_newest_of_many_copies(repo: Repo) -> None:
    """Steps shared by thousands of merged changes ("Restore the backup.") must not make a pull
    request's check parse them all: the newest COPIES_READ files holding the longest step are
    read, and the warning names one of the newest."""
    from cmcheck.core.nearby import COPIES_READ

    far = edit(("systems: [core-switch-01]", "systems: [library-server]"),
               ("sites: [high-school]", "sites: [elementary]"))
    repo.commit("Many copies", "2026-11-02T11:00:00-06:00", files={
        f"changes/2026/2026-10-{n:02d}-copy.yaml" if n < 32 else
        f"changes/2026/2026-09-{n - 30:02d}-copy.yaml": far for n in range(1, 31 + 30)})
    repo.git.git.checkout("-b", "copy")
    repo.commit("My change", "2026-11-03T10:00:00-06:00",
                files={"changes/2026/2026-12-19-core-switch-ios.yaml": CHANGE})
    result = run(repo.root, "validate", "--format", "json", "--base", "main", "--now",
                 "2026-11-03T12:00")
    (found,) = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "copied-steps"]
    assert found["message"].startswith("repeats the plan steps and backout steps of "
                                       "2026-10-"), found  # October's, not September's
    assert f"; {COPIES_READ - 1} other changes repeat" in found["message"], found["message"]


def test_two_files_with_one_id_are_each_judged_by_their_own_steps(repo: Repo) -> None:
    """Each change's keys are worked out once (Context.once), remembered by the change itself,
    not by its id: a second file with the id (a filename error) but its own steps must not be
    judged by the first one's."""
    from tests.validating import validate

    own = edit(("- Back up the running configuration to the TFTP server.",
                "- Label the spare switch for the library closet."),
               ("- Set the boot variable back to the 15.2 image.",
                "- Move the library uplink back to the old switch."),
               ("start: 2026-12-19 20:00", "start: 2027-01-09 20:00"),
               ("end: 2026-12-19 22:00", "end: 2027-01-09 22:00"))
    _with_other(repo)
    repo.write("changes/2026/same-id.yaml", CHANGE)
    repo.write("changes/2027/same-id.yaml", own)
    _, findings = validate(repo.root)
    copied = {f["path"] for f in findings if f["rule"] == "copied-steps"}
    assert copied == {"changes/2026/same-id.yaml", OTHER_PATH}, findings
    assert {f["path"] for f in findings if f["rule"] == "filename"} >= {
        "changes/2026/same-id.yaml", "changes/2027/same-id.yaml"}
