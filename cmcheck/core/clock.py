"""When was each change request submitted? The notice period is measured from it.

Outside a pull request: the committer date of the first commit that added the file, else now.
In a pull request, the moment the file's current schedule reached it, read from GitHub's own
record of pushes to the head branch (``pull_request_times``); where that record cannot be read,
the later of the pull request's ``created_at`` and the commit that introduced the schedule, marked
as the author's claim. A committer date can be forged, so it never makes a change look older than
its pull request. The command line reads GitHub; this module only decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, NamedTuple

import git

from cmcheck.core.git import event, history
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge.context import Subject
from cmcheck.core.judge.findings import one_line
from cmcheck.core.model.localtime import show


class Push(NamedTuple):
    """One update of the head branch as GitHub recorded it: its server time and the commit the
    branch pointed to afterwards ("" when the update deleted the branch)."""

    after: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class PullRequestEvent:
    """What the workflow's event file says about the pull request."""

    number: int
    created: datetime
    head_sha: str | None = None
    head_ref: str | None = None
    head_repo: str | None = None  # owner/name; None when a fork was deleted
    base_repo: str | None = None


@dataclass(frozen=True, kw_only=True)
class PullRequestClock:
    """The event, and GitHub's pushes to its head branch, or why they could not be read."""

    event: PullRequestEvent
    pushes: tuple[Push, ...] | None = None
    unreadable: str = "GitHub's record of pushes was not read"


def pull_request_event(environ: Mapping[str, str]) -> PullRequestEvent | None:
    """The pull request of GITHUB_EVENT_PATH, on a pull-request event."""
    found = event.payload(environ)
    if found is None:
        return None
    try:
        pull = found["pull_request"]
        created = pull["created_at"]
        return PullRequestEvent(
            number=int(pull.get("number", 0)),
            created=datetime.fromisoformat(str(created).replace("Z", "+00:00")).astimezone(UTC),
            head_sha=_text(pull, "head", "sha"), head_ref=_text(pull, "head", "ref"),
            head_repo=_text(pull, "head", "repo", "full_name"),
            base_repo=_text(pull, "base", "repo", "full_name"))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"cannot read created_at from the event file "
                         f"{environ.get('GITHUB_EVENT_PATH')}: {exc}") from None


def _text(obj: Any, *path: str) -> str | None:
    for key in path:
        obj = obj.get(key) if isinstance(obj, dict) else None
    return obj if isinstance(obj, str) else None


def submission_times(
    repository: git.Repo | None,
    targets: list[str],
    *,
    since: str | None,
    created: datetime | None,
    now: datetime,
    fresh: set[str] | None = None,
) -> dict[str, datetime]:
    """Submission time per change id.

    Without ``since`` (full validation) the clock is the first commit that added a file with
    that id, in any folder, so moving a file between year folders keeps its clock. With
    ``since`` (a merge base) only the branch's own commits count: the first that touched the
    file, so that a reschedule is timed from its own pull request. fresh: the untracked files
    under changes/, when the caller knows them (a pull request's check: from its differences).
    """
    ids = {gitrepo.change_id(path) for path in targets}
    if created is not None:
        return dict.fromkeys(ids, created)
    if repository is None or (since is None and not gitrepo.has_commits(repository)):
        return dict.fromkeys(ids, now)
    fresh = gitrepo.untracked(repository) if fresh is None else fresh
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


class Submission(NamedTuple):
    """When a change's current schedule reached the pull request; `claim` says why that time is
    only the author's word (empty when GitHub's record of pushes vouches for it)."""

    at: datetime
    claim: str = ""


def pull_request_times(repository: git.Repo | None, subjects: Iterable[Subject], *,
                       pull: PullRequestClock, since: str | None, now: datetime, tz: tzinfo,
                       fresh: set[str] | None = None) -> dict[str, Submission]:
    """Submission per change id in a pull request: when a commit holding the file's current
    schedule first reached the head branch by GitHub's record, never before the pull request.
    fresh: as for submission_times."""
    subjects = list(subjects)
    if repository is None or not gitrepo.has_commits(repository):
        return {s.id: Submission(now) for s in subjects}
    history.require_history(repository)
    event = pull.event
    # On GitHub the checkout is a merge of the head into the base; the head's own line counts.
    head = event.head_sha if event.head_sha and _known(repository, event.head_sha) else "HEAD"
    fresh = gitrepo.untracked(repository) if fresh is None else fresh
    found: dict[str, Submission] = {}
    for subject in subjects:
        if subject.path in fresh:
            found[subject.id] = Submission(now)
            continue
        holds, commit = introduced(repository, head, since, subject, tz)
        if not holds:  # edited in the work tree after the last commit: not submitted yet
            found[subject.id] = Submission(now)
        elif commit is None:  # the base branch's own schedule: the pull request adds nothing
            found[subject.id] = Submission(event.created)
        else:
            found[subject.id] = _arrival(repository, commit, pull, tz)
    return found


def introduced(repository: git.Repo, head: str, since: str | None, subject: Subject,
               tz: tzinfo) -> tuple[bool, str | None]:
    """Does head hold the subject's schedule, and which commit of head's own line (first
    parents, since `since`) introduced it and kept it since? None: no commit of the line did."""
    wanted = subject.span
    commits = repository.git.log("--first-parent", "--format=%H", "--no-renames", head,
                                 *([f"^{since}"] if since else []), "--", subject.path).split()
    if not commits:
        return _schedule(repository, head, subject.path, tz) == wanted, None
    introducing: str | None = None
    for sha in commits:  # newest first: stop at the first version with another schedule
        if _schedule(repository, sha, subject.path, tz) != wanted:
            break
        introducing = sha
    if introducing is None:
        return False, None
    return True, introducing


def _schedule(repository: git.Repo, ref: str, path: str,
              tz: tzinfo) -> tuple[datetime, datetime] | None:
    from cmcheck.core.model.models import ChangeRequest
    from cmcheck.core.reading import parse

    raw = gitrepo.show(repository, ref, path)
    if raw is None:
        return None
    _, change, problems = parse(path, raw, ChangeRequest, tz)
    if not isinstance(change, ChangeRequest) or problems:
        return None
    return change.schedule.start, change.schedule.end


def _arrival(repository: git.Repo, commit: str, pull: PullRequestClock,
             tz: tzinfo) -> Submission:
    created = pull.event.created
    dated = datetime.fromtimestamp(repository.commit(commit).committed_date, UTC)
    claimed = max(created, dated)
    why = pull.unreadable
    if pull.pushes is not None:
        since, missed = _first_push_holding(repository, commit, pull.pushes)
        if since is not None:
            return Submission(max(created, since))
        if missed is not None:  # a push without the commit proves it arrived later
            claimed = max(claimed, missed)
        ref = one_line(pull.event.head_ref or "the head branch", limit=60)
        why = (f"GitHub's record of pushes to {ref} shows no push of commit {commit[:7]} "
               "(older than the record keeps, or not recorded yet)")
    return Submission(claimed, (
        f"{why}; it is the later of the pull request's creation ({show(created, tz)}) and the "
        f"date of commit {commit[:7]}, which introduced this schedule and whose date its author "
        "sets"))


def _first_push_holding(repository: git.Repo, commit: str, pushes: Iterable[Push],
                        ) -> tuple[datetime | None, datetime | None]:
    """The first push since which the branch has held `commit` without a break, and the last
    push that did not provably hold it.

    A push of a commit this clone lacks is a break: it was force-pushed away, so the branch
    then held something the head does not build on (a withdrawal), or it raced this run. A
    branch deletion is the same break. Counting either as "still held" would let a change
    pushed in time, withdrawn and brought back weeks later keep its first clock.
    """
    since: datetime | None = None
    missed: datetime | None = None
    for push in sorted(pushes, key=lambda p: p.at):
        if push.after and _known(repository, push.after) and repository.is_ancestor(
                repository.commit(commit), repository.commit(push.after)):
            since = since or push.at
        else:
            since, missed = None, push.at
    return since, missed


def _known(repository: git.Repo, sha: str) -> bool:
    try:
        repository.git.cat_file("-e", f"{sha}^{{commit}}")
    except git.GitCommandError:
        return False
    return True
