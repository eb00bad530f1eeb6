"""The next free slot, and every way forward, offered with each scheduling finding.

A finding that only refuses leaves a technician guessing; this one says when the change would
pass and why that time, how to ask the coordinator for an exception, and, where the work could
not wait, how to file it as unscheduled.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.model.localtime import show
from cmcheck.core.time.durations import in_words
from cmcheck.core.time.window import HORIZON, Interval, earliest_start, in_working_day, is_usual

SCHEDULING = ("notice-period", "maintenance-window", "blackout", "conflict")
# The rules an unscheduled change is exempt from (DESIGN.md): only there is it a way forward.
EXEMPT_WHEN_UNSCHEDULED = ("notice-period", "maintenance-window")


def earliest_compliant(subject: Subject, context: Context, *, rule: str) -> str:
    """'earliest compliant start: Sat 2026-12-19 08:00 (why)', satisfying notice, window,
    blackouts and conflicts at once, minus whatever the change asks to be waived except rule
    itself.

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
    noticed = context.submitted_at(subject) + floor
    not_before = max(noticed, start)
    named: list[tuple[Interval, str]] = []
    if "blackout" not in waived:
        named.extend(((b.start, b.end), f"the {b.name!r} blackout")
                     for b in context.policy.blackouts)
    if "conflict" not in waived:
        reach = (not_before - (end - start), not_before + HORIZON)
        named.extend((other.span, other.id) for other in context.conflicts(subject, reach))
    needs_window = (change.impact.user_connectivity and change.kind == "scheduled"
                    and "maintenance-window" not in waived)
    slot = earliest_start(policy=context.policy, not_before=not_before, duration=end - start,
                          needs_window=needs_window, busy=[span for span, _ in named])
    if slot is None:
        text = "no compliant start within a year: split the change into shorter parts"
    else:
        after = [f"{context.policy.notice_days} days of notice"] if noticed > start else []
        after.extend(name for (_, until), name in named if not_before < until <= slot)
        why = _chosen(context, slot, needs_window, _and(after or ["the time it asks for"]))
        text = f"earliest compliant start: {show(slot, context.policy.tz)} ({why})"
    context._suggestions[key] = text
    return text


def _chosen(context: Context, slot: datetime, needs_window: bool, after: str) -> str:
    """Why this time: the usual start of work (policy maintenance_window.usual_start) that
    first comes after what held the change back."""
    if not needs_window and in_working_day(context.policy, slot):
        return f"the first quarter hour of a working day after {after}: the work needs no window"
    if not is_usual(context.policy, slot, needs_window=needs_window):
        return (f"the first quarter hour after {after} where the whole change fits: it is too "
                "long to begin at a usual start of work")
    local = slot.astimezone(context.policy.tz)
    if not context.policy.maintenance_window.closed_on(local.weekday()):
        day = "on a weekend day"
    else:
        day = "on a weeknight, when the closed hours end"
    return f"the first usual start of work after {after}; {local:%H:%M} {day}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def ways_forward(subject: Subject, context: Context, *, rule: str) -> str:
    """Every way forward for a finding of rule: the earliest compliant start, the exception
    the coordinator grants by approving, and the unscheduled route when the work could not
    wait (starts within the policy's unscheduled lead)."""
    change = subject.change
    earliest = earliest_compliant(subject, context, rule=rule)
    if change.waived(rule):  # asked for: the coordinator sees what granting it waives
        return f"without the exception, the {earliest}"
    ways = [f"ways forward: move it, {earliest}",
            f"or ask the coordinator for an exception: add `exceptions: [{{rule: {rule}, "
            "reason: <why it cannot move>}]`, which approving the pull request grants"]
    lead = timedelta(days=context.policy.unscheduled_lead_days)
    if (rule in EXEMPT_WHEN_UNSCHEDULED and change.kind == "scheduled"
            and change.schedule.start - context.submitted_at(subject) <= lead):
        ways.append("or, if the work cannot wait (a failure, a risk to data or safety), file it "
                    "as `kind: unscheduled` with `unscheduled: {reason: <what happened>}`; it "
                    f"must start within {in_words(lead)} of filing")
    return "; ".join(ways)
