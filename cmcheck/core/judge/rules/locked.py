"""Once merged, a change request only gains its review; a reschedule is flagged for approval.

What it does: in a pull request (`--base`), compares each change request already on the base
branch with the new version, field by field. Adding `review` is allowed, and so is editing the
wording of a merged review (`notes`, `next_steps`, `follow_ups`); but a merged review's
`outcome` and `completed` are a record, and rewriting or removing them is an error. Moving
`schedule` is a reschedule: a notice for the coordinator, whose approval of this pull request
approves the new time (`notice-period` counts from this pull request). Any other edit is an
error on the edited line. Deleting a merged change request is a cancellation: a notice, never a
silent loss.

Why it matters: the coordinator approved what the file said when it was merged, and the
notices went out with it: "all change requests must receive formal Technology Coordinator
approval before proceeding". An edit after approval would run work nobody approved. A review
says what happened: a failure weighs on the risk of every later change to the same systems (a
point each, up to two), so turning `failed` into `successful` could lower a new change's risk
below high and skip the second approval the policy asks for it.

Example: a merged change whose `plan.steps` gains a step in the pull request that adds its
review; a merged review whose `outcome: failed` becomes `outcome: successful`.

Instead: add the review alone; to change the work itself, file a new change request (and cancel
the old one by deleting it, or reschedule it by moving `schedule`). Work done after a review
(a second try) is a new change request with its own review.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.model.localtime import show
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.verdicts import Location, Problem, Severity

NAME = "locked"
TITLE = "Merged change locked"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = False
OPEN = frozenset({"review"})


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    before = context.previous.get(subject.id)
    if before is None:
        return
    old = before.model_dump(mode="json", exclude=set(OPEN))
    new = subject.change.model_dump(mode="json", exclude=set(OPEN))
    for location in differences(old, new, ()):
        if location[:1] == ("schedule",):
            continue
        yield Problem(location, f"{'.'.join(map(str, location))} was edited after the change "
                                "request was merged; only its review may be added or edited "
                                "(file a new change request for different work)")
    yield from _record(before, subject.change, context)
    if before.schedule != subject.change.schedule:
        tz = context.policy.tz
        old_span = f"{show(before.schedule.start, tz)} – {show(before.schedule.end, tz)}"
        new_span = (f"{show(subject.change.schedule.start, tz)} – "
                    f"{show(subject.change.schedule.end, tz)}")
        yield Problem(("schedule", "start"),
                      f"rescheduled from {old_span} to {new_span}: the coordinator approves the "
                      "new time by approving this pull request; notice counts from it",
                      severity=Severity.NOTICE)


def _record(before: ChangeRequest, after: ChangeRequest, context: Context) -> Iterator[Problem]:
    """A merged review's outcome and completion time, rewritten or removed."""
    if before.review is None:
        return
    tz = context.policy.tz
    was = (f"its outcome ({before.review.outcome}) and completion "
           f"({show(before.review.completed, tz)}) are the record of what happened")
    if after.review is None:
        yield Problem(("review",), f"review was removed after it was merged: {was}; put it "
                                   "back as merged (only the wording of its notes may change)")
        return
    for name, old, new in (
            ("outcome", before.review.outcome, after.review.outcome),
            ("completed", show(before.review.completed, tz), show(after.review.completed, tz))):
        if old != new:
            yield Problem(("review", name), f"review.{name} was {old} when merged and is "
                                            f"{new} here: {was}, so they stay as merged (only "
                                            "the wording of its notes may change; later work "
                                            "is a new change request)")


def differences(old: Any, new: Any, location: Location) -> Iterator[Location]:
    """Where two JSON-like values differ, as deep as both sides have the same shape."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys()):
            yield from differences(old.get(key), new.get(key), (*location, key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from differences(a, b, (*location, index))
    elif old != new:
        yield location


def cancelled(change_id: str) -> Iterator[Problem]:
    """A merged change request deleted in a pull request."""
    yield Problem((), f"change request {change_id} was merged and is deleted here: a "
                      "cancellation; the coordinator approves it by approving this pull request "
                      "and the affected users must be told", mark=(1, 1),
                  severity=Severity.NOTICE)
