"""A scheduled change is submitted at least `notice_days` (14) days before it starts.

What it does: compares `schedule.start` with the time the request was submitted. In a pull
request on GitHub that is when a commit holding the file's current schedule first reached the
pull request, by GitHub's own record of pushes (never before the pull request was opened). Where
that record cannot be read (a fork, an old push, no permission) it is the later of the pull
request's creation and the commit that introduced the schedule, and a notice says the time is the
author's own claim. Outside a pull request: the date of the first commit that added the file,
else now. A change already merged with the same start is not judged again; a moved start is
judged from the moment it moved.

Why it matters: "Scheduled change requests should be submitted ... with 2 weeks of prior notice
so that the Technology Coordinator has time to review the request."

Example: submitted Tuesday 2026-12-01 for a start on Saturday 2026-12-05.

Instead: the finding names every way forward. Start later: the earliest compliant start is the
first usual start of work (08:00 on a weekend day, 19:00 on a weeknight) after the notice, the
window, the blackouts and other changes allow, and the finding says what held it back. Or ask
for an exception (`exceptions: [{rule: notice-period, reason: ...}]`), which the coordinator's
approval grants. Or, when the work cannot wait (it starts within `unscheduled_lead_days`), file
it as `kind: unscheduled` with its reason.

Options: `notice_days`; `maintenance_window.usual_start` (`weekend`, `weeknight`) for the
proposed start.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.suggest import ways_forward
from cmcheck.core.model.localtime import show
from cmcheck.core.model.verdicts import Problem, Severity
from cmcheck.core.time.durations import in_words

NAME = "notice-period"
SEVERITY = Severity.ERROR
WAIVABLE = True


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    change = subject.change
    if change.kind != "scheduled":
        return
    previous = context.previous.get(subject.id)
    if previous is not None and previous.schedule.start == change.schedule.start:
        return
    submitted = context.submitted_at(subject)
    claim = context.claims.get(subject.id)
    if claim:
        yield Problem(("schedule", "start"),
                      f"submission time {show(submitted, context.policy.tz)} is the author's "
                      f"own claim: {claim}", severity=Severity.NOTICE)
    required = timedelta(days=context.policy.notice_days)
    given = change.schedule.start - submitted
    if given >= required:
        return
    tz = context.policy.tz
    yield Problem(("schedule", "start"),
                  f"submitted {show(submitted, tz)}, {describe(given)} the start; the "
                  f"policy asks {context.policy.notice_days} days of notice; "
                  f"{ways_forward(subject, context, rule=NAME)}")


def describe(span: timedelta) -> str:
    """'10 days 3 hours before' or '2 days after'."""
    return f"{in_words(span)} {'before' if span >= timedelta(0) else 'after'}"
