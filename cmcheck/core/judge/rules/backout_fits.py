"""If the change has to be backed out at its end, the backout still ends inside the window.

What it does: for a scheduled change with `impact.user_connectivity: true` and a backout
duration, checks that `schedule.end` + `backout.duration_minutes` does not run into closed hours.
A change that already overlaps closed hours gets the `maintenance-window` finding alone: moving
it into the window is the fix for both.

Why it matters: a backout that spills into the school day turns a failed change into an outage
during classes: an "inadequate back out plan".

Example: a Sunday 23:00–04:30 upgrade with a 60-minute backout (ends Monday 05:30).

Instead: start earlier, or shorten the work.

Options: a policy may raise it to an error in `severities`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, timedelta

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.model.localtime import show
from cmcheck.core.model.verdicts import Problem, Severity
from cmcheck.core.time.window import first_closed

NAME = "backout-fits"
TITLE = "Backout fits the window"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.WARNING
WAIVABLE = True


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    change = subject.change
    minutes = change.backout.duration_minutes
    if change.kind != "scheduled" or not change.impact.user_connectivity or not minutes:
        return
    start, end = subject.span
    if first_closed(context.policy, start, end) is not None:
        return  # maintenance-window already says so, with the slot that fixes both
    end = end.astimezone(UTC)
    backout_end = end + timedelta(minutes=minutes)
    closed = first_closed(context.policy, end, backout_end)
    if closed is not None:
        tz = context.policy.tz
        yield Problem(("backout", "duration_minutes"),
                      f"a backout after the end would run until {show(backout_end, tz)}, into "
                      f"closed hours from {closed[0].astimezone(tz):%H:%M}")
