"""exceptions: a waiver turns that rule's error into a notice for the coordinator."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import check, edit, scheduled, with_section
from tests.validating import validate

WEEKDAY = scheduled("2027-01-06 16:00", "2027-01-06 18:00")


def waiving(text: str, *rules: str) -> str:
    entries = "".join(f"  - rule: {rule}\n    reason: The vendor engineer only works weekdays.\n"
                      for rule in rules)
    return with_section(text, "exceptions:\n" + entries)


def test_a_waived_error_becomes_a_notice_and_passes(repo: Repo) -> None:
    found = check(repo, waiving(WEEKDAY, "maintenance-window"), [("maintenance-window", 14)])
    assert found[0]["severity"] == "notice"
    assert found[0]["message"] == (
        "exception requested (The vendor engineer only works weekdays.); the coordinator's "
        "approval grants it: user-affecting work overlaps closed hours Wed 2027-01-06 "
        "05:00–19:00; the maintenance window is weeknights and weekends; without the exception, "
        "the earliest compliant start: Wed 2027-01-06 19:00 (the first usual start of work "
        "after the time it asks for; 19:00 on a weeknight, when the closed hours end)")


def test_a_waiver_covers_only_its_own_rule(repo: Repo) -> None:
    text = waiving(edit(("duration_minutes: 30", "duration_minutes: 60"),
                        text=scheduled("2027-01-10 23:00", "2027-01-11 04:30")), "blackout")
    found = check(repo, text, [("backout-fits", 30)])
    assert found[0]["severity"] == "warning"


def test_a_waived_warning_becomes_a_notice(repo: Repo) -> None:
    text = edit(("duration_minutes: 30", "duration_minutes: 61"),
                text=scheduled("2027-01-10 23:00", "2027-01-11 04:00"))
    found = check(repo, waiving(text, "backout-fits"), [("backout-fits", 30)])
    assert found[0]["severity"] == "notice"


def test_a_waived_notice_period_suggests_the_start_with_full_notice(repo: Repo) -> None:
    # Not the change's own start (that would "suggest" what the file already says): the
    # earliest start that gives the full notice, so the coordinator sees what is waived.
    text = waiving(scheduled("2026-12-05 20:00", "2026-12-05 22:00"), "notice-period")
    found = check(repo, text, [("notice-period", 14)])
    assert found[0]["message"] == (
        "exception requested (The vendor engineer only works weekdays.); the coordinator's "
        "approval grants it: submitted Tue 2026-12-01 09:00, 4 days 11 hours before the start; "
        "the policy asks 14 days of notice; without the exception, the earliest compliant start: "
        "Tue 2026-12-15 19:00 (the first usual start of work after 14 days of notice; 19:00 on a "
        "weeknight, when the closed hours end)")


def test_other_waived_rules_are_left_out_of_the_suggestion(repo: Repo) -> None:
    # Waiving the notice period and the window: a weekday afternoon six days away fails
    # only on them, and each suggestion keeps its own rule and drops the other.
    text = waiving(scheduled("2026-12-07 14:00", "2026-12-07 16:00"), "notice-period",
                   "maintenance-window")
    found = check(repo, text, [("notice-period", 14), ("maintenance-window", 14)])
    messages = {f["rule"]: f["message"] for f in found}
    assert "earliest compliant start: Tue 2026-12-15 09:00 (" in messages["notice-period"]
    assert "earliest compliant start: Mon 2026-12-07 19:00 (" in messages["maintenance-window"]


def test_an_unused_waiver_reports_nothing(repo: Repo) -> None:
    repo.write("changes/2026/2026-12-19-core-switch-ios.yaml",
               waiving(scheduled("2026-12-19 20:00", "2026-12-19 22:00"), "blackout"))
    assert validate(repo.root) == (0, [])


def test_an_exception_for_an_unknown_rule_is_a_schema_error(repo: Repo) -> None:
    found = check(repo, waiving(WEEKDAY, "maintenance-windows"), [("schema", 33)])
    assert found[0]["severity"] == "error"
    assert found[0]["message"].startswith("exceptions.0.rule: write one of notice-period, ")
