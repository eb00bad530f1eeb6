"""A Change Review describes work that has happened.

What it does: refuses a `review:` on a change whose `schedule.start` is still in the future,
and a `review.completed` before `schedule.start` or after the current time. Each is an error on
the line that says it (`review:` or `completed:`).

Why it matters: "A Change Review must be completed for each change": a review written before
the work is not one. A future change that carries a review (copied from an example, most
often) looks done: the calendar would show it "Done" and drop it from Upcoming, and the
completion notice would announce work that has not happened.

Example: a change starting next month with `review: {outcome: successful, completed: <last
month>, ...}`; or a review completed at 18:00 on a change that started at 19:30.

Instead: delete the `review:` section until the work is done, then run `cmcheck review <id>`
(it asks for the time the work ended and refuses one before the start or in the future).

Options: none. It cannot be waived: no approval makes a review of unfinished work true.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.reviews import completed_problem, not_started
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "review-dates"
SEVERITY = Severity.ERROR
WAIVABLE = False


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    change = subject.change
    if change.review is None:
        return
    tz = context.policy.tz
    early = not_started(change, now=context.now, tz=tz, change_id=subject.id)
    if early is not None:
        yield Problem(("review",), early, key=True)
        return
    wrong = completed_problem(change, change.review.completed, now=context.now, tz=tz)
    if wrong is not None:
        yield Problem(("review", "completed"), wrong)
