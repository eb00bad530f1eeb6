"""When was each change request submitted? The notice period is measured from it.

The pull request's ``created_at`` on a GitHub pull-request event (GitHub sets it; a committer date
can be forged), else the committer date of the first commit that added the file, else now.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import git

from cmcheck.core import history
from cmcheck.core import repo as gitrepo


def pull_request_created(environ: dict[str, str] | os._Environ[str]) -> datetime | None:
    """created_at of the pull request in GITHUB_EVENT_PATH, on a pull-request event."""
    if not environ.get("GITHUB_EVENT_NAME", "").startswith("pull_request"):
        return None
    path = environ.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            event = json.load(handle)
        created = event["pull_request"]["created_at"]
        return datetime.fromisoformat(str(created).replace("Z", "+00:00")).astimezone(UTC)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"cannot read created_at from the event file {path}: {exc}") from None


def submission_times(
    repository: git.Repo | None,
    targets: list[str],
    *,
    since: str | None,
    created: datetime | None,
    now: datetime,
) -> dict[str, datetime]:
    """Submission time per change id.

    Without ``since`` (full validation) the clock is the first commit that added a file with
    that id, in any folder, so moving a file between year folders keeps its clock. With
    ``since`` (a merge base) only the branch's own commits count: the first that touched the
    file, so that a reschedule is timed from its own pull request.
    """
    ids = {gitrepo.change_id(path) for path in targets}
    if created is not None:
        return dict.fromkeys(ids, created)
    if repository is None or (since is None and not gitrepo.has_commits(repository)):
        return dict.fromkeys(ids, now)
    fresh = gitrepo.untracked(repository)
    if all(path in fresh for path in targets):
        return dict.fromkeys(ids, now)
    history.require_history(repository)
    dates = history.first_commits(repository, since=since, added_only=since is None)
    times: dict[str, datetime] = {}
    for path, stamp in dates.items():
        stem = gitrepo.change_id(path)
        if stem in ids and (stem not in times or stamp < times[stem]):
            times[stem] = stamp
    for path in targets:
        stem = gitrepo.change_id(path)
        if path in fresh or stem not in times:
            times[stem] = now
    return times
