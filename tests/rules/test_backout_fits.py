"""backout-fits: end + backout duration still ends inside the window (a warning)."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import check, edit, scheduled

SUNDAY_NIGHT = scheduled("2027-01-10 23:00", "2027-01-11 04:00")


def test_backout_ending_at_exactly_five_passes(repo: Repo) -> None:
    check(repo, edit(("duration_minutes: 30", "duration_minutes: 60"), text=SUNDAY_NIGHT), [])


def test_backout_one_minute_into_monday_warns(repo: Repo) -> None:
    found = check(repo, edit(("duration_minutes: 30", "duration_minutes: 61"),
                             text=SUNDAY_NIGHT), [("backout-fits", 30)])
    assert found[0]["severity"] == "warning"
    assert found[0]["message"] == ("a backout after the end would run until Mon 2027-01-11 "
                                   "05:01, into closed hours from 05:00")


def test_no_user_impact_no_warning(repo: Repo) -> None:
    text = edit(("duration_minutes: 30", "duration_minutes: 600"),
                ("user_connectivity: true", "user_connectivity: false"), text=SUNDAY_NIGHT)
    check(repo, text, [])


def test_a_change_in_closed_hours_gets_the_window_error_alone(repo: Repo) -> None:
    # A weekday 2 pm change: one clear maintenance-window error, not a backout warning that
    # says the same thing in other words.
    found = check(repo, scheduled("2027-01-04 14:00", "2027-01-04 16:15"),
                  [("maintenance-window", 14)])
    assert found[0]["message"] == (
        "user-affecting work overlaps closed hours Mon 2027-01-04 05:00–19:00; the maintenance "
        "window is weeknights and weekends; ways forward: move it, earliest compliant start: "
        "Mon 2027-01-04 19:00 (the first usual start of work after the time it asks for; 19:00 "
        "on a weeknight, when the closed hours end); or ask the coordinator for an exception: "
        "add `exceptions: [{rule: maintenance-window, reason: <why it cannot move>}]`, which "
        "approving the pull request grants")
