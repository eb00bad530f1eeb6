"""The other change requests a run must read besides its subjects: the neighbours that could
conflict, and the earlier changes whose failures weigh on risk.

A pull-request check must cost the same with 10 or 10,000 changes, so every search here is a
git grep narrowed by dates and names, and only its few hits are parsed.
"""

from __future__ import annotations

from datetime import timedelta, tzinfo
from pathlib import Path

import git

from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge import risk
from cmcheck.core.judge.context import Subject
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.localtime import days_between
from cmcheck.core.model.models import MAX_DURATION
from cmcheck.core.reading import SUFFIXES, discover, read_change


def dates_near(subjects: list[Subject], tz: tzinfo) -> list[str]:
    """The local dates a change overlapping one of the subjects must mention (a change lasts at
    most MAX_DURATION)."""
    return sorted({day.isoformat() for s in subjects
                   for day in days_between(s.span[0] - MAX_DURATION - timedelta(days=1),
                                           s.span[1] + timedelta(days=1), tz)})


def scope(repository: git.Repo | None, subjects: list[Subject], tz: tzinfo) -> list[str] | None:
    """The one scan of every change file a pull request makes: the files that mention a date
    near a subject or one of its systems. Neighbours and history are narrowed from it."""
    if repository is None or not subjects:
        return None
    return gitrepo.grep(repository, [*dates_near(subjects, tz),
                                     *sorted({n for s in subjects for n in s.change.systems})])


def history(root: Path, repository: git.Repo | None, subjects: list[Subject],
             tz: tzinfo, within: list[str] | None = None) -> list[Subject]:
    """Earlier changes to the subjects' systems that failed or were backed out (risk weighs
    them), narrowed from within by two git greps: the cost follows the few such files."""
    if repository is None or not subjects:
        return []
    names = sorted({n for s in subjects for n in s.change.systems})
    candidates = gitrepo.grep(repository, sorted(risk.BAD_OUTCOMES),
                              paths=gitrepo.grep(repository, names, paths=within))
    return others(root, candidates, subjects, tz)


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
        candidates = gitrepo.grep(repository, names,
                                  paths=gitrepo.grep(repository, days, ignore_case=False,
                                                     paths=within))
    return others(root, candidates, subjects, tz)


def sharing_steps(root: Path, repository: git.Repo | None, subjects: list[Subject],
                  tz: tzinfo) -> list[Subject]:
    """Other change files that may repeat a subject's plan or backout steps (copied-steps):
    only a file holding the longest step of one of its lists can, so one git grep for those
    picks the few to parse, whatever the number of changes."""
    if repository is None or not subjects:
        return []
    longest = sorted({max(steps, key=len) for s in subjects
                      for steps in (s.change.plan.steps, s.change.backout.steps) if steps})
    return others(root, gitrepo.grep(repository, longest), subjects, tz)
