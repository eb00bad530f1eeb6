"""The next free slot, offered with every scheduling finding, the way a good scheduler does."""

from __future__ import annotations

from datetime import timedelta

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.model.localtime import show
from cmcheck.core.time.window import HORIZON, Interval, earliest_start

SCHEDULING = ("notice-period", "maintenance-window", "blackout", "conflict")


def earliest_compliant(subject: Subject, context: Context, *, rule: str) -> str:
    """'earliest compliant start: Sat 2026-12-19 00:00', satisfying notice, window, blackouts
    and conflicts at once, minus whatever the change asks to be waived except rule itself.

    The finding of rule is about rule: even when the change asks to waive it, the suggestion
    says when the change would satisfy it (else a waived notice-period would "suggest" the
    change's own start).
    """
    change = subject.change
    waived = frozenset(r for r in SCHEDULING if r != rule and change.waived(r))
    key = f"{subject.id} {' '.join(sorted(waived))}"
    if key in context._suggestions:
        return context._suggestions[key]
    start, end = subject.span
    floor = timedelta(0) if change.kind == "unscheduled" or "notice-period" in waived \
        else timedelta(days=context.policy.notice_days)
    not_before = max(context.submitted_at(subject) + floor, start)
    busy: list[Interval] = []
    if "blackout" not in waived:
        busy.extend((b.start, b.end) for b in context.policy.blackouts)
    if "conflict" not in waived:
        reach = (not_before - (end - start), not_before + HORIZON)
        busy.extend(other.span for other in context.conflicts(subject, reach))
    slot = earliest_start(
        policy=context.policy,
        not_before=not_before,
        duration=end - start,
        needs_window=(change.impact.user_connectivity and change.kind == "scheduled"
                      and "maintenance-window" not in waived),
        busy=busy,
    )
    text = (f"earliest compliant start: {show(slot, context.policy.tz)}" if slot
            else "no compliant start within a year: split the change into shorter parts")
    context._suggestions[key] = text
    return text
