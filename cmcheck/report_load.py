"""`cmcheck report`'s input: the work tree's change requests, when each was submitted and
when each review landed (git history). ``load`` is what the CLI and the calendar build call.

The review query is kept here rather than in repo.py so that it lives with the report.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

import git

from cmcheck import catalog, clock
from cmcheck import repo as gitrepo
from cmcheck.report import Report, build


def review_times(repository: git.Repo | None) -> dict[str, datetime]:
    """Per change id, the committer date of the earliest commit that added a `review:` line."""
    if repository is None or not gitrepo.has_commits(repository):
        return {}
    output = repository.git.log("-G", r"^review[[:space:]]*:", "--format=%x00%ct",
                                "--name-only", "--no-renames", "-z", "HEAD", "--",
                                gitrepo.CHANGES)
    found: dict[str, datetime] = {}
    stamp: datetime | None = None
    for token in output.split("\0"):  # newest first: the last date seen is the earliest
        token = token.strip("\n")
        if not token:
            continue
        if token.isdigit():
            stamp = datetime.fromtimestamp(int(token), UTC)
        elif stamp is not None:
            found[PurePosixPath(token).stem] = stamp
    return found


def load(root: Path, *, now: datetime, since: date | None = None) -> Report:
    """The report of the repository at root as of now (aware).

    Raises engine.ConfigurationError for an invalid policy and repo.ShallowClone when the
    history needed for the clock is missing.
    """
    policy = catalog.policy_in(root)
    subjects = list(catalog.changes_in(root, policy).values())
    repository = gitrepo.open_repo(root.resolve())
    submitted = clock.submission_times(repository, [s.path for s in subjects], since=None,
                                       created=None, now=now.astimezone(UTC))
    return build(subjects, policy=policy, now=now.astimezone(policy.tz), submitted=submitted,
                 reviewed_at=review_times(repository), since=since)
