"""No change during a blackout: testing, payroll, grading and other key business processes.

What it does: refuses a change whose `schedule` overlaps any `blackouts` entry of the policy.

Why it matters: the coordinator may deny a change when "the timing of the change will negatively
impact a key business process such as student or financial accounting".

Example: a SIS upgrade during the end-of-semester grading blackout.

Instead: move it (the finding names the earliest compliant start, the first usual start of work
after the blackout, and why), or ask for an exception (`exceptions: [{rule: blackout, reason:
...}]`), which the coordinator's approval grants. Filing it as unscheduled does not help:
emergencies are not exempt from blackouts.

Options: `blackouts` in policy.yaml (each `name`, `start`, `end`, `reason`);
`maintenance_window.usual_start` for the proposed start.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.suggest import ways_forward
from cmcheck.core.model.localtime import show
from cmcheck.core.model.verdicts import Problem, Severity
from cmcheck.core.time.window import overlaps

NAME = "blackout"
SEVERITY = Severity.ERROR
WAIVABLE = True


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    tz = context.policy.tz
    for blackout in context.policy.blackouts:
        if overlaps((blackout.start, blackout.end), subject.span):
            yield Problem(("schedule", "start"),
                          f"overlaps the blackout {blackout.name!r} ({show(blackout.start, tz)} "
                          f"– {show(blackout.end, tz)}): {blackout.reason}; "
                          f"{ways_forward(subject, context, rule=NAME)}")
