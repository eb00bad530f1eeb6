"""No change during a blackout: testing, payroll, grading and other key business processes.

What it does: refuses a change whose `schedule` overlaps any `blackouts` entry of the policy.

Why it matters: the coordinator may deny a change when "the timing of the change will negatively
impact a key business process such as student or financial accounting".

Example: a SIS upgrade during the end-of-semester grading blackout.

Instead: move it (the finding names the earliest compliant start) or ask for an exception.

Options: `blackouts` in policy.yaml (each `name`, `start`, `end`, `reason`).
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.context import Context, Problem, Subject
from cmcheck.core.findings import Severity
from cmcheck.core.localtime import show
from cmcheck.core.suggest import earliest_compliant
from cmcheck.core.window import overlaps

NAME = "blackout"
TITLE = "Blackout period"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = True


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    tz = context.policy.tz
    for blackout in context.policy.blackouts:
        if overlaps((blackout.start, blackout.end), subject.span):
            yield Problem(("schedule", "start"),
                          f"overlaps the blackout {blackout.name!r} ({show(blackout.start, tz)} "
                          f"– {show(blackout.end, tz)}): {blackout.reason}; "
                          f"{earliest_compliant(subject, context, rule=NAME)}")
