"""The maintenance window's edges in America/Chicago: closed Monday-Friday 05:00-19:00.

Backout durations are 0 here (so `backout-fits` stays quiet) unless a test is about them.
"""

from __future__ import annotations

import pytest

from tests.conftest import Repo
from tests.rules.helpers import check, edit, scheduled

NO_BACKOUT_TIME = edit(("duration_minutes: 30", "duration_minutes: 0"))


def window(start: str, end: str) -> str:
    return scheduled(start, end, text=NO_BACKOUT_TIME)


@pytest.mark.parametrize(("start", "end"), [
    ("2027-01-06 19:00", "2027-01-06 21:00"),   # Wednesday, starting exactly at 19:00
    ("2027-01-07 01:00", "2027-01-07 05:00"),   # Thursday, ending exactly at 05:00
    ("2027-01-06 19:00", "2027-01-07 05:00"),   # the whole weeknight
    ("2027-01-10 22:00", "2027-01-11 05:00"),   # Sunday night into Monday 05:00
    ("2027-01-08 19:00", "2027-01-11 05:00"),   # Friday 19:00 to Monday 05:00 is one window
    ("2027-01-09 05:00", "2027-01-09 19:00"),   # Saturday daytime
    ("2027-01-07T01:00Z", "2027-01-07T03:00Z"),   # Wed 19:00-21:00 local, written in UTC
    ("2027-01-06T19:00-06:00", "2027-01-06T21:00-06:00"),
])
def test_inside(repo: Repo, start: str, end: str) -> None:
    check(repo, window(start, end), [])


@pytest.mark.parametrize(("start", "end", "line"), [
    ("2027-01-11 04:00", "2027-01-11 05:30", 15),   # Monday 04:00-05:30: the end is closed
    ("2027-01-06 18:59", "2027-01-06 21:00", 14),   # one minute early
    ("2027-01-07 01:00", "2027-01-07 05:01", 15),   # one minute late
    ("2027-01-08 19:00", "2027-01-11 05:15", 15),   # the weekend, 15 minutes into Monday
    ("2027-01-06T16:00Z", "2027-01-06T18:00Z", 14),  # Wed 10:00-12:00 local, written in UTC
    ("2027-01-06T18:00-06:00", "2027-01-06T21:00-06:00", 14),  # the zone's own offset
])
def test_outside(repo: Repo, start: str, end: str, line: int) -> None:
    check(repo, window(start, end), [("maintenance-window", line)])


def test_monday_early_morning_is_offered_monday_evening(repo: Repo) -> None:
    found = check(repo, window("2027-01-11 04:00", "2027-01-11 05:30"),
                  [("maintenance-window", 15)])
    assert found[0]["message"] == (
        "user-affecting work overlaps closed hours Mon 2027-01-11 05:00–19:00; the maintenance "
        "window is weeknights and weekends; ways forward: move it, earliest compliant start: "
        "Mon 2027-01-11 19:00 (the first usual start of work after the time it asks for; 19:00 "
        "on a weeknight, when the closed hours end); or ask the coordinator for an exception: "
        "add `exceptions: [{rule: maintenance-window, reason: <why it cannot move>}]`, which "
        "approving the pull request grants")


def test_a_utc_time_is_read_as_that_instant(repo: Repo) -> None:
    # 2026-12-19T02:00Z is Friday 20:00 in Chicago: inside the window, but inside the grades
    # blackout (until Sat 00:00), which a misreading as Saturday 02:00 local would miss.
    found = check(repo, window("2026-12-19T02:00Z", "2026-12-19T04:00Z"), [("blackout", 14)])
    assert "earliest compliant start: Sat 2026-12-19 08:00 (" in found[0]["message"]


# Both DST switches of 2027 happen on a Sunday at 02:00; the Monday after, closed hours start at
# 05:00 on the wall clock, whatever the offset.
@pytest.mark.parametrize("saturday", ["2027-03-13", "2027-11-06"])
def test_a_weekend_spanning_the_switch_ends_at_monday_five_wall_clock(
        repo: Repo, saturday: str) -> None:
    monday = {"2027-03-13": "2027-03-15", "2027-11-06": "2027-11-08"}[saturday]
    check(repo, window(f"{saturday} 20:00", f"{monday} 05:00"), [])
    found = check(repo, window(f"{saturday} 20:00", f"{monday} 05:15"),
                  [("maintenance-window", 15)])
    assert f"closed hours Mon {monday} 05:00–19:00" in found[0]["message"]


def close_sunday_night(repo: Repo, start: str, end: str) -> None:
    """A policy that also closes Sunday start-end, so that the switch night itself matters."""
    policy = repo.root / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    weekdays = '    - {days: [mon, tue, wed, thu, fri], start: "05:00", end: "19:00"}\n'
    assert weekdays in text
    policy.write_text(text.replace(
        weekdays, weekdays + f'    - {{days: [sun], start: "{start}", end: "{end}"}}\n'))


def test_spring_forward_night_is_judged_by_the_wall_clock(repo: Repo) -> None:
    close_sunday_night(repo, "03:00", "04:00")
    # 01:00 CST to 03:00 CDT is one real hour and ends when the closed hours begin.
    check(repo, window("2027-03-14 01:00", "2027-03-14 03:00"), [])
    check(repo, window("2027-03-14 01:00", "2027-03-14 03:01"), [("maintenance-window", 15)])


def test_spring_forward_backout_is_measured_in_real_minutes(repo: Repo) -> None:
    close_sunday_night(repo, "03:00", "04:00")
    text = edit(("duration_minutes: 0", "duration_minutes: 30"),
                text=window("2027-03-14 01:00", "2027-03-14 01:30"))
    check(repo, text, [])  # 01:30 CST + 30 minutes = 03:00 CDT, exactly when closed hours begin
    text = edit(("duration_minutes: 0", "duration_minutes: 31"),
                text=window("2027-03-14 01:00", "2027-03-14 01:30"))
    found = check(repo, text, [("backout-fits", 30)])
    assert "would run until Sun 2027-03-14 03:01" in found[0]["message"]


def test_fall_back_night_is_judged_by_the_wall_clock(repo: Repo) -> None:
    close_sunday_night(repo, "02:00", "03:00")
    # The second 01:30 (CST, -06:00) to 02:00 is 30 real minutes and ends as closed hours begin;
    # from the first 01:30 (CDT, -05:00) to 02:00 it is 90 minutes, ending the same moment.
    check(repo, window("2027-11-07T01:30-06:00", "2027-11-07 02:00"), [])
    check(repo, window("2027-11-07T01:30-05:00", "2027-11-07 02:00"), [])
    check(repo, window("2027-11-06 23:00", "2027-11-07 02:00"), [])
    check(repo, window("2027-11-07T01:30-06:00", "2027-11-07 02:01"),
          [("maintenance-window", 15)])


@pytest.mark.parametrize(("start", "words"), [
    ("2027-03-14 02:30", "does not exist in America/Chicago (the clocks spring forward); "
                         "write a time the clock shows that day, e.g. 03:30"),
    ("2027-11-07 01:30", "happens twice in America/Chicago (the clocks fall back)"),
])
def test_a_local_time_in_a_switch_asks_for_an_offset(repo: Repo, start: str,
                                                     words: str) -> None:
    found = check(repo, window(start, start[:11] + "05:00"), [("schema", 14)])
    assert words in found[0]["message"]


@pytest.mark.parametrize(("start", "words"), [
    # a real instant, but its written date is two days from the district's (2026-12-15 20:00)
    ("2026-12-17T01:59+23:59", "2026-12-17T01:59+23:59: the offset is neither America/Chicago's "
                               "at that moment (-06:00) nor UTC's (Z); write the local time "
                               "without an offset (2026-12-15 20:00)"),
    # summer time's offset in winter: 19:00-05:00 is 18:00 on the district's clocks
    ("2027-01-06T19:00-05:00", "the offset is neither America/Chicago's at that moment (-06:00)"),
])
def test_an_offset_the_zone_never_has_then_is_refused(repo: Repo, start: str,
                                                      words: str) -> None:
    found = check(repo, window(start, "2027-01-09 05:00"), [("schema", 14)])
    assert words in found[0]["message"]


@pytest.mark.parametrize(("start", "end"), [
    ("2027-01-07T01:59Z", "2027-01-07T03:00+00:00"),     # UTC, either way of writing it
    ("2027-01-06T19:59-06:00", "2027-01-06 21:00"),      # winter's own offset
    ("2027-07-07T19:59-05:00", "2027-07-07 21:00"),      # summer's own offset
    ("2027-11-07T01:30-05:00", "2027-11-07T01:30-06:00"),  # the fall-back hour, both offsets
])
def test_the_zone_s_own_offset_and_utc_are_taken(repo: Repo, start: str, end: str) -> None:
    check(repo, window(start, end), [])
