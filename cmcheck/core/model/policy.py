"""The district's policy (``policy.yaml``), validated like a change request.

Key names other tools read are fixed by DESIGN.md: ``timezone``, ``notice_days``,
``coordinators``, ``audiences``, ``blackouts``, ``unscheduled_report_days``. The shape of the
rest (window, holidays, sites) is ours.
"""

from datetime import date, datetime, time, tzinfo
from functools import cached_property
from typing import Literal, Self

from pydantic import ConfigDict, Field, StrictInt, field_validator, model_validator

from cmcheck.core.model.localtime import DEFAULT_TIMEZONE, ClockTime, LocalDate, LocalDateTime, zone
from cmcheck.core.model.models import Model, Person
from cmcheck.core.model.text import Email, Hostname, Key, Line, Login, Text
from cmcheck.core.model.urls import HttpsUrl

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SeverityName = Literal["notice", "warning", "error"]


class District(Model):
    name: Line
    domain: Hostname = Field(description="used in iCalendar UIDs and Message-IDs")
    contact: Person
    calendar_url: HttpsUrl | None = Field(
        default=None, description="where the published calendar lives (links in the .ics feed)")
    repository_url: HttpsUrl | None = Field(
        default=None, description="the repository's web address (commit links in the calendar)")


class ClosedHours(Model):
    days: list[Weekday] = Field(min_length=1)
    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError("end must be after start on the same day")
        return self


class UsualStart(Model):
    """When a proposed start is offered: the technician's usual start of work, not midnight."""

    weekend: ClockTime = Field(
        default=time(8, 0), description="on a day without closed hours (a weekend day), and "
        "for work that needs no window on any day")
    weeknight: ClockTime = Field(
        default=time(19, 0), description="on a day with closed hours, once they have ended")


class MaintenanceWindow(Model):
    """User-affecting work may run at any time except the closed hours."""

    closed: list[ClosedHours]
    usual_start: UsualStart = Field(default_factory=UsualStart)

    def closed_on(self, weekday: int) -> list[tuple[time, time]]:
        return list(self.weekly[weekday])

    # Worked out once per policy: a full run asks for closed hours some 30,000 times (the
    # window, the backout, the risk). The model is frozen, so neither can go stale.
    @cached_property
    def weekly(self) -> tuple[tuple[tuple[time, time], ...], ...]:
        """Each weekday's closed hours (Monday first), in order."""
        return tuple(tuple(sorted((c.start, c.end) for c in self.closed if name in c.days))
                     for name in WEEKDAYS)

    @cached_property
    def closed_days(self) -> dict[tuple[tzinfo, date], list[tuple[datetime, datetime]]]:
        """Closed intervals by zone and local day, filled by time/window.py as it asks."""
        return {}

    @cached_property
    def first_closed(self) -> dict[tuple[tzinfo, datetime, datetime],
                                  tuple[datetime, datetime] | None]:
        """The first closed interval a span overlaps, by zone and span (time/window.py)."""
        return {}


class Period(Model):
    name: Line
    start: LocalDateTime
    end: LocalDateTime
    reason: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class Blackout(Period):
    reason: Text


class DistrictDay(Model):
    date: LocalDate
    name: Line


class Holidays(Model):
    country: str | None = Field(default="US", description="a country code of the holidays "
                                "package, or null for none")
    subdivision: str | None = "MS"
    add: list[DistrictDay] = Field(default_factory=list, description="district days off")


class Site(Model):
    name: Line
    principal: Person


class RiskPolicy(Model):
    """What the coordinator asks of a change by its risk level (docs/inventory.md)."""

    high_risk_approvals: StrictInt = Field(
        default=1, ge=1, le=5,
        description="approvals by different coordinators that a pull request with a high-risk "
                    "change needs (2: a second coordinator's approval)")


class Policy(Model):
    model_config = ConfigDict(title="District change-management policy")

    district: District
    timezone: str = DEFAULT_TIMEZONE
    notice_days: StrictInt = Field(default=14, ge=0, le=365)
    unscheduled_report_days: StrictInt = Field(default=2, ge=0, le=60)
    unscheduled_lead_days: StrictInt = Field(
        default=2, ge=0, le=14,
        description="an unscheduled change may start at most this many days after it is "
                    "submitted: work that can wait longer is scheduled")
    reminder_hours: StrictInt = Field(default=24, ge=1, le=24 * 14)
    maintenance_window: MaintenanceWindow
    coordinators: list[Login] = Field(min_length=1)
    audiences: dict[Key, list[Email]] = Field(min_length=1)
    sites: dict[Key, Site] = Field(default_factory=dict)
    superintendent: Person
    blackouts: list[Blackout] = Field(default_factory=list)
    holidays: Holidays = Field(default_factory=Holidays)
    special_events: list[Period] = Field(default_factory=list)
    risk: RiskPolicy = Field(default_factory=RiskPolicy)
    severities: dict[str, SeverityName] = Field(
        default_factory=dict, description="rule name -> severity; may only tighten a default")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone(value)
        return value

    @property
    def tz(self) -> tzinfo:
        return zone(self.timezone)

    def district_days(self) -> dict[date, str]:
        return {day.date: day.name for day in self.holidays.add}
