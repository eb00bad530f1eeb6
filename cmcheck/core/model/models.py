"""The change request: the contract of DESIGN.md, as a pydantic model.

Fields may be added, never renamed. Unknown fields are refused (``extra="forbid"``) so that a
typo is a finding, not a silently ignored line. The backout section's fields are optional here
because judging them is the ``backout-plan`` rule's job, with a message that explains why.
"""

from datetime import timedelta
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from cmcheck.core.model.localtime import LocalDateTime
from cmcheck.core.model.text import Email, Key, Line, Login, SystemId, Text
from cmcheck.core.model.urls import Url

Kind = Literal["scheduled", "unscheduled"]
Category = Literal[
    "os-upgrade", "firmware-upgrade", "hardware-replacement", "network", "application",
    "configuration", "vendor-patch", "facilities", "other",
]
FacilitySystem = Literal[
    "air-conditioning", "water", "heat", "plumbing", "electricity", "alarms",
]
# Longer work is several changes, each with its own window, notice and backout; the bound also
# lets a pull-request check find overlapping changes by the dates they mention.
MAX_DURATION = timedelta(days=14)
# Lists are bounded so that the work per change stays small whatever a file says; a change that
# touches more systems than this names a group ("student-chromebooks") instead.
MAX_SYSTEMS = 100
Outcome = Literal["successful", "failed", "backed-out", "postponed", "partial"]
# The rules a coordinator may waive by approving. Structural rules (yaml, schema, filename,
# audiences) cannot be waived: a waiver there would let a broken file through.
WaivableRule = Literal[
    "notice-period", "maintenance-window", "backout-plan", "backout-fits", "facilities",
    "blackout", "resources", "conflict", "unscheduled", "stakeholders", "review-due", "impact",
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(Model):
    name: Line
    email: Email
    github: Login | None = None


class Impact(Model):
    mission_critical_data: StrictBool
    user_connectivity: StrictBool = Field(
        description="true when users lose connectivity or access: the change must then run "
                    "inside the maintenance window")
    audiences: list[Key] = Field(min_length=1, max_length=20,
                                 description="keys of policy.audiences")
    sites: list[Key] = Field(default_factory=list, max_length=20,
                             description="keys of policy.sites")
    summary: Text


class Schedule(Model):
    start: LocalDateTime
    end: LocalDateTime

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if self.end - self.start > MAX_DURATION:
            raise ValueError(f"a change lasts at most {MAX_DURATION.days} days; split longer "
                             "work into several change requests")
        return self


class Plan(Model):
    summary: Text
    steps: list[Text] = Field(min_length=1, max_length=100)
    verification: Text
    staff: list[Line] = Field(default_factory=list, max_length=50, description="who will be there")


class Backout(Model):
    summary: Text | None = None
    steps: list[Text] = Field(default_factory=list, max_length=100)
    duration_minutes: StrictInt | None = Field(default=None, ge=0, le=10_080)


class Facilities(Model):
    systems: list[FacilitySystem] = Field(min_length=1)
    coordinated_with: Line | None = None


class Waiver(Model):
    rule: WaivableRule
    reason: Text


class Unscheduled(Model):
    reason: Text


class Review(Model):
    outcome: Outcome
    completed: LocalDateTime
    notes: Text
    next_steps: Text | None = Field(
        default=None, description="for failed, backed-out, postponed or partial changes")
    follow_ups: list[Text] = Field(default_factory=list, max_length=50)


class Link(Model):
    """A related page: the vendor's release notes, a ticket, a runbook."""

    title: Line
    url: Url = Field(description="http, https or mailto only")


class ChangeRequest(Model):
    """A change request. Its id is its file's stem."""

    model_config = ConfigDict(title="Change request")

    title: Line
    kind: Kind
    category: Category
    requester: Person
    systems: list[SystemId] = Field(min_length=1, max_length=MAX_SYSTEMS)
    impact: Impact
    schedule: Schedule
    plan: Plan
    backout: Backout
    stakeholders: list[Line] = Field(default_factory=list, max_length=50)
    facilities: Facilities | None = None
    exceptions: list[Waiver] = Field(default_factory=list, max_length=20)
    unscheduled: Unscheduled | None = None
    review: Review | None = None
    links: list[Link] = Field(default_factory=list)

    def waived(self, rule: str) -> Waiver | None:
        return next((w for w in self.exceptions if w.rule == rule), None)
