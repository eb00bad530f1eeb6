"""The maintenance window and the search for the earliest compliant start.

Closed hours are wall-clock times on local days, so across a DST change the wall clock
decides; intervals are compared as aware datetimes, which Python compares in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo

from cmcheck.core.model.localtime import days_between, start_of_day
from cmcheck.core.model.policy import Policy

Interval = tuple[datetime, datetime]
STEP = timedelta(minutes=15)
HORIZON = timedelta(days=366)
# How much later than the first slot that fits a usual start of work may be offered instead.
USUAL_REACH = timedelta(days=7)


def _at(day_start: datetime, clock: object, tz: tzinfo) -> datetime:
    naive = datetime.combine(day_start.date(), clock)  # type: ignore[arg-type]
    return naive.replace(tzinfo=tz).astimezone(UTC)


def closed_on_day(policy: Policy, day: date) -> list[Interval]:
    """The closed intervals of one local day, in order, in UTC."""
    tz = policy.tz
    known = policy.maintenance_window.closed_days  # a full run asks for a few thousand days
    found = known.get((tz, day))
    if found is None:
        midnight = start_of_day(day, tz)
        found = known[(tz, day)] = [(_at(midnight, opens, tz), _at(midnight, closes, tz))
                                    for opens, closes in
                                    policy.maintenance_window.weekly[day.weekday()]]
    return found


def closed_hours(policy: Policy, start: datetime, end: datetime) -> Iterator[Interval]:
    """Closed intervals (no user-affecting work) that overlap [start, end)."""
    for day in days_between(start, end, policy.tz):
        for closed in closed_on_day(policy, day):
            if overlaps(closed, (start, end)):
                yield closed


def first_closed(policy: Policy, start: datetime, end: datetime) -> Interval | None:
    """The first closed interval that overlaps [start, end), or None: worked out once per span,
    since the window rule, the backout rule and the suggestions ask about the same schedule."""
    known = policy.maintenance_window.first_closed
    key = (policy.tz, start, end)
    if key not in known:
        known[key] = next(closed_hours(policy, start, end), None)
    return known[key]


def overlaps(first: Interval, second: Interval) -> bool:
    """Half-open overlap: a change ending exactly when another interval starts does not touch it."""
    return first[0] < second[1] and second[0] < first[1]


def round_up(moment: datetime) -> datetime:
    utc = moment.astimezone(UTC)
    floor = utc.replace(minute=utc.minute - utc.minute % 15, second=0, microsecond=0)
    return floor if floor == utc else floor + STEP


def usual_starts(policy: Policy, not_before: datetime, *, needs_window: bool,
                 limit: datetime) -> Iterator[datetime]:
    """The technician's usual starts of work from not_before until limit, in order.

    A day without closed hours (a weekend day) starts at `usual_start.weekend`; a day with
    closed hours at `usual_start.weeknight`, once they end. Work that needs no window may also
    start at the weekend hour on a weekday.
    """
    tz = policy.tz
    usual = policy.maintenance_window.usual_start
    day = not_before.astimezone(tz).date()
    while (midnight := start_of_day(day, tz)) < limit:
        if not policy.maintenance_window.closed_on(day.weekday()):
            clocks = [usual.weekend]
        else:
            clocks = [usual.weeknight] if needs_window else sorted({usual.weekend,
                                                                     usual.weeknight})
        for clock in clocks:
            moment = _at(midnight, clock, tz)
            if not_before <= moment < limit:
                yield moment
        day += timedelta(days=1)


def in_working_day(policy: Policy, moment: datetime) -> bool:
    """Between the usual weekend start and the usual weeknight start: daytime, when work that
    needs no window may begin at any quarter hour."""
    usual = policy.maintenance_window.usual_start
    return usual.weekend <= moment.astimezone(policy.tz).time() <= usual.weeknight


def is_usual(policy: Policy, moment: datetime, *, needs_window: bool) -> bool:
    return next(usual_starts(policy, moment, needs_window=needs_window,
                             limit=moment + timedelta(seconds=1)), None) == moment


def _fits(policy: Policy, span: Interval, taken: list[Interval], needs_window: bool) -> bool:
    return not any(overlaps(b, span) for b in taken) and not (
        needs_window and next(closed_hours(policy, *span), None) is not None)


def earliest_start(
    *,
    policy: Policy,
    not_before: datetime,
    duration: timedelta,
    needs_window: bool,
    busy: Iterable[Interval],
) -> datetime | None:
    """The first usual start of work (usual_starts) from not_before where the change fits
    every constraint (work that needs no window: any quarter hour of the working day), unless
    none comes within USUAL_REACH of the first 15-minute slot that fits (work too long for any
    usual start): then that slot.

    In the slot search any start before a blocker's end would still overlap that blocker, so
    jumping to the latest blocking end never skips a compliant slot.
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
            break
        moment = round_up(max(ends))
    else:
        return None
    if not needs_window and in_working_day(policy, moment):
        return moment
    reach = min(moment + USUAL_REACH, limit)
    return next((usual for usual in usual_starts(policy, max(not_before, moment - STEP),
                                                 needs_window=needs_window, limit=reach)
                 if _fits(policy, (usual, usual + duration), taken, needs_window)), moment)
