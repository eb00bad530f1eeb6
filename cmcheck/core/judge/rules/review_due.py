"""A change whose end has passed has its Change Review.

What it does: warns (in `validate`; an error in `audit`) when `schedule.end` is in the past and
the file has no `review` section.

Why it matters: "A Change Review must be completed for each change, whether scheduled or
unscheduled, and whether successful or not."

Example: a change that ended last Saturday with no `review:`.

Instead: `cmcheck review <id>`, or add `review: {outcome, completed, notes}` in a pull request.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.model.localtime import show
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "review-due"
TITLE = "Change review due"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.WARNING
WAIVABLE = True


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    change = subject.change
    if change.review is None and change.schedule.end < context.now:
        yield Problem(("schedule", "end"),
                      f"ended {show(change.schedule.end, context.policy.tz)} and has no Change "
                      f"Review: add one (cmcheck review {subject.id})")
