"""Whether a Change Review can be true: it describes work that has happened (DESIGN.md, "Change
Review"). One judgement, read by the `review-dates` rule, by `cmcheck review` before it writes,
and by the calendar before it shows a change as done.

Copying an example that carries a `review:` is the usual way a future change gets one; the
calendar then showed it "Done" and dropped it from Upcoming.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from cmcheck.core.model.localtime import show
from cmcheck.core.model.models import ChangeRequest


def not_started(change: ChangeRequest, *, now: datetime, tz: tzinfo, change_id: str) -> str | None:
    """Why a change that has not started cannot have a review, or None when it has started."""
    start = change.schedule.start
    if start <= now:
        return None
    return (f"the change starts {show(start, tz)} and has not started yet, so it cannot have a "
            "Change Review: delete the whole `review:` section (copying an example that has one "
            f"is how this happens) and add it after the work with `cmcheck review {change_id}`")


def completed_problem(change: ChangeRequest, completed: datetime, *, now: datetime,
                      tz: tzinfo) -> str | None:
    """Why `completed` cannot be when the work ended, or None when it can."""
    start = change.schedule.start
    if completed < start:
        return (f"completed {show(completed, tz)} is before the change started "
                f"({show(start, tz)}): write when the work ended, on or after its start")
    if completed > now:
        return (f"completed {show(completed, tz)} is in the future (now is {show(now, tz)}): "
                "a review describes work that has ended; write when it ended")
    return None


def believable(change: ChangeRequest, *, now: datetime) -> bool:
    """True when the change has a review that could be true now (started, completed between
    its start and now)."""
    review = change.review
    return (review is not None and change.schedule.start <= now
            and change.schedule.start <= review.completed <= now)
