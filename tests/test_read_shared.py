"""read_changes: from SHARED_FROM files on, a forked process reads part of them (issue 25).
The readings must be the ones a single process makes, in order, findings and all, and a child
that fails must cost only time."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from cmcheck.core import reading
from cmcheck.core.model.localtime import zone
from tests.conftest import FIXTURES, Repo

CHANGE = (FIXTURES / "change.yaml").read_text(encoding="utf-8")
TZ = zone("America/Chicago")


def _files(repo: Repo) -> list[str]:
    """Clean files, and files each broken another way, interleaved."""
    broken = [CHANGE.replace("duration_minutes: 30", "duration_minutes: thirty"),
              CHANGE.replace("kind: scheduled\n", "kind: scheduled\nkind: unscheduled\n"),
              "just: [unclosed\n", ""]
    paths = []
    for n in range(40):
        path = f"changes/2026/2026-12-{n % 28 + 1:02d}-change-{n:02d}.yaml"
        repo.write(path, broken[n % 4] if n % 3 == 0 else CHANGE)
        paths.append(path)
    (repo.root / "changes/2026/a-folder.yaml").mkdir()
    return [*paths, "changes/2026/a-folder.yaml"]


def _shown(readings: list[reading.Reading]) -> list[Any]:
    return [(None if s is None else (s.id, s.path, s.raw, s.change.model_dump()), found)
            for s, found in readings]


def test_two_processes_read_what_one_reads(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _files(repo)
    alone = reading.read_changes(repo.root, paths, TZ)
    monkeypatch.setattr(reading, "SHARED_FROM", 2)
    forked: list[int] = []
    real_fork = reading.os.fork

    def fork() -> int:
        pid = real_fork()
        forked.append(pid)
        return pid

    monkeypatch.setattr(reading.os, "fork", fork)
    shared = reading.read_changes(repo.root, paths, TZ)
    assert forked and forked[0] != 0  # the parent forked once
    assert _shown(shared) == _shown(alone)
    assert sum(1 for s, _ in shared if s is None) == 15  # the broken ones and the folder
    assert any(f.rule == "schema" for _, found in shared for f in found)


class _Broken:
    """pickle as the child sees it: it cannot hand anything back."""

    HIGHEST_PROTOCOL = pickle.HIGHEST_PROTOCOL
    UnpicklingError = pickle.UnpicklingError
    loads = staticmethod(pickle.loads)

    @staticmethod
    def dump(*_: object, **__: object) -> None:
        raise OSError("no room left")


def test_a_child_that_fails_costs_only_time(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _files(repo)
    alone = reading.read_changes(repo.root, paths, TZ)
    monkeypatch.setattr(reading, "SHARED_FROM", 2)
    monkeypatch.setattr(reading, "pickle", _Broken)
    assert _shown(reading.read_changes(repo.root, paths, TZ)) == _shown(alone)


def test_a_pull_request_reads_alone(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """A handful of files is never worth a fork."""
    def no_fork() -> int:
        raise AssertionError("forked for a few files")

    monkeypatch.setattr(reading.os, "fork", no_fork)
    paths = _files(repo)[:5]
    assert len(reading.read_changes(repo.root, paths, TZ)) == 5
    assert reading.SHARED_FROM > 100
    assert Path(repo.root / paths[0]).is_file()
