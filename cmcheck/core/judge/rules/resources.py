"""On a weekend, holiday or special event, the plan names the staff who will be there.

What it does: when the change touches a Saturday or Sunday, a public or district holiday
(`holidays` in policy.yaml) or a special event (`special_events`), `plan.staff` must not be
empty.

Why it matters: "Adequate resources may be a problem on weekends, holidays, or during special
events."

Example: a Saturday switch upgrade with no `plan.staff`.

Instead: `plan: {staff: [janetech, mbrown]}`.

Options: `holidays` (country, subdivision, district days) and `special_events` in policy.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.model.localtime import days_between
from cmcheck.core.model.verdicts import Problem, Severity
from cmcheck.core.time.daysoff import holiday
from cmcheck.core.time.window import overlaps

NAME = "resources"
TITLE = "Staff on days off"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.WARNING
WAIVABLE = True


def reasons(subject: Subject, context: Context) -> list[str]:
    """Why resources may be short: the weekend, holidays and events the change touches."""
    found: list[str] = []
    for day in days_between(*subject.span, context.policy.tz):
        if day.weekday() >= 5:
            found.append(f"{day:%A %Y-%m-%d}")
        name = holiday(context.policy, day)
        if name:
            found.append(f"{name} ({day.isoformat()})")
    found.extend(event.name for event in context.policy.special_events
                 if overlaps((event.start, event.end), subject.span))
    return found


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    if subject.change.plan.staff:
        return
    why = reasons(subject, context)
    if why:
        yield Problem(("plan",), f"the change falls on {', '.join(why)}: name the staff who "
                                 "will be there in plan.staff", key=True)
