"""maintenance-window: user-affecting work runs wholly inside the window (edges in
tests/test_window.py)."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit, scheduled, with_section


def test_saturday_evening_passes(repo: Repo) -> None:
    check(repo, CHANGE, [])


def test_weekday_afternoon_fails_with_the_same_evening(repo: Repo) -> None:
    found = check(repo, scheduled("2027-01-06 16:00", "2027-01-06 18:00"),
                  [("maintenance-window", 14)])
    window = next(f for f in found if f["rule"] == "maintenance-window")
    assert window["message"] == (
        "user-affecting work overlaps closed hours Wed 2027-01-06 05:00–19:00; the maintenance "
        "window is weeknights and weekends; ways forward: move it, earliest compliant start: "
        "Wed 2027-01-06 19:00 (the first usual start of work after the time it asks for; 19:00 "
        "on a weeknight, when the closed hours end); or ask the coordinator for an exception: "
        "add `exceptions: [{rule: maintenance-window, reason: <why it cannot move>}]`, which "
        "approving the pull request grants")


def test_running_into_monday_morning_points_at_the_end(repo: Repo) -> None:
    found = check(repo, scheduled("2027-01-10 23:00", "2027-01-11 06:00"),
                  [("maintenance-window", 15)])
    window = next(f for f in found if f["rule"] == "maintenance-window")
    assert "earliest compliant start: Mon 2027-01-11 19:00 (" in window["message"]


def test_no_user_impact_needs_no_window(repo: Repo) -> None:
    text = edit(("user_connectivity: true", "user_connectivity: false"),
                text=scheduled("2027-01-06 10:00", "2027-01-06 12:00"))
    check(repo, text, [])


def test_unscheduled_changes_are_exempt(repo: Repo) -> None:
    text = with_section(edit(("kind: scheduled", "kind: unscheduled"),
                             text=scheduled("2026-11-30 10:14", "2026-11-30 12:00")),
                        "unscheduled:\n  reason: The core switch failed during classes.\n"
                        "review:\n  outcome: successful\n  completed: 2026-11-30 11:50\n"
                        "  notes: Replaced with the spare.\n")
    check(repo, text, [])
