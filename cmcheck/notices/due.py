"""Which notices are due: a pure comparison of two snapshots of the change requests.

The procedure asks for a notice when a change is scheduled, when its schedule moves, when it is
called off and when it is completed ("whether successful or postponed due to failure"). Each
notice carries a *revision*: a hash of exactly the facts it announces. The delivery ledger keys on
it, so re-running the same push, or diffing a wider range after a lost run, never repeats a notice,
while a second move of the schedule (a different revision) is announced again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from cmcheck.core.judge.context import Subject
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.policy import Policy

NoticeKind = Literal["scheduled", "rescheduled", "cancelled", "completion", "unscheduled",
                     "reminder"]
KINDS: tuple[NoticeKind, ...] = ("scheduled", "rescheduled", "cancelled", "completion",
                                 "unscheduled", "reminder")
# The procedure sends the completion notice "with the affected user, Principal and
# Superintendent"; an unscheduled change is announced after the fact, so it is a completion too.
_OFFICIALS: frozenset[NoticeKind] = frozenset({"completion", "unscheduled"})


@dataclass(frozen=True, kw_only=True)
class Notice:
    change_id: str
    kind: NoticeKind
    revision: str
    change: ChangeRequest
    previous: ChangeRequest | None = None  # the change before a reschedule or cancellation
    recipients: tuple[str, ...] = ()


def _digest(*parts: object) -> str:
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def revision(kind: NoticeKind, change: ChangeRequest) -> str:
    """What the notice announces, hashed: the schedule, or the review's outcome and time."""
    span = (_utc(change.schedule.start), _utc(change.schedule.end))
    if kind == "completion" or (kind == "unscheduled" and change.review is not None):
        review = change.review
        assert review is not None
        return _digest(kind, *span, review.outcome, _utc(review.completed))
    return _digest(kind, *span)


def recipients(kind: NoticeKind, change: ChangeRequest, policy: Policy) -> tuple[str, ...]:
    """The audiences' addresses; for completions also each site's Principal and the Superintendent.

    Addresses are compared without case and keep the order people read: audiences first.
    """
    found: list[str] = []
    for key in change.impact.audiences:
        found.extend(policy.audiences.get(key, []))
    if kind in _OFFICIALS:
        for key in change.impact.sites:
            site = policy.sites.get(key)
            if site is not None:
                found.append(site.principal.email)
        found.append(policy.superintendent.email)
    seen: set[str] = set()
    unique = []
    for address in found:
        if address.casefold() not in seen:
            seen.add(address.casefold())
            unique.append(address)
    return tuple(unique)


def notice_for(change_id: str, kind: NoticeKind, change: ChangeRequest, policy: Policy,
            previous: ChangeRequest | None = None) -> Notice:
    """A change that moves or ends tells everyone who was told of it before, too: audiences
    edited in the same step must not leave the first ones waiting for the old time."""
    addresses = recipients(kind, change, policy)
    if previous is not None:
        told = recipients(kind, previous, policy)
        known = {a.casefold() for a in addresses}
        addresses += tuple(a for a in told if a.casefold() not in known)
    return Notice(change_id=change_id, kind=kind, revision=revision(kind, change), change=change,
                  previous=previous, recipients=addresses)


def _for_new(change_id: str, change: ChangeRequest, policy: Policy) -> list[Notice]:
    if change.kind == "unscheduled":  # one notice: what happened and why
        return [notice_for(change_id, "unscheduled", change, policy)]
    found = [notice_for(change_id, "scheduled", change, policy)]
    if change.review is not None:
        found.append(notice_for(change_id, "completion", change, policy))
    return found


def _for_kept(change_id: str, old: ChangeRequest, new: ChangeRequest,
              policy: Policy) -> list[Notice]:
    found = []
    if new.review is None and new.kind == "scheduled" and old.schedule != new.schedule:
        found.append(notice_for(change_id, "rescheduled", new, policy, previous=old))
    if old.review is None and new.review is not None:
        found.append(notice_for(change_id, "completion", new, policy, previous=old))
    return found


def due(before: dict[str, Subject], after: dict[str, Subject], policy: Policy, *,
        deleted: Iterable[str] = ()) -> list[Notice]:
    """The notices a step from `before` to `after` makes due, ordered by change and story.

    `deleted` names the ids whose file is gone in `after`: a change whose file merely became
    invalid is not cancelled (validate reports it), only one that was removed.
    """
    found: list[Notice] = []
    for change_id in sorted(after):
        new = after[change_id].change
        old = before.get(change_id)
        if old is None:
            found.extend(_for_new(change_id, new, policy))
        else:
            found.extend(_for_kept(change_id, old.change, new, policy))
    for change_id in sorted(set(deleted) & set(before) - set(after)):
        old_change = before[change_id].change
        if old_change.review is None and old_change.kind == "scheduled":
            found.append(notice_for(change_id, "cancelled", old_change, policy,
                                 previous=old_change))
    return found


def reminders(changes: dict[str, Subject], policy: Policy, now: datetime) -> list[Notice]:
    """A reminder for each scheduled change starting within policy.reminder_hours of now."""
    lead = timedelta(hours=policy.reminder_hours)
    found = []
    for change_id in sorted(changes):
        change = changes[change_id].change
        start = change.schedule.start
        if change.kind == "scheduled" and change.review is None and start - lead <= now < start:
            found.append(notice_for(change_id, "reminder", change, policy))
    return found
