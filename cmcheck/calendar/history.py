"""What git says about each change: when it was submitted, merged, rescheduled, reviewed or
cancelled. One ``git log`` pass over changes/ serves the change pages, the feeds and the
statistics page's clock; blob versions are compared only for files with more than one commit,
so 10,000 single-commit changes cost no extra reads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import NamedTuple

import git

from cmcheck.core.git import history as git_history
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge.findings import one_line
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.reading import SUFFIXES, parse


@dataclass(frozen=True, kw_only=True)
class Event:
    when: datetime
    kind: str  # submitted, merged, rescheduled, reviewed, edited, moved, cancelled
    commit: str
    subject: str


class Gone(NamedTuple):
    """A cancelled change: its last path and content before the file was deleted."""

    path: str
    change: ChangeRequest


@dataclass(frozen=True, kw_only=True)
class History:
    events: tuple[Event, ...] = ()
    reschedules: int = 0
    submitted: datetime | None = None  # the first commit that added a file with this id
    reviewed: datetime | None = None  # the first commit whose version carries a review

    @property
    def last(self) -> datetime | None:
        return self.events[-1].when if self.events else None


def _change(repository: git.Repo, path: str, sha: str, tz: tzinfo) -> ChangeRequest | None:
    if set(sha) == {"0"}:
        return None
    _, change, findings = parse(path, gitrepo.blob(repository, sha), ChangeRequest, tz)
    return change if isinstance(change, ChangeRequest) and not findings else None


def _kind(event: git_history.FileEvent, before: ChangeRequest | None,
          after: ChangeRequest | None) -> str:
    if event.status == "A":
        return "merged" if event.merge else "submitted"
    if event.status == "D":
        return "cancelled"
    if event.merge:
        return "merged"
    if before is not None and after is not None:
        if before.schedule != after.schedule:
            return "rescheduled"
        if before.review is None and after.review is not None:
            return "reviewed"
    return "edited"


def histories(repository: git.Repo, log: list[git_history.FileEvent], tz: tzinfo,
              reviewed: frozenset[str] = frozenset()) -> dict[str, History]:
    """Each change id's history, oldest event first, from git_history.file_events (newest first).

    reviewed: the ids whose work-tree version has a review; a file committed once got it in that
    commit (the files committed more than once are read at each version instead)."""
    by_id: dict[str, list[git_history.FileEvent]] = defaultdict(list)
    for event in reversed(log):
        if event.path.endswith(SUFFIXES):
            by_id[gitrepo.change_id(event.path)].append(event)
    found: dict[str, History] = {}
    for change_id, events in by_id.items():
        own = [e for e in events if not e.merge]  # a merge's diff repeats its branch's commits
        multiple = len(own) > 1
        # A file moved to another folder is a delete and an add in one commit: not a cancellation.
        added = {e.commit for e in events if e.status == "A"}
        deleted = {e.commit for e in events if e.status == "D"}
        out: list[Event] = []
        reschedules = 0
        review_at = own[0].when if own and not multiple and change_id in reviewed else None
        for event in events:
            if event.status == "D" and event.commit in added:
                continue
            compare = multiple and event.status in "AM" and not event.merge
            before = _change(repository, event.path, event.old_blob, tz) if compare else None
            after = _change(repository, event.path, event.new_blob, tz) if compare else None
            if review_at is None and after is not None and after.review is not None:
                review_at = event.when
            kind = "moved" if event.status == "A" and event.commit in deleted else _kind(
                event, before, after)
            reschedules += kind == "rescheduled"
            # The message is the author's words, not a record: one line, controls escaped.
            out.append(Event(when=event.when, kind=kind, commit=event.commit,
                             subject=one_line(event.subject, limit=120)))
        first_add = min((e.when for e in own if e.status == "A"), default=None)
        found[change_id] = History(events=tuple(out), reschedules=reschedules,
                                   submitted=first_add, reviewed=review_at)
    return found


def cancelled(repository: git.Repo, log: list[git_history.FileEvent], tz: tzinfo, live: set[str],
              ) -> dict[str, Gone]:
    """Changes whose file was deleted from changes/ and not brought back, as they last were."""
    found: dict[str, Gone] = {}
    seen: set[str] = set()
    for event in log:  # newest first: only a file's latest event counts
        change_id = gitrepo.change_id(event.path)
        if change_id in seen or not event.path.endswith(SUFFIXES):
            continue
        seen.add(change_id)
        if event.status != "D" or change_id in live:
            continue
        change = _change(repository, event.path, event.old_blob, tz)
        if change is not None:
            found[change_id] = Gone(event.path, change)
    return found
