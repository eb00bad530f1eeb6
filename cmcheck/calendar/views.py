"""Entries arranged as people read a calendar: local days, month grids, a week of hours."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from cmcheck.calendar.data import Entry
from cmcheck.core.model.localtime import days_between
from cmcheck.core.model.policy import Policy
from cmcheck.core.time.daysoff import holiday
from cmcheck.core.time.window import closed_hours


@dataclass(frozen=True)
class Mark:
    kind: str  # blackout, holiday, event
    name: str


@dataclass(frozen=True, kw_only=True)
class Day:
    date: date
    in_month: bool
    today: bool
    entries: list[Entry]
    marks: list[Mark]
    empty: bool  # nothing on it: the phone's agenda leaves it out


@dataclass(frozen=True, kw_only=True)
class Month:
    first: date
    weeks: list[list[Day]]

    @property
    def key(self) -> str:
        return self.first.strftime("%Y-%m")

    @property
    def busy(self) -> bool:
        """Some day of the month has a change, a blackout, a holiday or an event."""
        return any(day.in_month and not day.empty for week in self.weeks for day in week)


@dataclass(frozen=True, kw_only=True)
class Hour:
    start: datetime
    open: bool  # inside the maintenance window


QUARTERS = 96  # the week grid's rows per day: a quarter of an hour each
# A block is drawn at least an hour and three quarters tall: room for its time, its state (on
# two lines at most) and the conflict marker, which a browser test measures unclipped.
MIN_ROWS = 7


@dataclass(frozen=True, kw_only=True)
class Block:
    """One change on one day of the week grid: rows [top, bottom) of the day's quarter hours,
    in lane `lane` of `lanes` side by side (changes that overlap share the width)."""

    entry: Entry
    top: int
    bottom: int
    lane: int
    lanes: int

    @property
    def style(self) -> str:
        # Its lane, in percentages of the day's column: the grid scales with the page, no
        # script needed. Its rows come from the week's (weekrows), where empty hours fold.
        return f"margin-left:{100 * self.lane / self.lanes:.4f}%;width:{100 / self.lanes:.4f}%"


@dataclass(frozen=True, kw_only=True)
class WeekDay:
    date: date
    today: bool
    marks: list[Mark]
    hours: list[Hour]
    blocks: list[Block]


class Calendar:
    """Entries and policy periods indexed by local day, for the views to look up."""

    def __init__(self, entries: list[Entry], policy: Policy, today: date) -> None:
        self.policy = policy
        self.today = today
        self.by_day: dict[date, list[Entry]] = defaultdict(list)
        for entry in entries:
            for day in days_between(entry.start, entry.end, policy.tz):
                self.by_day[day].append(entry)
        self.periods: dict[date, list[Mark]] = defaultdict(list)
        for kind, periods in (("blackout", policy.blackouts), ("event", policy.special_events)):
            for period in periods:
                for day in days_between(period.start, period.end, policy.tz):
                    self.periods[day].append(Mark(kind, period.name))

    def marks(self, day: date) -> list[Mark]:
        name = holiday(self.policy, day)
        found = [Mark("holiday", name)] if name else []
        return found + self.periods.get(day, [])

    def day(self, day: date, *, month: int) -> Day:
        entries, marks = self.by_day.get(day, []), self.marks(day)
        return Day(date=day, in_month=day.month == month, today=day == self.today,
                   entries=entries, marks=marks, empty=not entries and not marks)

    def month(self, first: date) -> Month:
        # Weeks start on Sunday, as on the district's printed school calendar.
        start = first - timedelta(days=(first.weekday() + 1) % 7)
        weeks: list[list[Day]] = []
        while not weeks or start.month == first.month:
            weeks.append([self.day(start + timedelta(days=n), month=first.month)
                          for n in range(7)])
            start += timedelta(days=7)
        return Month(first=first, weeks=weeks)

    def week(self, day: date) -> list[WeekDay]:
        tz = self.policy.tz
        sunday = day - timedelta(days=(day.weekday() + 1) % 7)
        out = []
        for n in range(7):
            current = sunday + timedelta(days=n)
            hours = []
            for hour in range(24):
                start = datetime.combine(current, time(hour), tzinfo=tz)
                end = start + timedelta(hours=1)  # aware arithmetic: the wall clock's hour
                is_open = next(closed_hours(self.policy, start, end), None) is None
                hours.append(Hour(start=start, open=is_open))
            out.append(WeekDay(date=current, today=current == self.today,
                               marks=self.marks(current), hours=hours,
                               blocks=blocks(self.by_day.get(current, []), current, self.policy)))
        return out


def _quarter(moment: datetime, day: date, policy: Policy, *, end: bool) -> int:
    """moment's quarter-hour row on day's wall clock, clamped to the day (rounded outwards)."""
    local = moment.astimezone(policy.tz)
    if local.date() != day:
        return QUARTERS if local.date() > day else 0
    minutes = local.hour * 60 + local.minute
    return -(-minutes // 15) if end else minutes // 15


def blocks(entries: list[Entry], day: date, policy: Policy) -> list[Block]:
    """One block per change on day. Blocks that overlap (drawn at least MIN_ROWS quarters tall,
    so that a short change stays readable) form a group whose members stand side by side."""
    out: list[Block] = []
    group: list[tuple[int, int, Entry, int]] = []
    reach = 0  # the lowest bottom of the group so far: a block starting there is not in it

    def close() -> None:
        lanes = 1 + max(lane for *_, lane in group)
        out.extend(Block(entry=e, top=t, bottom=b, lane=lane, lanes=lanes)
                   for t, b, e, lane in group)
        group.clear()

    for entry in sorted(entries, key=lambda e: (e.start, e.id)):
        top = min(_quarter(entry.start, day, policy, end=False), QUARTERS - MIN_ROWS)
        bottom = max(_quarter(entry.end, day, policy, end=True), top + MIN_ROWS)
        if group and top >= reach:
            close()
        ends: dict[int, int] = {}  # each lane's lowest bottom so far
        for _top, below, _entry, lane in group:
            ends[lane] = max(ends.get(lane, 0), below)
        lane = next(n for n in range(len(ends) + 1) if ends.get(n, 0) <= top)
        group.append((top, bottom, entry, lane))
        reach = max(reach, bottom) if len(group) > 1 else bottom
    if group:
        close()
    return out


def month_firsts(entries: list[Entry], policy: Policy, today: date) -> list[date]:
    """The first day of every month from the earliest change to next month, in order."""
    days = [e.start.astimezone(policy.tz).date() for e in entries]
    last = next_month(today.replace(day=1))
    first = min([*days, today]).replace(day=1)
    latest = max([*days, last]).replace(day=1)
    out = []
    while first <= latest:
        out.append(first)
        first = next_month(first)
    return out


def next_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)
