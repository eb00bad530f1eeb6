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

Instead: start later (the finding names the earliest compliant start), or file it as
`kind: unscheduled` if it really is an emergency, or ask for an exception
(`exceptions: [{rule: notice-period, reason: ...}]`) that the coordinator's approval grants.

Options: `notice_days` in policy.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from cmcheck.core.context import Context, Problem, Subject
from cmcheck.core.findings import Severity
from cmcheck.core.localtime import show
from cmcheck.core.suggest import earliest_compliant

NAME = "notice-period"
TITLE = "Notice period"  # the rule's name for people (SARIF's rules[].name)
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
                  f"{earliest_compliant(subject, context, rule=NAME)}")


def describe(span: timedelta) -> str:
    """'10 days 3 hours before' or '2 days 0 hours after'."""
    hours = int(abs(span).total_seconds() // 3600)
    return f"{hours // 24} days {hours % 24} hours {'before' if span >= timedelta(0) else 'after'}"
