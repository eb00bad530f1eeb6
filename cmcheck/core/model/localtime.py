"""Wall-clock times in the district's zone, as a technician writes them.

A time without an offset is local time in ``policy.timezone``. One that does not exist (the
spring-forward gap) or exists twice (the fall-back fold) is refused: only an explicit offset says
which instant was meant.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, ValidationInfo, WithJsonSchema

DEFAULT_TIMEZONE = "America/Chicago"

DATETIME_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$"
)
_DATETIME = re.compile(DATETIME_PATTERN)
# Beyond these years the arithmetic on a change (UTC conversion, a year's search for the next
# free slot) overflows Python's datetime; no real change request needs them.
YEARS = range(1970, 3000)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# "8:00": people write the hour with one digit; ISO 8601 (and the file) takes two.
_ONE_DIGIT_HOUR = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2}[ T])?(?P<hour>\d):(?P<rest>[0-5]\d.*)$")


@cache
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name like "
                         f"{DEFAULT_TIMEZONE})") from None


def context_zone(info: ValidationInfo) -> tzinfo:
    context = info.context if isinstance(info.context, dict) else {}
    found = context.get("tz")
    return found if isinstance(found, tzinfo) else zone(DEFAULT_TIMEZONE)


def localize(naive: datetime, tz: tzinfo) -> datetime:
    """Attach tz to a wall-clock time, refusing times the clock skips or repeats."""
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    shown = naive.strftime("%Y-%m-%d %H:%M")
    if round_trip != naive:
        raise ValueError(f"{shown} does not exist in {tz} (the clocks spring forward); "
                         f"write a time the clock shows that day, e.g. {round_trip:%H:%M}")
    raise ValueError(f"{shown} happens twice in {tz} (the clocks fall back); write the time "
                     "with an explicit offset, e.g. -05:00 or -06:00")


def parse_datetime(value: object, tz: tzinfo) -> datetime:
    """An aware datetime in UTC.

    UTC because Python compares and subtracts two datetimes of one tzinfo by their wall clocks,
    which is wrong across a DST change; only display converts back to local time.
    """
    if isinstance(value, datetime):
        return (value if value.tzinfo else localize(value, tz)).astimezone(UTC)
    if not isinstance(value, str) or not _DATETIME.match(value.strip()):
        _one_digit_hour(value)
        raise ValueError("write a date and time like 2026-12-12 19:30 (optionally with an "
                         "offset like -06:00)")
    try:
        parsed = datetime.fromisoformat(value.strip().replace(" ", "T"))
    except ValueError:
        raise ValueError(f"{value.strip()} is not a real date and time") from None
    if parsed.year not in YEARS:
        raise ValueError(f"{value.strip()} is out of range: write a year from {YEARS.start} to "
                         f"{YEARS.stop - 1}")
    if parsed.tzinfo is None:
        return localize(parsed, tz).astimezone(UTC)
    return _own_offset(parsed, tz, value.strip()).astimezone(UTC)


def _own_offset(parsed: datetime, tz: tzinfo, written: str) -> datetime:
    """An offset is the zone's own at that moment, or UTC's; any other is refused.

    A time like 2026-12-17T01:59+23:59 is a real instant, but its date is a day away from the
    district's calendar date: nobody reads it right, and a pull-request check that finds
    neighbouring changes by the dates they mention would miss it.
    """
    offset = parsed.utcoffset()
    own = parsed.astimezone(tz).utcoffset()
    if offset == own or offset == timedelta(0):
        return parsed
    local = parsed.astimezone(tz)
    zone_offset = local.isoformat()[-6:]  # ±HH:MM, as people write it
    raise ValueError(f"{written}: the offset is neither {tz}'s at that moment ({zone_offset}) "
                     "nor UTC's (Z); write the local time without an offset "
                     f"({local:%Y-%m-%d %H:%M})")


def _one_digit_hour(value: object) -> None:
    """Refuse "8:00" with the fix: the hour takes two digits."""
    written = value.strip() if isinstance(value, str) else ""
    found = _ONE_DIGIT_HOUR.match(written)
    if found:
        fixed = f"{found['day'] or ''}0{found['hour']}:{found['rest']}"
        raise ValueError(f"the hour takes two digits: write {fixed} for {written}")


def _validate_datetime(value: object, info: ValidationInfo) -> datetime:
    return parse_datetime(value, context_zone(info))


def _validate_date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError("write a date like 2026-12-21")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a real date") from None


def _validate_clock(value: object) -> time:
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not _CLOCK.match(value):
        _one_digit_hour(value)
        raise ValueError('write a time of day in quotes like "19:00"')
    return time.fromisoformat(value)


LocalDateTime = Annotated[
    datetime,
    BeforeValidator(_validate_datetime),
    WithJsonSchema({
        "type": "string",
        "pattern": DATETIME_PATTERN,
        "description": "Local time in policy.timezone (2026-12-12 19:30) unless an offset is "
                       "written (2026-12-12T19:30-06:00).",
    }),
]
LocalDate = Annotated[
    date,
    BeforeValidator(_validate_date),
    WithJsonSchema({"type": "string", "pattern": _DATE.pattern, "format": "date"}),
]
ClockTime = Annotated[
    time,
    BeforeValidator(_validate_clock),
    WithJsonSchema({"type": "string", "pattern": _CLOCK.pattern}),
]


def start_of_day(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def days_between(start: datetime, end: datetime, tz: tzinfo) -> list[date]:
    """Every local calendar day that [start, end) touches."""
    first = start.astimezone(tz).date()
    last = (end - timedelta(microseconds=1)).astimezone(tz).date() if end > start else first
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def show(moment: datetime, tz: tzinfo) -> str:
    """How a finding shows a time: 'Sat 2026-12-19 00:00'."""
    return moment.astimezone(tz).strftime("%a %Y-%m-%d %H:%M")

