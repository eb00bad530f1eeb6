"""The iCalendar feeds (RFC 5545): every change, and one feed per site.

Each VEVENT is serialised once and reused by every feed it belongs to. DTSTAMP comes from the
data (the file's last commit, else the change's start) so that two builds are byte-identical.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
from icalendar.prop import vText, vUri

from cmcheck.calendar.data import Entry
from cmcheck.core.model.policy import Policy

PRODID = "-//cmcheck//change calendar//EN"


def page_url(policy: Policy, entry: Entry) -> str | None:
    base = policy.district.calendar_url
    return f"{base.rstrip('/')}/{entry.page}" if base else None


def _status(entry: Entry) -> str:
    if entry.pull is not None:
        return "TENTATIVE"
    return "CANCELLED" if entry.state.key == "cancelled" else "CONFIRMED"


def render_event(entry: Entry, policy: Policy) -> bytes:
    """One VEVENT. icalendar's value types encode and escape every value; the lines are put
    together here because icalendar's Event.to_ical costs 0.3 ms an event, more than a third of a
    10,000-change build (the feeds are read back with icalendar in the tests)."""
    change = entry.change
    zone = policy.timezone
    title = change.title if entry.state.key == "scheduled" else (
        f"{change.title} ({entry.state.label.lower()})")
    if entry.pull is not None:  # never to be mistaken for a schedule (calendar/pending.py)
        title = f"Requested, not approved: {change.title} (pull request #{entry.pull})"
    url = page_url(policy, entry)
    state = entry.state.label if entry.pull is None else \
        f"{entry.state.label}, not approved (pull request #{entry.pull})"
    about = [change.impact.summary, "", f"State: {state}",
             f"Systems: {', '.join(change.systems)}",
             f"Requester: {change.requester.name} <{change.requester.email}>"]
    if url:
        about.append(f"Details: {url}")
    stamp = (entry.history.last or entry.start).astimezone(UTC)
    # A request has its own UID: once merged, the confirmed event is a different one.
    uid = entry.id if entry.pull is None else f"requested-{entry.pull}-{entry.id}"
    lines = [
        ("UID", _text(f"{uid}@{policy.district.domain}")),
        ("DTSTAMP", _moment(stamp)),
        (f"DTSTART;TZID={zone}", _moment(entry.start.astimezone(policy.tz).replace(tzinfo=None))),
        (f"DTEND;TZID={zone}", _moment(entry.end.astimezone(policy.tz).replace(tzinfo=None))),
        ("SEQUENCE", str(sequence(entry))),
        ("SUMMARY", _text(title)),
        ("DESCRIPTION", _text("\n".join(about))),
        ("STATUS", _status(entry)),
    ]
    if url:
        lines.append(("URL", vUri(url).to_ical().decode("utf-8")))
    if entry.sites:
        names = [policy.sites[k].name if k in policy.sites else k for k in entry.sites]
        lines.append(("LOCATION", _text(", ".join(names))))
    body = "".join(fold(f"{name}:{value}") + "\r\n" for name, value in lines)
    return f"BEGIN:VEVENT\r\n{body}END:VEVENT\r\n".encode()


def sequence(entry: Entry) -> int:
    """Reschedules so far, plus one for a cancellation: RFC 5545 clients ignore a CANCELLED
    event whose SEQUENCE is not above the last one they received."""
    return entry.history.reschedules + (entry.state.key == "cancelled")


def years(entries: list[Entry], policy: Policy, today: date) -> tuple[int, int]:
    """The first and last year the feeds' VTIMEZONE must cover: every event, and next year."""
    local = [moment.astimezone(policy.tz).year for e in entries for moment in (e.start, e.end)]
    return min([*local, today.year]), max([*local, today.year + 1])


def _text(value: str) -> str:
    return str(vText(value).to_ical().decode("utf-8"))


def _moment(value: datetime) -> str:
    """A DATE-TIME: floating local time for TZID values, UTC with Z for DTSTAMP (RFC 5545
    3.3.5; the same text as icalendar's vDDDTypes, which costs a parameter object a call)."""
    return value.strftime("%Y%m%dT%H%M%SZ" if value.tzinfo is not None else "%Y%m%dT%H%M%S")


def fold(line: str, limit: int = 75) -> str:
    """RFC 5545 line folding: at most `limit` octets a line (the continuation's leading space
    included), never inside a UTF-8 character nor right after a backslash (some clients misread
    an escape split across two lines)."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    chunks: list[bytes] = []
    start, width = 0, limit
    while len(data) - start > width:
        end = start + width
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back up to the lead
            end -= 1
        if data[end - 1] == 0x5C and end - 1 > start:  # keep "\n" and "\," whole
            end -= 1
        chunks.append(data[start:end])
        start, width = end, limit - 1
    chunks.append(data[start:])
    return b"\r\n ".join(chunks).decode("utf-8")


def _frame(policy: Policy, name: str, span: tuple[int, int]) -> tuple[bytes, bytes]:
    """The calendar's header (with the VTIMEZONE) and footer, to wrap serialised events.

    The VTIMEZONE lists each year's transitions over span (icalendar's default stops at 2038,
    and readers then guess the offsets of later events differently)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", policy.timezone)
    calendar.add_component(icalendar.Timezone.from_tzid(
        policy.timezone, first_date=date(span[0], 1, 1), last_date=date(span[1] + 1, 1, 1)))
    text: bytes = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    return text[: -len(end)], end


def render_feed(events: list[bytes], *, policy: Policy, name: str,
                span: tuple[int, int]) -> bytes:
    head, tail = _frame(policy, name, span)
    return head + b"".join(events) + tail
