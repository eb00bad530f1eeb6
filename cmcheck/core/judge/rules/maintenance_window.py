"""User-affecting work runs wholly inside the maintenance window.

What it does: for a scheduled change with `impact.user_connectivity: true`, checks that no part
of `schedule.start`–`schedule.end` falls in the policy's closed hours (by default Monday–Friday
05:00–19:00 local time). Friday 19:00 to Monday 05:00 is one window; a change may start at
exactly 19:00 and end at exactly 05:00. Across a DST change the wall clock decides.

Why it matters: "Any change/modification affecting user connectivity and access to information
services resources must be scheduled within this time frame unless otherwise scheduled with the
Technology Coordinator."

Example: a Tuesday 16:00–18:00 switch reload that drops the school's network.

Instead: the finding names every way forward. Move it into the window: the earliest compliant
start is the first usual start of work there (08:00 on a weekend day, 19:00 on a weeknight),
with what held it back. Or ask for an exception (`exceptions: [{rule: maintenance-window,
reason: ...}]`): that is "otherwise scheduled with the Technology Coordinator", and approving
the pull request grants it. Or, when the work cannot wait (it starts within
`unscheduled_lead_days`), file it as `kind: unscheduled`: emergencies are exempt.

Options: `maintenance_window.closed`; `maintenance_window.usual_start` (`weekend`,
`weeknight`) for the proposed start.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.suggest import ways_forward
from cmcheck.core.model.localtime import show
from cmcheck.core.model.verdicts import Problem, Severity
from cmcheck.core.time.window import first_closed

NAME = "maintenance-window"
TITLE = "Maintenance window"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = True


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    change = subject.change
    if change.kind != "scheduled" or not change.impact.user_connectivity:
        return
    start, end = subject.span
    closed = first_closed(context.policy, start, end)
    if closed is None:
        return
    tz = context.policy.tz
    field = "start" if closed[0] <= start < closed[1] else "end"
    yield Problem(("schedule", field),
                  f"user-affecting work overlaps closed hours {show(closed[0], tz)}–"
                  f"{closed[1].astimezone(tz):%H:%M}; the maintenance window is weeknights "
                  f"and weekends; {ways_forward(subject, context, rule=NAME)}")
