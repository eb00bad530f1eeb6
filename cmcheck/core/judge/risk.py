"""Every change's risk level (low / medium / high) from a documented formula (docs/inventory.md).

Points, added up:

- reach: the sites affected (declared, and those the inventory brings in): 2-3 +1, 4 or more +2;
  the audiences affected (likewise): 3 or more +1;
- mission-critical data (declared, or held by an affected system): +2;
- category: os-upgrade, firmware-upgrade or hardware-replacement: +1;
- backout room, the time left in the window after end + backout: no backout time, or the
  backout runs past the window +2; less room than one more backout +1;
- unscheduled (an emergency): +2;
- history, earlier changes to the same systems that failed or were backed out: +1 each, at
  most +2.

0-2 is low, 3-5 medium, 6 or more high. The backout room counts only for a scheduled change
that must run inside the maintenance window (`user_connectivity: true`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.policy import Policy
from cmcheck.core.model.verdicts import Level, Risk
from cmcheck.core.time.window import closed_on_day

LEVELS: tuple[Level, ...] = ("low", "medium", "high")
MEDIUM, HIGH = 3, 6
HEAVY_CATEGORIES = frozenset({"os-upgrade", "firmware-upgrade", "hardware-replacement"})
BAD_OUTCOMES = frozenset({"failed", "backed-out"})
# The window's next closing is looked for this far ahead; a policy without closed hours in a
# week has no window to run out of.
LOOKAHEAD = timedelta(days=8)



def level_of(score: int) -> Level:
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def assess(subject: Subject, context: Context) -> Risk:
    change = subject.change
    if context.inventory is not None:
        implied = context.inventory.implied(change.systems)
        sites = {*change.impact.sites, *implied.sites}
        audiences = {*change.impact.audiences, *implied.audiences}
        critical = change.impact.mission_critical_data or implied.critical is not None
    else:
        sites, audiences = set(change.impact.sites), set(change.impact.audiences)
        critical = change.impact.mission_critical_data
    parts: list[tuple[str, int]] = [
        (f"{len(sites)} sites", 2 if len(sites) >= 4 else 1 if len(sites) >= 2 else 0),
        (f"{len(audiences)} audiences", 1 if len(audiences) >= 3 else 0),
        ("mission-critical data", 2 if critical else 0),
        (change.category, 1 if change.category in HEAVY_CATEGORIES else 0),
        _backout(subject, context),
        ("unscheduled", 2 if change.kind == "unscheduled" else 0),
        _history(subject, context),
    ]
    score = sum(points for _, points in parts)
    return Risk(level_of(score), score,
                tuple(f"{name} +{points}" for name, points in parts if points))


def assess_all(subjects: list[Subject], *, policy: Policy, now: datetime,
               inventory: Graph | None) -> dict[str, Risk]:
    """The risk of every change of a tree by id (the report and the calendar)."""
    context = Context(policy=policy, now=now, known=subjects, inventory=inventory)
    return {s.id: assess(s, context) for s in subjects}


def _backout(subject: Subject, context: Context) -> tuple[str, int]:
    change = subject.change
    if change.kind != "scheduled" or not change.impact.user_connectivity:
        return "backout", 0
    minutes = change.backout.duration_minutes
    if not minutes:
        return "no backout time", 2
    end = subject.span[1]
    backout = timedelta(minutes=minutes)
    closing = _next_closing(context, end)
    if closing is None:
        return "backout", 0
    room = closing - (end + backout)
    if room < timedelta(0):
        return "backout runs past the window", 2
    if room < backout:
        return "little room for the backout", 1
    return "backout", 0


def _next_closing(context: Context, moment: datetime) -> datetime | None:
    """When the window closes after moment (its start when moment is already in closed hours):
    the wall clock of the policy's closed hours, day by day from moment's local date."""
    first = moment.astimezone(context.policy.tz).date()
    for ahead in range(LOOKAHEAD.days):
        for opens, closes in closed_on_day(context.policy, first + timedelta(days=ahead)):
            if closes > moment:
                return opens
    return None


def _history(subject: Subject, context: Context) -> tuple[str, int]:
    if context._failures is None:
        # One pass over the earlier changes, indexed by system: a full run asks for 10,000.
        index: dict[str, list[Subject]] = {}
        for other in context.history or context.known:
            review = other.change.review
            if review is not None and review.outcome in BAD_OUTCOMES:
                for name in {n.casefold() for n in other.change.systems}:
                    index.setdefault(name, []).append(other)
        context._failures = index
    bad = {other.id for name in {n.casefold() for n in subject.change.systems}
           for other in context._failures.get(name, ())
           if other.id != subject.id and other.span[0] < subject.span[0]}
    return f"{len(bad)} failed or backed-out before", min(len(bad), 2)
