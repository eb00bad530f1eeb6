"""GitHub's own record of the pushes to a pull request's head branch, for the notice clock.

A commit's date is whatever its author wrote; the repository activity API
(`GET /repos/{owner}/{repo}/activity`) keeps the server's time of each push and the commit the
branch pointed to afterwards. core/clock.py decides with it; this module only reads it, and says
why when it cannot (a fork, whose pushes GitHub records in the fork; no token; a refusal).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from datetime import UTC, datetime

from cmcheck.core.clock import PullRequestClock, PullRequestEvent, Push
from cmcheck.core.judge.findings import one_line
from cmcheck.github.api import ApiError, Client

# The updates that bring commits to a branch; a deletion leaves it holding nothing. Merges
# (pr_merge, merge_queue_merge) land on the base branch, not the head.
BRINGS = frozenset({"push", "force_push", "branch_creation"})
DELETES = frozenset({"branch_deletion"})


def pushes(client: Client, ref: str) -> list[Push]:
    """Every recorded update of refs/heads/<ref>, in GitHub's order."""
    where = f"the activity of {one_line(ref, limit=60)}"
    query = urllib.parse.quote(f"refs/heads/{ref}", safe="/")
    found = []
    for raw in client.get_all(client.repo_path(f"activity?ref={query}")):
        kind = raw.get("activity_type") if isinstance(raw, dict) else None
        if kind not in BRINGS | DELETES:
            continue
        after, stamp = raw.get("after"), raw.get("timestamp")
        if not isinstance(after, str) or not isinstance(stamp, str):
            raise ApiError(f"unexpected answer for {where}: no after or timestamp")
        try:
            at = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            raise ApiError(f"unexpected answer for {where}: timestamp "
                           f"{one_line(stamp, limit=40)!r}") from None
        found.append(Push(after if kind in BRINGS else "", at))
    return found


def pull_clock(event: PullRequestEvent, environ: Mapping[str, str]) -> PullRequestClock:
    """The event with GitHub's pushes to its head branch, or why they cannot be read."""
    from cmcheck.github.api import client_from

    def unreadable(why: str) -> PullRequestClock:
        return PullRequestClock(event=event, unreadable=why)

    if event.head_ref is None or event.head_sha is None:
        return unreadable("the pull request event names no head branch")
    here = (event.base_repo or environ.get("GITHUB_REPOSITORY", "")).casefold()
    if event.head_repo is None or event.head_repo.casefold() != here:
        fork = one_line(event.head_repo or "a deleted repository", limit=80)
        return unreadable(f"the pull request comes from a fork ({fork}), whose pushes GitHub "
                          "records there")
    if not environ.get("GITHUB_TOKEN"):
        return unreadable("no GITHUB_TOKEN to read GitHub's record of pushes")
    try:
        return PullRequestClock(event=event,
                                pushes=tuple(pushes(client_from(environ), event.head_ref)))
    except ApiError as error:
        return unreadable(f"GitHub's record of pushes could not be read: {error}")
