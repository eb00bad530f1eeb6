"""Entries arranged as people read a calendar: local days, month grids, a week of hours."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from cmcheck.calendar.data import Entry
from cmcheck.core.daysoff import holiday
from cmcheck.core.localtime import days_between
from cmcheck.core.policy import Policy
from cmcheck.core.window import closed_hours


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


@dataclass(frozen=True, kw_only=True)
class Month:
    first: date
    weeks: list[list[Day]]

    @property
    def key(self) -> str:
        return self.first.strftime("%Y-%m")


@dataclass(frozen=True, kw_only=True)
class Hour:
    start: datetime
    open: bool  # inside the maintenance window
    entries: list[Entry]


@dataclass(frozen=True, kw_only=True)
class WeekDay:
    date: date
    marks: list[Mark]
    hours: list[Hour]


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
        return Day(date=day, in_month=day.month == month, today=day == self.today,
                   entries=self.by_day.get(day, []), marks=self.marks(day))

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
                inside = [e for e in self.by_day.get(current, [])
                          if e.start < end and start < e.end]
                hours.append(Hour(start=start, open=is_open, entries=inside))
            out.append(WeekDay(date=current, marks=self.marks(current), hours=hours))
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
