"""The coordinator's delay: the ``delayed`` label, and who put it on and took it off.

Anyone who can edit labels (the triage and write roles: every technician) can take a label off
a pull request, so the label's absence alone lifts nothing. Like a denial, a delay a coordinator
put on stands until a coordinator takes the label off; the timeline's labeled and unlabeled
events say who did what. A label a non-coordinator put on delays while it is on (failing closed
costs nothing) and is theirs to take off.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from cmcheck.core.judge.findings import one_line

DELAYED_LABEL = "delayed"


class LabelEvent(NamedTuple):
    """A labeled (added) or unlabeled event of the timeline, oldest first as GitHub lists."""

    name: str
    actor: str  # "" for a deleted account
    added: bool
    at: str


def standing(events: Iterable[LabelEvent],
             chiefs: set[str]) -> tuple[LabelEvent, LabelEvent | None] | None:
    """The coordinator's delay that the timeline shows no coordinator lifted: the event that
    put the label on, and the last removal by someone else (None when the label went with no
    unlabeled event at all, as when the label itself is deleted or renamed)."""
    put: LabelEvent | None = None
    taken: LabelEvent | None = None
    for event in events:
        if event.name.casefold() != DELAYED_LABEL:
            continue
        if event.actor and event.actor.casefold() in chiefs:
            put, taken = (event, None) if event.added else (None, None)
        elif not event.added and put is not None:
            taken = event
    return None if put is None else (put, taken)


def delayed(labels: Iterable[str], events: Iterable[LabelEvent], *, chiefs: set[str],
            number: int) -> str | None:
    """Why the pull request is delayed, or None."""
    if DELAYED_LABEL in (label.casefold() for label in labels):
        return (f"delayed: the coordinator's {DELAYED_LABEL!r} label is on PR #{number}; it "
                "passes once the label is removed")
    found = standing(events, chiefs)
    if found is None:
        return None
    put, taken = found
    start = (f"delayed: {one_line(put.actor, limit=40)} put the {DELAYED_LABEL!r} label on "
             f"PR #{number} on {one_line(put.at, limit=40)}; ")
    fix = "a coordinator puts the label back and takes it off themself"
    if taken is None:
        return (start + "it is gone, but no coordinator took it off (was the label deleted or "
                f"renamed?), so the delay stands: {fix}")
    who = one_line(taken.actor, limit=40) if taken.actor else "a deleted account"
    return (start + f"{who} took it off on {one_line(taken.at, limit=40)}, but only a "
            f"coordinator can lift a delay: {fix}")
