"""unscheduled: an emergency says why and is filed within unscheduled_report_days (3)."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit, scheduled, with_section

REASON = "unscheduled:\n  reason: The core switch failed at 10:14 during classes.\n"
REVIEW = ("review:\n  outcome: successful\n  completed: 2026-11-30 11:50\n"
          "  notes: Replaced with the spare.\n")


def emergency(start: str, end: str, *sections: str) -> str:
    text = edit(("kind: scheduled", "kind: unscheduled"), text=scheduled(start, end))
    for section in sections:
        text = with_section(text, section)
    return text


def test_filed_next_day_with_a_reason_passes(repo: Repo) -> None:
    check(repo, emergency("2026-11-30 10:14", "2026-11-30 12:00", REASON, REVIEW), [])


def test_filed_exactly_three_days_later_passes(repo: Repo) -> None:
    check(repo, emergency("2026-11-28 09:00", "2026-11-28 12:00", REASON, REVIEW), [])


def test_missing_reason(repo: Repo) -> None:
    found = check(repo, emergency("2026-11-30 10:14", "2026-11-30 12:00", REVIEW),
                  [("unscheduled", 3)])
    assert "unscheduled.reason" in found[0]["message"]


def test_filed_too_late(repo: Repo) -> None:
    found = check(repo, emergency("2026-11-27 10:00", "2026-11-27 12:00", REASON, REVIEW),
                  [("unscheduled", 14)])
    assert found[0]["message"] == (
        "filed Tue 2026-12-01 09:00, more than 3 days after the change started; unscheduled "
        "changes are filed within 3 days")


def test_scheduled_change_with_an_unscheduled_section(repo: Repo) -> None:
    check(repo, with_section(CHANGE, REASON), [("unscheduled", 32)])
