"""When each Change Review landed, from git history (for `cmcheck report`'s days to review).

Kept beside repo.py rather than in it so that the report's one git query lives with the report.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import PurePosixPath

import git

from cmcheck import repo as gitrepo


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
