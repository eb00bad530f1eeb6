"""`cmcheck new`, the pure part: what the procedure asks, the earliest slot, and the file's text.

The questions and the decision follow the procedure's criteria; prompting lives in
``wizard_prompts`` so that this module can be tested without a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cmcheck.core.model.localtime import days_between, show
from cmcheck.core.model.policy import Policy
from cmcheck.core.time.daysoff import holiday
from cmcheck.core.time.window import Interval, earliest_start, overlaps
from cmcheck.technician.new_system import NewSystem
from cmcheck.technician.yamltext import SCHEMA_LINE, block, boolean, flow, scalar

WSUS_ONLY = ("No change request is needed: the procedure excludes Windows Updates that are "
             "already in the district's Windows Update repository for delivery to servers. "
             "(Patches from vendors of third-party software still need one.)")
OUTSIDE = ("No change request is needed: the procedure asks for one when a change could affect "
           "the availability of mission-critical data, is an OS or firmware upgrade or a "
           "replacement of server/network equipment, affects users' connectivity, or touches "
           "environmental facilities; this change does none of these.")


@dataclass(kw_only=True)
class Answers:
    """Everything a change request needs, as the technician answered it."""

    title: str
    kind: str
    category: str
    name: str
    email: str
    github: str | None
    systems: list[str]
    mission_critical: bool
    user_connectivity: bool
    audiences: list[str]
    sites: list[str]
    impact: str
    start: datetime
    end: datetime
    plan: str
    steps: list[str]
    verification: str
    staff: list[str]
    backout: str
    backout_steps: list[str]
    backout_minutes: int
    stakeholders: list[str] = field(default_factory=list)
    facilities: list[str] = field(default_factory=list)
    coordinated_with: str | None = None
    reason: str | None = None
    exceptions: dict[str, str] = field(default_factory=dict)
    new_systems: list[NewSystem] = field(default_factory=list)  # for inventory.yaml


def needs_request(*, wsus_only: bool, mission_critical: bool, upgrade: bool,
                  user_connectivity: bool, facilities: bool) -> str | None:
    """None when a change request is needed, else the plain reason why not."""
    if wsus_only:
        return WSUS_ONLY
    if not (mission_critical or upgrade or user_connectivity or facilities):
        return OUTSIDE
    return None


def required_fields(*, kind: str, mission_critical: bool, facilities: bool) -> list[str]:
    fields = ["title", "requester", "systems", "who is affected (audiences) and how",
              "start and end", "plan (summary, steps, verification)",
              "backout (summary, steps, minutes it takes)"]
    if mission_critical:
        fields.append("stakeholders consulted (it touches mission-critical data)")
    if facilities:
        fields.append("who the facilities work was coordinated with")
    if kind == "unscheduled":
        fields.append("the reason it could not be scheduled")
    return fields


# Words that carry nothing in an id: the object of the work is what a reader looks for.
_FILLER = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "from",
                     "with", "by", "into", "our", "its"})


def slug(text: str, *, limit: int = 40) -> str:
    """The title's key words: filler dropped, and when still too long the first word (what is
    done) and as many of the last words (what it is done to) as fit:
    'Emergency replacement of the failed high school core switch' ->
    'emergency-failed-high-school-core-switch'."""
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _FILLER]
    words = [w[:limit] for w in words]
    if len("-".join(words)) <= limit:
        return "-".join(words) or "change"
    tail: list[str] = []
    for word in reversed(words[1:]):
        if len("-".join([words[0], word, *tail])) > limit:
            break
        tail.insert(0, word)
    return "-".join([words[0], *tail])


def propose_start(*, policy: Policy, now: datetime, duration: timedelta, backout: timedelta,
                  needs_window: bool, busy: list[Interval], after: datetime | None = None,
                  waived: Collection[str] = ()) -> datetime | None:
    """The earliest start (not before after) with full notice, inside the window with room for
    the backout, clear of blackouts and conflicting changes (busy), minus the rules waived."""
    floor = now + timedelta(days=0 if "notice-period" in waived else policy.notice_days)
    window = needs_window and "maintenance-window" not in waived
    room = timedelta(0) if "backout-fits" in waived or not window else backout
    return earliest_start(policy=policy, not_before=max(floor, after or floor),
                          duration=duration + room, needs_window=window, busy=busy)


def days_off(policy: Policy, start: datetime, end: datetime) -> list[str]:
    """The holidays (public or district) and special events that [start, end) touches."""
    found = [f"{name} ({day:%a %Y-%m-%d})" for day in days_between(start, end, policy.tz)
             if (name := holiday(policy, day))]
    found.extend(event.name for event in policy.special_events
                 if overlaps((event.start, event.end), (start, end)))
    return found


def local(moment: datetime, policy: Policy) -> str:
    """How the file writes a time: wall clock in the district's zone, '2026-12-19 20:00'."""
    return moment.astimezone(policy.tz).strftime("%Y-%m-%d %H:%M")


def describe_slot(moment: datetime, policy: Policy) -> str:
    return show(moment, policy.tz)


def _steps(values: list[str]) -> str:
    return "  steps:\n" + block(values, indent=4) if values else "  steps: []\n"


def render(answers: Answers, *, policy: Policy) -> str:
    """The change request's text; typed values plain where they read back the same, else
    quoted (as the README says people write it)."""
    a = answers
    github = f", github: {scalar(a.github, flow=True)}" if a.github else ""
    out = [
        SCHEMA_LINE + "\n",
        f"title: {scalar(a.title)}\n",
        f"kind: {scalar(a.kind)}\n",
        f"category: {scalar(a.category)}\n",
        f"requester: {{name: {scalar(a.name, flow=True)}, email: {scalar(a.email, flow=True)}"
        f"{github}}}\n",
        f"systems: {flow(a.systems)}\n",
        "impact:\n",
        f"  mission_critical_data: {boolean(a.mission_critical)}\n",
        f"  user_connectivity: {boolean(a.user_connectivity)}\n",
        f"  audiences: {flow(a.audiences)}\n",
        f"  sites: {flow(a.sites)}\n",
        f"  summary: {scalar(a.impact)}\n",
        "schedule:\n",
        f"  start: {local(a.start, policy)}\n",
        f"  end: {local(a.end, policy)}\n",
        "plan:\n",
        f"  summary: {scalar(a.plan)}\n",
        _steps(a.steps),
        f"  verification: {scalar(a.verification)}\n",
        f"  staff: {flow(a.staff)}\n",
        "backout:\n",
        f"  summary: {scalar(a.backout)}\n",
        _steps(a.backout_steps),
        f"  duration_minutes: {int(a.backout_minutes)}\n",
        f"stakeholders: {flow(a.stakeholders)}\n",
    ]
    if a.facilities:
        out.append(f"facilities:\n  systems: {flow(a.facilities)}\n")
        if a.coordinated_with:
            out.append(f"  coordinated_with: {scalar(a.coordinated_with)}\n")
    if a.exceptions:
        out.append("exceptions:\n" + "".join(
            f"  - rule: {scalar(rule)}\n    reason: {scalar(reason)}\n"
            for rule, reason in a.exceptions.items()))
    if a.kind == "unscheduled":
        out.append(f"unscheduled:\n  reason: {scalar(a.reason or '')}\n")
    return "".join(out)
