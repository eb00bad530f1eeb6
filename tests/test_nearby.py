"""The one scan of every change file a pull request's check makes (core/nearby.py `scope`): one
git grep for a subject's near dates, its systems and its longest steps together, then the files
holding a step told apart among the few it found; and, when thousands of files hold a step or a
name, the scans of before (narrowing by path would cost more). Each way finds the same files.
"""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import pytest

from cmcheck.core import nearby
from cmcheck.core.git import search
from cmcheck.core.judge.context import Subject
from cmcheck.core.reading import read_change
from tests.conftest import FIXTURES, Repo, run
from tests.rules.helpers import CHANGE

TZ = ZoneInfo("America/Chicago")
MINE = "changes/2026/2026-12-19-core-switch-ios.yaml"
# A week before mine (a date near it), on another system: a neighbour by date only.
NEAR = "changes/2026/2026-12-12-library.yaml"
# Months away, on my system: near by its system only.
SAME_SYSTEM = "changes/2027/2027-03-06-core-switch-power.yaml"
# Months away, on another system, other sites, my steps: a copy, and nothing else.
COPY = "changes/2027/2027-04-10-copy.yaml"
# Nothing in common.
FAR = "changes/2027/2027-05-01-far.yaml"

NEIGHBOUR = (FIXTURES / "neighbour.yaml").read_text(encoding="utf-8")


def _moved(text: str, day: str, system: str) -> str:
    for old in ("2027-01-16", "2026-12-19"):
        text = text.replace(old, day)
    return text.replace("core-switch-01", system).replace("high-school", "elementary").replace(
        "high school", "elementary")


def _district(repo: Repo) -> Subject:
    """Main's changes (one of each kind above) and my pull request's change; the copy and my
    change are untracked, as a technician's new files are before their first commit."""
    repo.commit("Merged changes", "2026-11-02T10:00:00-06:00", files={
        NEAR: _moved(NEIGHBOUR, "2026-12-12", "library-server"),
        SAME_SYSTEM: _moved(NEIGHBOUR, "2027-03-06", "core-switch-01"),
        FAR: _moved(NEIGHBOUR, "2027-05-01", "library-server")})
    repo.branch("mine")
    repo.write(COPY, _moved(CHANGE, "2027-04-10", "library-server"))
    repo.write(MINE, CHANGE)
    subject, problems = read_change(repo.root, MINE, TZ)
    assert subject is not None and problems == []
    return subject


@pytest.mark.parametrize("narrow_at", [nearby.NARROW_AT, 3, 1], ids=[
    "narrowed from one scan", "steps held by many: the near files scanned apart",
    "steps and names held by many: two scans"])
def test_each_way_finds_the_near_files_and_the_copies(repo: Repo, narrow_at: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    subject = _district(repo)
    monkeypatch.setattr(nearby, "NARROW_AT", narrow_at)
    found = nearby.scope(repo.git, [subject], TZ)
    assert found is not None
    near = {MINE, NEAR, SAME_SYSTEM}
    # What each search would find alone, by its own scan of every file.
    assert set(search.grep(repo.git, [*nearby.dates_near([subject], TZ), "core-switch-01"])) \
        == near
    assert set(search.grep(repo.git, nearby.longest_steps([subject]))) == {MINE, COPY}
    # Neighbours and history narrow from within: all the near files, and a copy at most.
    assert near <= set(found.within) <= near | {COPY}
    assert FAR not in found.within
    assert sorted(found.copies) == sorted([MINE, COPY])
    assert [s.path for s in nearby.sharing_steps(repo.root, [subject], TZ, found.copies)] \
        == [COPY]


def test_a_file_holding_only_a_step_is_within_but_no_neighbour(repo: Repo) -> None:
    """The one scan holds the copy for its step; the neighbours' and the history's own
    searches (a date and a name, a name and a failure) pass it over, and find what they found
    narrowed from the dates and systems alone, or from every file."""
    subject = _district(repo)
    week = "changes/2026/2026-12-20-core-switch-power.yaml"
    repo.write(week, _moved(NEIGHBOUR, "2026-12-20", "core-switch-01"))
    failed = "changes/2026/2026-10-03-core-switch-failed.yaml"
    repo.write(failed, _moved(NEIGHBOUR, "2026-10-03", "core-switch-01") + (
        "review:\n  outcome: failed\n  completed: 2026-10-03 21:00\n  notes: It failed.\n"
        "  next_steps: Again.\n"))
    found = nearby.scope(repo.git, [subject], TZ)
    assert found is not None and COPY in found.within
    exact = search.grep(repo.git, [*nearby.dates_near([subject], TZ), "core-switch-01"])
    assert COPY not in exact
    for within in (found.within, exact, None):
        assert [s.path for s in nearby.neighbours(repo.root, repo.git, [subject], TZ,
                                                  within=within)] == [week]
        # Every file on my system that says "failed" (the power supply's steps do too).
        assert sorted(s.path for s in nearby.history(repo.root, repo.git, [subject], TZ,
                                                     within=within)) == [failed, week,
                                                                         SAME_SYSTEM]


def test_nothing_to_find_at_all(repo: Repo) -> None:
    """git grep exits 1 when no file matches: no file near, no copy (my file gone from the
    working tree, the only other change far away)."""
    subject = _district(repo)
    for path in (MINE, COPY, NEAR, SAME_SYSTEM):
        (repo.root / path).unlink()
    assert nearby.scope(repo.git, [subject], TZ) == nearby.Scope([], [])


@pytest.mark.parametrize("narrow_at", [nearby.NARROW_AT, 3, 1])
def test_a_pull_request_finds_its_conflict_and_its_copy_either_way(
        repo: Repo, narrow_at: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through validate --base: the merged change on my system the same night conflicts, and
    the merged copy that shares nothing else with me is still named by copied-steps."""
    power = "changes/2026/2026-12-19-power.yaml"
    repo.commit("Merged changes", "2026-11-02T10:00:00-06:00", files={
        NEAR: _moved(NEIGHBOUR, "2026-12-12", "library-server"),
        SAME_SYSTEM: _moved(NEIGHBOUR, "2027-03-06", "core-switch-01"),
        FAR: _moved(NEIGHBOUR, "2027-05-01", "library-server"),
        COPY: _moved(CHANGE, "2027-04-10", "library-server"),
        power: NEIGHBOUR.replace("2027-01-16", "2026-12-19")})
    repo.branch("mine")
    repo.write(MINE, CHANGE)
    monkeypatch.setattr(nearby, "NARROW_AT", narrow_at)
    result = run(repo.root, "validate", "--format", "json", "--base", "main", "--now",
                 "2026-12-01T09:00")
    found = json.loads(result.stdout)["findings"]
    assert {(f["path"], f["rule"]) for f in found} >= {(MINE, "conflict"),
                                                       (MINE, "copied-steps")}, found
    (copied,) = [f for f in found if f["rule"] == "copied-steps"]
    assert "2027-04-10-copy" in copied["message"]
    (conflict,) = [f for f in found if f["rule"] == "conflict"]
    assert "2026-12-19-power" in conflict["message"]


def test_the_longest_step_of_each_list(repo: Repo) -> None:
    assert nearby.longest_steps([_district(repo)]) == [
        "Copy the IOS XE 17.3 image to flash and verify its MD5 checksum.",
        "Reload the switch and restore the saved configuration if needed."]
