"""The next free slot, offered with every scheduling finding, the way a good scheduler does."""

from __future__ import annotations

from datetime import timedelta

from cmcheck.core.context import Context, Subject
from cmcheck.core.localtime import show
from cmcheck.core.window import HORIZON, Interval, earliest_start


def notice_floor(subject: Subject, context: Context) -> timedelta:
    if subject.change.kind == "unscheduled" or subject.change.waived("notice-period"):
        return timedelta(0)
    return timedelta(days=context.policy.notice_days)


def earliest_compliant(subject: Subject, context: Context) -> str:
    """'earliest compliant start: Sat 2026-12-19 00:00', satisfying notice, window, blackouts
    and conflicts at once (minus whatever the change asks to be waived)."""
    if subject.id in context._suggestions:
        return context._suggestions[subject.id]
    change = subject.change
    start, end = subject.span
    not_before = max(context.submitted_at(subject) + notice_floor(subject, context), start)
    busy: list[Interval] = []
    if not change.waived("blackout"):
        busy.extend((b.start, b.end) for b in context.policy.blackouts)
    if not change.waived("conflict"):
        reach = (not_before - (end - start), not_before + HORIZON)
        busy.extend(other.span for other in context.conflicts(subject, reach))
    slot = earliest_start(
        policy=context.policy,
        not_before=not_before,
        duration=end - start,
        needs_window=(change.impact.user_connectivity and change.kind == "scheduled"
                      and not change.waived("maintenance-window")),
        busy=busy,
    )
    text = (f"earliest compliant start: {show(slot, context.policy.tz)}" if slot
            else "no compliant start within a year: split the change into shorter parts")
    context._suggestions[subject.id] = text
    return text
