"""A change request is a `.yaml` file under `changes/` whose name is its id.

What it does: checks that the file lives under `changes/`, ends in `.yaml`, and that its stem
(the change's id) is lowercase letters, digits and dashes and is not used by another file in
any folder under `changes/`.

Why it matters: the id is the file's stem, so that two pull requests choosing one id collide in
git instead of producing two changes with one id; the calendar, the notices and the audit all
key on it.

Example: `changes/2026/Core Switch.yml`, or `changes/2026/fw.yaml` beside `changes/2027/fw.yaml`.

Instead: `changes/2026/2026-12-12-core-switch-ios.yaml`.

Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import tzinfo

from cmcheck.core.git.history import IdRecord, Retired
from cmcheck.core.git.repo import blob_of, change_id
from cmcheck.core.model.localtime import show
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "filename"
TITLE = "File name and id"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = False

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check(path: str, same_id: list[str]) -> Iterator[Problem]:
    """path is relative to the repository; same_id lists every path under changes/ with its stem."""
    # String operations, not PurePosixPath: a full run checks 10,000 names.
    stem = change_id(path)
    suffix = path.rpartition("/")[2][len(stem):]
    if not path.startswith("changes/"):
        yield Problem((), "change requests live under changes/ (changes/<year>/<id>.yaml)")
    if suffix != ".yaml":
        yield Problem((), f"the file must end in .yaml, not {suffix or 'nothing'}")
    if not ID.fullmatch(stem):
        yield Problem((), f"the id {stem!r} must be lowercase letters, digits and single "
                          "dashes (e.g. 2026-12-12-core-switch-ios)")
    others = sorted(p for p in same_id if p != path)
    if others:
        yield Problem((), f"the id {stem!r} is already used by {', '.join(others)}")


def reused(stem: str, raw: bytes, record: IdRecord, *, in_pull_request: bool,
           tz: tzinfo) -> Iterator[Problem]:
    """An id once used on main is never given to another change (the same bytes put back, a
    revert of a cancellation, is the same change)."""
    if record.reused is not None and not in_pull_request:
        yield Problem((), f"the id {stem} was given to a different change after the change it "
                          f"named was cancelled {_when(record.reused, tz)}: give this change a "
                          "new id", mark=(1, 1))
    elif record.retired is not None and blob_of(raw) != record.retired.blob:
        yield Problem((), f"the id {stem} belonged to a change cancelled "
                          f"{_when(record.retired, tz)}; an id is never given to another "
                          "change: choose a new one (or restore the cancelled file unchanged)",
                      mark=(1, 1))


def _when(retired: Retired, tz: tzinfo) -> str:
    return f"on {show(retired.when, tz)} (commit {retired.commit[:10]})"
