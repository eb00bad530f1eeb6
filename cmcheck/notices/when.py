"""Times as a staff member reads them: "Saturday, December 12, 7:30 PM – 10:00 PM CST"."""

from __future__ import annotations

from datetime import datetime, tzinfo


def _day(moment: datetime) -> str:
    return f"{moment:%A}, {moment:%B} {moment.day}"


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


def moment(value: datetime, tz: tzinfo) -> str:
    local = value.astimezone(tz)
    return f"{_day(local)}, {_clock(local)} {local.tzname()}"


def span(start: datetime, end: datetime, tz: tzinfo) -> str:
    """One day: the day once; across midnight or a clock change: each end in full."""
    first, last = start.astimezone(tz), end.astimezone(tz)
    if first.date() == last.date() and first.tzname() == last.tzname():
        return f"{_day(first)}, {_clock(first)} – {_clock(last)} {last.tzname()}"
    if first.tzname() == last.tzname():
        return f"{_day(first)}, {_clock(first)} – {_day(last)}, {_clock(last)} {last.tzname()}"
    return f"{moment(start, tz)} – {moment(end, tz)}"
