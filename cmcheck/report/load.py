"""`cmcheck report`'s input: the work tree's change requests, when each was submitted and
when each review landed (git history). ``load`` is what the CLI and the calendar build call.

The review query is kept here rather than in repo.py so that it lives with the report.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import git

from cmcheck.core import catalog, clock
from cmcheck.core.git import history
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge import risk
from cmcheck.report.figures import Report, build


def review_times(repository: git.Repo | None) -> dict[str, datetime]:
    """Per change id, the committer date of the earliest commit that added a `review:` line."""
    if repository is None:
        return {}
    found: dict[str, datetime] = {}
    for path, stamp in history.first_commits(repository, added_only=False,
                                             matching=r"^review[[:space:]]*:").items():
        change_id = gitrepo.change_id(path)
        found[change_id] = min(stamp, found.get(change_id, stamp))
    return found


def load(root: Path, *, now: datetime, since: date | None = None) -> Report:
    """The report of the repository at root as of now (aware).

    Raises configuration.ConfigurationError for an invalid policy and repo.ShallowClone when the
    history needed for the clock is missing.
    """
    policy = catalog.policy_in(root)
    subjects = list(catalog.changes_in(root, policy).values())
    repository = gitrepo.open_repo(root.resolve())
    submitted = clock.submission_times(repository, [s.path for s in subjects], since=None,
                                       created=None, now=now.astimezone(UTC))
    risks = risk.assess_all(subjects, policy=policy, now=now,
                            inventory=catalog.inventory_in(root, policy))
    return build(subjects, policy=policy, now=now.astimezone(policy.tz), submitted=submitted,
                 reviewed_at=review_times(repository), since=since,
                 risks={key: found.level for key, found in risks.items()})
