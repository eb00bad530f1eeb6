"""cmcheck new: a start that breaks a rule is moved, covered by an exception, or kept on request.

"Replace the UPS next Saturday", six days away: the procedure allows it "unless otherwise
scheduled with the Technology Coordinator", so the wizard names the rule, offers the earliest
compliant start, and asks for an exception with a reason instead of writing a failing file.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import Repo, run
from tests.test_wizard import prompt

NOW = "2026-11-29T08:00"  # a Sunday; next Saturday 08:00 is 6 days away
REASON = "The UPS failed its self-test and is on bypass; the vendor's crew is free that day."
BEFORE_START = [
    "n", "", "", "", "",               # WSUS? mission-critical, upgrade, users, facilities
    "", "",                            # emergency? no; category: the template's
    "Replace the server room UPS", "Sam Tech", "sam.tech@qcsd.example.org", "samtech",
    "ups-hs-01", "all-staff", "high-school",
    "Servers in the high school may restart if the power drops.",
    "", "",                            # duration, backout minutes
]
AFTER_START = [
    "", "", "", "", "", "",            # plan, keep steps, verification, staff, backout, steps
    "Director of Operations", "Maintenance Director", "",   # stakeholders, facilities, id
]
BROKEN = ("Sat 2026-12-05 08:00 breaks notice-period (6 days of notice where the policy "
          "asks 14 days); the earliest compliant start after it is Sun 2026-12-13 08:00.\n")
UPS = "changes/2026/2026-12-05-replace-server-room-ups.yaml"
FLAGS = [
    "--from", "ups-power", "--yes", "--title", "Replace the server room UPS",
    "--name", "Sam Tech", "--email", "sam.tech@qcsd.example.org", "--github", "samtech",
    "--system", "ups-hs-01", "--audience", "all-staff", "--site", "high-school",
    "--impact", "Servers in the high school may restart if the power drops.",
    "--stakeholder", "Director of Operations", "--coordinated-with", "Maintenance Director",
    "--now", NOW,
]


def written(root: Path, path: str = UPS) -> dict[str, object]:
    data = yaml.safe_load((root / path).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_declined_move_offers_the_exception_and_the_file_validates(repo: Repo) -> None:
    answers = [*BEFORE_START, "2026-12-05 08:00", "n", "", REASON, *AFTER_START]
    code, output = prompt(repo.root, answers, "--from", "ups-power", "--now", NOW)
    assert code == 0, output
    assert (BROKEN + "Start at 2026-12-13 08:00 instead? [Y/n]: n\n"
            "Ask the Technology Coordinator for an exception to notice-period? [Y/n]: \n"
            f"Why can it not wait (notice-period), for the coordinator: {REASON}\n"
            "The file asks the Technology Coordinator for an exception to notice-period; "
            "approving the pull request grants it.\n") in output
    assert ("notice [notice-period] exception requested (The UPS failed its self-test and is on "
            "bypass; the vendor's crew is free that day.); the coordinator's approval grants it: "
            "submitted Sun 2026-11-29 08:00, 6 days before the start; the policy asks "
            "14 days of notice; without the exception, the earliest compliant start: Sun "
            "2026-12-13 08:00 (the first usual start of work after 14 days of notice; 08:00 on a "
            "weekend day)\n"
            "0 errors, 0 warnings, 1 notice in 1 file\n") in output
    data = written(repo.root)
    assert data["schedule"] == {"start": "2026-12-05 08:00", "end": "2026-12-05 10:00"}
    assert data["exceptions"] == [{"rule": "notice-period", "reason": REASON}]
    assert run(repo.root, "validate", "--now", NOW).exit_code == 0


def test_declining_both_asks_before_writing_a_failing_file(repo: Repo) -> None:
    # No move, no exception, do not write it anyway: asked for another start.
    answers = [*BEFORE_START, "2026-12-05 08:00", "n", "n", "", "2026-12-13 08:00",
               *AFTER_START]
    code, output = prompt(repo.root, answers, "--from", "ups-power", "--now", NOW)
    assert code == 0, output
    assert (BROKEN + "Start at 2026-12-13 08:00 instead? [Y/n]: n\n"
            "Ask the Technology Coordinator for an exception to notice-period? [Y/n]: n\n"
            "Write it anyway? cmcheck validate will fail on notice-period [y/N]: \n"
            "Start (YYYY-MM-DD HH:MM, local time) [2026-12-13 08:00]: 2026-12-13 08:00\n"
            ) in output
    assert "0 errors, 0 warnings, 0 notices in 1 file" in output
    data = written(repo.root, "changes/2026/2026-12-13-replace-server-room-ups.yaml")
    assert "exceptions" not in data


def test_a_failing_file_is_written_only_when_the_technician_says_so(repo: Repo) -> None:
    answers = [*BEFORE_START, "2026-12-05 08:00", "n", "n", "y", *AFTER_START]
    code, output = prompt(repo.root, answers, "--from", "ups-power", "--now", NOW)
    assert code == 1, output
    assert "Write it anyway? cmcheck validate will fail on notice-period [y/N]: y\n" in output
    assert "error [notice-period]" in output
    assert "exceptions" not in written(repo.root)


def test_a_typed_start_in_closed_hours_and_a_blackout_names_both_rules(repo: Repo) -> None:
    answers = [*BEFORE_START, "2026-12-17 14:00", "n", "", "Report cards need the new UPS.",
               "", "The vendor only works weekdays.", *AFTER_START]
    code, output = prompt(repo.root, answers, "--from", "ups-power", "--now", "2026-11-20T10:00")
    assert code == 0, output
    assert ("Thu 2026-12-17 14:00 breaks maintenance-window (it overlaps closed hours Thu "
            "2026-12-17 05:00–19:00); blackout (it overlaps the Semester grades blackout); the "
            "earliest compliant start after it is Sat 2026-12-19 08:00.\n") in output
    data = written(repo.root, "changes/2026/2026-12-17-replace-server-room-ups.yaml")
    assert data["exceptions"] == [
        {"rule": "maintenance-window", "reason": "Report cards need the new UPS."},
        {"rule": "blackout", "reason": "The vendor only works weekdays."}]
    assert "0 errors, 0 warnings, 2 notices in 1 file" in output


def test_the_exception_by_flag_with_a_start_validates_clean(repo: Repo) -> None:
    result = run(repo.root, "new", *FLAGS, "--start", "2026-12-05 08:00",
                 "--exception", f"notice-period:{REASON}")
    assert result.exit_code == 0, result.output
    assert "breaks" not in result.output
    assert "0 errors, 0 warnings, 1 notice in 1 file" in result.output
    assert written(repo.root)["exceptions"] == [{"rule": "notice-period", "reason": REASON}]


def test_the_exception_by_flag_moves_the_proposed_start(repo: Repo) -> None:
    # Without --start, the proposal drops the waived notice: the first window slot from now.
    result = run(repo.root, "new", *FLAGS, "--exception", f"notice-period:{REASON}")
    assert result.exit_code == 0, result.output
    assert ("Earliest compliant start: Sun 2026-11-29 08:00 (maintenance window with room for "
            "the backout, no blackout, no conflicting change; exception asked for "
            "notice-period).") in result.output
    assert written(repo.root, "changes/2026/2026-11-29-replace-server-room-ups.yaml")[
        "schedule"] == {"start": "2026-11-29 08:00", "end": "2026-11-29 10:00"}


def test_a_wrong_exception_flag_writes_nothing(repo: Repo) -> None:
    for value, message in [
        ("notice:soon", "Invalid value for --exception: 'notice:soon': write RULE:REASON with "
                        "RULE one of notice-period, maintenance-window, backout-plan, "
                        "backout-fits, facilities, blackout, resources, conflict, unscheduled, "
                        "stakeholders, review-due"),
        ("notice-period", "Invalid value for --exception: 'notice-period': write RULE:REASON"),
        ("notice-period: ", "Invalid value for --exception: notice-period: the reason: "),
    ]:
        result = run(repo.root, "new", *FLAGS, "--exception", value)
        assert result.exit_code == 2, result.output
        assert message in result.output
    assert not (repo.root / "changes").exists()


def test_the_ups_template_talks_about_power_not_cabling() -> None:
    from cmcheck.technician.templates import TEMPLATES

    ups = TEMPLATES["ups-power"]
    text = " ".join((ups.plan, *ups.steps, ups.verification, ups.backout, *ups.backout_steps))
    assert "bypass" in text and "cable" not in text.lower() and "network" not in text.lower()
    assert ups.facilities == ("electricity",)
    generic = TEMPLATES["hardware-replacement"]
    assert "cabl" not in " ".join((generic.plan, *generic.steps, *generic.backout_steps))


def test_an_emergency_in_a_blackout_is_offered_the_exception_not_a_slot(repo: Repo) -> None:
    answers = ["n", "", "", "", "none", "y", "other", "Replace the failed SIS disk", "Sam Tech",
               "sam.tech@qcsd.example.org", "samtech", "sis-01", "teachers", "high-school",
               "Grades cannot be entered while the server is down.", "60", "",
               "", "", "Grades are due and the server is down.",
               "", "", "", "", "Registrar", "The disk failed at 09:40.", ""]
    # Real steps by flag: the emergency template's own are placeholders (the plan rule).
    code, output = prompt(repo.root, answers, "--from", "emergency", "--now", "2026-12-17T10:00",
                          "--step", "Replace the failed disk.", "--step", "Rebuild the array.",
                          "--backout-step", "Run from the remaining disk.")
    assert code == 0, output
    assert ("Thu 2026-12-17 10:00 breaks blackout (it overlaps the Semester grades blackout); an "
            "emergency starts when it must: ask for an exception or type another start.\n"
            "Ask the Technology Coordinator for an exception to blackout? [Y/n]: ") in output
    data = written(repo.root, "changes/2026/2026-12-17-replace-failed-sis-disk.yaml")
    assert data["kind"] == "unscheduled"
    assert data["exceptions"] == [
        {"rule": "blackout", "reason": "Grades are due and the server is down."}]


def test_an_emergency_filed_too_late_is_named_before_it_is_written(repo: Repo) -> None:
    result = run(repo.root, "new", *FLAGS[:-2], "--from", "emergency", "--now", NOW,
                 "--start", "2026-11-20 10:00", "--reason", "The UPS failed during classes.",
                 "--step", "Swap in the spare UPS.", "--backout-step", "Run on the bypass.")
    assert result.exit_code == 1, result.output
    assert ("Fri 2026-11-20 10:00 breaks unscheduled (filed 8 days 22 hours after it started; "
            "the policy asks for it within 3 days); an emergency starts when it must: ask for an "
            "exception or type another start.\nWritten as given") in result.output
    assert "error [unscheduled]" in result.output
