"""An unscheduled change says why, and is filed promptly after it started.

What it does: a change with `kind: unscheduled` needs `unscheduled.reason` and must be
submitted within `unscheduled_report_days` of `schedule.start`; a scheduled change must not
carry an `unscheduled` section.

Why it matters: "A formal online change request must be submitted for all changes, both
scheduled and unscheduled." Emergencies skip the notice period and the window, so they are
filed for the coordinator's ratification right after the fact.

Example: a UPS replaced on 2026-11-02 after a failure, filed on 2026-11-20.

Instead: file it the same or the next day with `unscheduled: {reason: ...}`.

Options: `unscheduled_report_days` in policy.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from cmcheck.core.context import Context, Problem, Subject
from cmcheck.core.findings import Severity
from cmcheck.core.localtime import show

NAME = "unscheduled"
SEVERITY = Severity.ERROR
WAIVABLE = True


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    change = subject.change
    if change.kind == "scheduled":
        if change.unscheduled is not None:
            yield Problem(("unscheduled",), "a scheduled change has no unscheduled section: set "
                                            "kind: unscheduled or remove it", key=True)
        return
    if change.unscheduled is None:
        yield Problem(("kind",), "an unscheduled change must say why: add unscheduled.reason")
    days = context.policy.unscheduled_report_days
    submitted = context.submitted_at(subject)
    if submitted - change.schedule.start > timedelta(days=days):
        tz = context.policy.tz
        yield Problem(("schedule", "start"),
                      f"filed {show(submitted, tz)}, more than {days} days after the change "
                      f"started; unscheduled changes are filed within {days} days")
