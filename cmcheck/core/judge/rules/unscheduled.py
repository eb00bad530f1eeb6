"""An unscheduled change is work that could not wait: it says why, starts soon after it is
submitted, and is filed promptly if it already started.

What it does: a change with `kind: unscheduled` needs `unscheduled.reason`, must start at most
`unscheduled_lead_days` after it is submitted, and must be submitted within
`unscheduled_report_days` of `schedule.start`; a scheduled change must not carry an
`unscheduled` section.

Why it matters: "A formal online change request must be submitted for all changes, both
scheduled and unscheduled." Emergencies skip the notice period and the window because they
could not wait for them; a change filed as unscheduled for next week could have waited, and
would walk around both.

Example: a UPS replaced on 2026-11-02 after a failure, filed on 2026-11-20; or a firmware
upgrade filed on Monday as unscheduled for the Wednesday of the week after.

Instead: file it the same or the next day with `unscheduled: {reason: ...}`; work that can
wait is `kind: scheduled` (or asks the coordinator for an exception to `notice-period`).

Options: `unscheduled_lead_days` and `unscheduled_report_days` in policy.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.model.localtime import show
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "unscheduled"
TITLE = "Unscheduled change"  # the rule's name for people (SARIF's rules[].name)
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
    # A submission time in the future (a commit dated ahead) never shortens the lead.
    submitted = min(context.submitted_at(subject), context.now)
    lead = context.policy.unscheduled_lead_days
    if change.schedule.start - submitted > timedelta(days=lead):
        tz = context.policy.tz
        yield Problem(("kind",),
                      f"unscheduled, but it starts {show(change.schedule.start, tz)}, more than "
                      f"{lead} days after it was submitted ({show(submitted, tz)}): work that "
                      "can wait is scheduled; file it as kind: scheduled (with an exception "
                      "to notice-period if it cannot give the notice)")
    days = context.policy.unscheduled_report_days
    if submitted - change.schedule.start > timedelta(days=days):
        tz = context.policy.tz
        yield Problem(("schedule", "start"),
                      f"filed {show(submitted, tz)}, more than {days} days after the change "
                      f"started; unscheduled changes are filed within {days} days")
