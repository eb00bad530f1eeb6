"""The other change requests a run must read besides its subjects: the neighbours that could
conflict, the earlier changes whose failures weigh on risk, the copies of their steps, and
their own versions on the base branch.

A pull-request check must cost the same with 10 or 10,000 changes, so every search here is a
git grep narrowed by dates and names, and only its few hits are parsed.
"""

from __future__ import annotations

from datetime import timedelta, tzinfo
from pathlib import Path
from typing import NamedTuple

import git

from cmcheck.core.git import repo as gitrepo
from cmcheck.core.git import search
from cmcheck.core.judge import risk
from cmcheck.core.judge.context import Subject
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.localtime import days_between
from cmcheck.core.model.models import MAX_DURATION, ChangeRequest
from cmcheck.core.reading import SUFFIXES, discover, parse, read_change

# How many files holding a subject's longest step a pull request's check reads at most.
COPIES_READ = 50
# How many paths a search is narrowed to at most: git compares every file with every path it
# is given (10,000 paths on 10,000 files: 0.9 s), and past about 1,000 a scan of every file
# (0.1 s) costs less.
NARROW_AT = 1000


def dates_near(subjects: list[Subject], tz: tzinfo) -> list[str]:
    """The local dates a change overlapping one of the subjects must mention (a change lasts at
    most MAX_DURATION)."""
    return sorted({day.isoformat() for s in subjects
                   for day in days_between(s.span[0] - MAX_DURATION - timedelta(days=1),
                                           s.span[1] + timedelta(days=1), tz)})


class Scope(NamedTuple):
    """What the one scan of every change file found."""

    within: list[str]  # every file a neighbour, a failure or a copy can be among
    copies: list[str]  # the files holding the longest step of one of a subject's lists


class Scan:
    """The one scan of every change file a pull request makes: the files that mention a date
    near a subject, one of its systems or the longest step of one of its lists. Neighbours and
    history are narrowed from it: each of their searches wants a date or a system, so a file
    it holds for a step alone is passed over as before. The copies are narrowed from it too.

    One scan instead of two (one for the dates and systems, one for the steps) saves a read of
    every file: 90 ms of 160 on 10,000 changes. It starts as soon as the subjects are read and
    runs beside the rest of the check until scope() is asked (a context manager: leaving it
    stops the scan)."""

    def __init__(self, repository: git.Repo | None, subjects: list[Subject],
                 tz: tzinfo) -> None:
        self._repository = repository
        self._near = [*dates_near(subjects, tz),
                      *sorted({n for s in subjects for n in s.change.systems})]
        self._longest = longest_steps(subjects)
        self._either = None if repository is None or not subjects else search.EveryFile(
            repository, [*self._near, *self._longest])

    def scope(self) -> Scope | None:
        """What the scan found (None without a repository or subjects)."""
        repository, near, longest = self._repository, self._near, self._longest
        if repository is None or self._either is None:
            return None
        either = self._either.paths()
        if len(either) <= NARROW_AT:
            return Scope(either, search.grep(repository, longest, paths=either))
        # Thousands hold a step ("Restore the backup.") or name a system: narrowing by path
        # would cost more than a scan, as git compares every file with every path it is given.
        # The files of the dates and systems then come from a scan of their own, as before.
        within = search.grep(repository, near)
        if len(within) > NARROW_AT:
            return Scope(within, search.grep(repository, longest))
        # Of either, a file without a date or a system holds a step; of within, git says.
        return Scope(within, sorted({*either}.difference(within).union(
            search.grep(repository, longest, paths=within))))

    def __enter__(self) -> Scan:
        return self

    def __exit__(self, *_: object) -> None:
        if self._either is not None:
            self._either.close()


def scope(repository: git.Repo | None, subjects: list[Subject], tz: tzinfo) -> Scope | None:
    """The Scan's scope, waited for."""
    with Scan(repository, subjects, tz) as scan:
        return scan.scope()


def longest_steps(subjects: list[Subject]) -> list[str]:
    """The longest step of each list of the subjects: a copy of a list holds it."""
    return sorted({max(steps, key=len) for s in subjects
                   for steps in (s.change.plan.steps, s.change.backout.steps) if steps})


def history(root: Path, repository: git.Repo | None, subjects: list[Subject],
             tz: tzinfo, within: list[str] | None = None, base: str | None = None,
             differ: list[str] | None = None) -> list[Subject]:
    """Earlier changes to the subjects' systems that failed or were backed out (risk weighs
    them), narrowed from within by two git greps: the cost follows the few such files.

    In a pull request, the base branch's record counts too, whatever the pull request does to
    it: rewriting a merged review from `failed` to `successful`, or deleting the file, must not
    lower a new change's risk. A failure the pull request adds counts as well (it only raises
    the risk). differ: the files that differ between base and the working tree, when the
    caller knows them (see recorded)."""
    if repository is None or not subjects:
        return []
    names = sorted({n for s in subjects for n in s.change.systems})
    candidates = search.grep(repository, sorted(risk.BAD_OUTCOMES),
                             paths=search.grep(repository, names, paths=within))
    found = others(root, candidates, subjects, tz)
    return found if base is None else found + recorded(repository, base, names, tz, differ)


def recorded(repository: git.Repo, base: str, names: list[str], tz: tzinfo,
             differ: list[str] | None = None) -> list[Subject]:
    """The base branch's changes to names whose review failed or was backed out, as merged
    (the subjects' own merged versions included: their record is the base's). Only files that
    differ from the working tree are read at base: the rest the working tree's search found.
    A caller that knows which files differ passes them (differ), sparing a scan of the index
    (18 ms on 10,000 changes)."""
    found = []
    differ = gitrepo.differing(repository, base) if differ is None else differ
    for path in search.grep(repository, sorted(risk.BAD_OUTCOMES), at=base,
                            paths=search.grep(repository, names, at=base, paths=differ)):
        raw = gitrepo.show(repository, base, path) if path.endswith(SUFFIXES) else None
        if raw is None:
            continue
        _, change, problems = parse(path, raw, ChangeRequest, tz)
        if isinstance(change, ChangeRequest) and not problems:
            found.append(Subject(id=gitrepo.change_id(path), path=path, change=change, raw=raw))
    return found


def others(root: Path, candidates: list[str], subjects: list[Subject],
            tz: tzinfo) -> list[Subject]:
    """The candidates that parse, other than the subjects themselves."""
    mine = {s.path for s in subjects}
    found = []
    for path in candidates:
        if path not in mine and path.endswith(SUFFIXES):
            other, _ = read_change(root, path, tz)
            if other is not None:
                found.append(other)
    return found


def neighbours(root: Path, repository: git.Repo | None, subjects: list[Subject],
                tz: tzinfo, inventory: Graph | None = None,
                within: list[str] | None = None) -> list[Subject]:
    """Other change requests that may conflict with the subjects.

    Only a file that mentions a date near a subject's schedule (a change lasts at most
    MAX_DURATION) and one of its systems or sites can conflict, so two git greps pick the
    candidates and a pull-request check costs the same with 10 or 10,000 changes. With an
    inventory, the names include every system upstream or downstream of the subject's own
    (bounded by the inventory, not by the number of changes).
    """
    if not subjects:
        return []
    if repository is None:
        candidates = discover(root, [gitrepo.CHANGES]) if (root / gitrepo.CHANGES).is_dir() \
            else []
    else:
        days = dates_near(subjects, tz)
        names = sorted({n for s in subjects for n in (*s.change.systems, *s.change.impact.sites)}
                       | {n for s in subjects for n in (inventory.related(s.change.systems)
                                                         if inventory else ())})
        candidates = search.grep(repository, names,
                                 paths=search.grep(repository, days, ignore_case=False,
                                                   paths=within))
    return others(root, candidates, subjects, tz)


def sharing_steps(root: Path, subjects: list[Subject], tz: tzinfo,
                  holding: list[str]) -> list[Subject]:
    """Other change files that may repeat a subject's plan or backout steps (copied-steps):
    only a file holding the longest step of one of its lists can (scope found them). Work that
    truly repeats ("Restore the backup.") may be held by thousands: the newest COPIES_READ of
    them are read (paths sort by date), enough to name a copy, so that a pull request's check
    does not grow with history."""
    own = {s.path for s in subjects}
    found = sorted((p for p in holding if p not in own), reverse=True)[:COPIES_READ]
    return others(root, found, subjects, tz)


def previous(repository: git.Repo | None, base: str | None, subjects: list[Subject],
             tz: tzinfo) -> dict[str, ChangeRequest]:
    """The base branch's version of each change already merged, found by id: a file moved to
    another folder is the same change, and its edits are judged as edits."""
    if repository is None or base is None or not subjects:
        return {}
    found: dict[str, ChangeRequest] = {}
    for path in gitrepo.named_at(repository, base, sorted({s.id for s in subjects})):
        raw = gitrepo.show(repository, base, path)
        if raw is not None:
            _, change, problems = parse(path, raw, ChangeRequest, tz)
            if isinstance(change, ChangeRequest) and not problems:
                found[gitrepo.change_id(path)] = change
    return found
