"""changes.ics read back by icalendar and recurring-ical-events, as a calendar client would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from cmcheck.calendar import ics
from tests import calendar_scenario as scenario
from tests.conftest import Repo, run


@pytest.fixture
def feed(repo: Repo, change_text: str, tmp_path: Path) -> icalendar.Calendar:
    scenario.build(repo, change_text)
    out = tmp_path / "site"
    assert run(repo.root, "calendar", "--out", str(out), "--now", scenario.NOW).exit_code == 0
    return icalendar.Calendar.from_ical((out / "changes.ics").read_bytes())


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_one_event_per_change_with_stable_uids(feed: icalendar.Calendar) -> None:
    found = events(feed)
    assert sorted(found) == sorted(f"{i}@qcsd.example.org" for i in (
        "2026-12-05-elementary-ups", "2026-12-12-library-patch", "2026-12-15-script-title",
        "2026-12-16-print-server", "2026-12-19-core-switch-ios", "2026-12-19-uplink-optics",
        "2027-03-13-sis-dst"))
    assert feed.walk("VTIMEZONE")[0]["TZID"] == "America/Chicago"


def test_sequence_counts_reschedules(feed: icalendar.Calendar) -> None:
    found = events(feed)
    assert found["2026-12-19-core-switch-ios@qcsd.example.org"]["SEQUENCE"] == 1
    assert found["2026-12-19-uplink-optics@qcsd.example.org"]["SEQUENCE"] == 0


def test_cancelled_changes_say_so(feed: icalendar.Calendar) -> None:
    found = events(feed)
    assert found["2026-12-16-print-server@qcsd.example.org"]["STATUS"] == "CANCELLED"
    assert found["2026-12-19-core-switch-ios@qcsd.example.org"]["STATUS"] == "CONFIRMED"


def test_a_cancellation_outranks_the_last_version_sent(
        repo: Repo, change_text: str, tmp_path: Path) -> None:
    # Clients ignore a CANCELLED event whose SEQUENCE is not above the one they hold: the core
    # switch change went out with SEQUENCE 1 (one reschedule), so its cancellation needs 2.
    scenario.build(repo, change_text)
    before = tmp_path / "before"
    run(repo.root, "calendar", "--out", str(before), "--now", scenario.NOW)
    repo.commit("Cancel the core switch upgrade", "2026-12-01T09:00:00-06:00",
                remove=[scenario.SWITCH])
    after = tmp_path / "after"
    run(repo.root, "calendar", "--out", str(after), "--now", scenario.NOW)
    uid = "2026-12-19-core-switch-ios@qcsd.example.org"
    sent = events(icalendar.Calendar.from_ical((before / "changes.ics").read_bytes()))[uid]
    gone = events(icalendar.Calendar.from_ical((after / "changes.ics").read_bytes()))[uid]
    assert (sent["STATUS"], sent["SEQUENCE"]) == ("CONFIRMED", 1)
    assert (gone["STATUS"], gone["SEQUENCE"]) == ("CANCELLED", 2)
    never_moved = events(icalendar.Calendar.from_ical((after / "changes.ics").read_bytes()))
    assert never_moved["2026-12-16-print-server@qcsd.example.org"]["SEQUENCE"] == 1


def test_the_time_zone_covers_events_after_2037(
        repo: Repo, change_text: str, tmp_path: Path) -> None:
    # Read the VTIMEZONE itself, not the zone its TZID names: a client without the IANA name
    # (or one that trusts the component) must find summer time in July 2040.
    scenario.build(repo, change_text)
    late = scenario.with_schedule(change_text, "2040-07-07 20:00", "2040-07-07 22:00")
    repo.commit("A change far ahead", "2026-12-02T09:00:00-06:00",
                files={"changes/2040/2040-07-07-far-ahead.yaml": late})
    run(repo.root, "calendar", "--out", str(tmp_path / "s"), "--now", scenario.NOW)
    feed = icalendar.Calendar.from_ical((tmp_path / "s/changes.ics").read_bytes())
    zone = feed.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    event = events(feed)["2040-07-07-far-ahead@qcsd.example.org"]
    start = event.decoded("DTSTART").replace(tzinfo=None)
    assert start == datetime(2040, 7, 7, 20, 0)
    assert start.replace(tzinfo=zone).utcoffset() == timedelta(hours=-5)
    assert datetime(2040, 1, 7, 20, 0, tzinfo=zone).utcoffset() == timedelta(hours=-6)


def test_times_across_the_spring_forward_change(feed: icalendar.Calendar) -> None:
    # Sat 13 Mar 2027 23:00 CST to Sun 14 Mar 04:00 CDT: four real hours, not five.
    event = events(feed)["2027-03-13-sis-dst@qcsd.example.org"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.astimezone(UTC) == datetime(2027, 3, 14, 5, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2027, 3, 14, 9, 0, tzinfo=UTC)
    assert end.utcoffset() != start.utcoffset()
    found = recurring_ical_events.of(feed).between(date(2027, 3, 13), date(2027, 3, 15))
    assert [str(e["UID"]) for e in found] == ["2027-03-13-sis-dst@qcsd.example.org"]
    assert found[0].decoded("DTEND") - found[0].decoded("DTSTART") == end - start


def test_a_reader_finds_the_week(feed: icalendar.Calendar) -> None:
    found = recurring_ical_events.of(feed).between(date(2026, 12, 14), date(2026, 12, 21))
    titles = sorted(str(e["SUMMARY"]) for e in found)
    assert titles[0] == scenario.XSS_TITLE  # plain text in iCalendar: no HTML involved
    assert len(titles) == 4


def test_site_feed_holds_only_its_site(repo: Repo, change_text: str, tmp_path: Path) -> None:
    scenario.build(repo, change_text)
    run(repo.root, "calendar", "--out", str(tmp_path / "s"), "--now", scenario.NOW)
    site = icalendar.Calendar.from_ical((tmp_path / "s/sites/middle-school.ics").read_bytes())
    assert list(events(site)) == ["2026-12-15-script-title@qcsd.example.org"]


def test_event_links_to_its_page_when_the_policy_gives_the_address(
        repo: Repo, change_text: str, tmp_path: Path) -> None:
    policy = (repo.root / "policy.yaml").read_text(encoding="utf-8").replace(
        "  domain: qcsd.example.org\n",
        "  domain: qcsd.example.org\n  calendar_url: https://qcsd.example.org/changes/\n")
    repo.commit("Publish the calendar address", "2026-11-02T12:00:00-06:00",
                files={"policy.yaml": policy})
    scenario.build(repo, change_text)
    run(repo.root, "calendar", "--out", str(tmp_path / "s"), "--now", scenario.NOW)
    found = events(icalendar.Calendar.from_ical((tmp_path / "s/changes.ics").read_bytes()))
    event = found["2026-12-19-core-switch-ios@qcsd.example.org"]
    url = "https://qcsd.example.org/changes/changes/2026-12-19-core-switch-ios.html"
    assert str(event["URL"]) == url and url in str(event["DESCRIPTION"])


@pytest.mark.parametrize("line", ["a" * 200, "é" * 100, "DESCRIPTION:" + "x\\n" * 60,
                                  "SUMMARY:short", "X:" + "日本語" * 40])
def test_folding_keeps_lines_short_and_text_whole(line: str) -> None:
    parts = ics.fold(line).split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert parts[0] + "".join(part[1:] for part in parts[1:]) == line
    assert not any(part.endswith("\\") for part in parts[:-1])
