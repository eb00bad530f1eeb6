"""The maintenance window and the search for the earliest compliant start.

Closed hours are wall-clock times on local days, so across a DST change the wall clock
decides; intervals are compared as aware datetimes, which Python compares in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, tzinfo

from cmcheck.core.model.localtime import days_between, start_of_day
from cmcheck.core.model.policy import Policy

Interval = tuple[datetime, datetime]
STEP = timedelta(minutes=15)
HORIZON = timedelta(days=366)


def _at(day_start: datetime, clock: object, tz: tzinfo) -> datetime:
    naive = datetime.combine(day_start.date(), clock)  # type: ignore[arg-type]
    return naive.replace(tzinfo=tz).astimezone(UTC)


def closed_hours(policy: Policy, start: datetime, end: datetime) -> Iterator[Interval]:
    """Closed intervals (no user-affecting work) that overlap [start, end)."""
    tz = policy.tz
    for day in days_between(start, end, tz):
        midnight = start_of_day(day, tz)
        for opens, closes in policy.maintenance_window.closed_on(day.weekday()):
            closed = (_at(midnight, opens, tz), _at(midnight, closes, tz))
            if overlaps(closed, (start, end)):
                yield closed


def overlaps(first: Interval, second: Interval) -> bool:
    """Half-open overlap: a change ending exactly when another interval starts does not touch it."""
    return first[0] < second[1] and second[0] < first[1]


def round_up(moment: datetime) -> datetime:
    utc = moment.astimezone(UTC)
    floor = utc.replace(minute=utc.minute - utc.minute % 15, second=0, microsecond=0)
    return floor if floor == utc else floor + STEP


def earliest_start(
    *,
    policy: Policy,
    not_before: datetime,
    duration: timedelta,
    needs_window: bool,
    busy: Iterable[Interval],
) -> datetime | None:
    """The first 15-minute slot from not_before where the change fits every constraint.

    Any start before a blocker's end would still overlap that blocker, so jumping to the latest
    blocking end never skips a compliant slot.
    """
    taken = sorted(busy)
    moment = round_up(not_before)
    limit = moment + HORIZON
    while moment < limit:
        span = (moment, moment + duration)
        ends = [b[1] for b in taken if overlaps(b, span)]
        if needs_window:
            ends.extend(c[1] for c in closed_hours(policy, *span))
        if not ends:
            return moment
        moment = round_up(max(ends))
    return None
