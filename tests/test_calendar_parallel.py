"""The calendar's two writers: the change pages shared out between them, and no fork for a
small build."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cmcheck.calendar import parallel, site
from tests import calendar_scenario as scenario
from tests.conftest import Repo, run


def test_forked_shared_and_single_process_builds_are_byte_identical(
        repo: Repo, change_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario.build(repo, change_text)
    # The scenario's few pages as one part (below FORK_AT: no second writer).
    assert run(repo.root, "calendar", "--out", str(tmp_path / "small"),
               "--now", scenario.NOW).exit_code == 0
    # A page a part, drawn by two processes...
    monkeypatch.setattr(site, "FORK_AT", 1)
    monkeypatch.setattr(site, "CHUNK", 1)
    assert run(repo.root, "calendar", "--out", str(tmp_path / "forked"),
               "--now", scenario.NOW).exit_code == 0
    # ...and by this one alone.
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 1)  # start() then runs in-process
    assert run(repo.root, "calendar", "--out", str(tmp_path / "single"),
               "--now", scenario.NOW).exit_code == 0
    small, forked, single = (scenario.site_files(tmp_path / n)
                             for n in ("small", "forked", "single"))
    assert forked == single == small and "changes/2026-12-19-core-switch-ios.html" in forked


def test_a_small_build_is_one_part_and_a_large_one_is_shared_in_runs(
        repo: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario.build(repo, change_text)
    moment = datetime(2026, 12, 14, 16, tzinfo=UTC)  # scenario.NOW
    assert len(site.build(repo.root, moment)) == 1  # a few pages: not worth a fork
    monkeypatch.setattr(site, "FORK_AT", 1)
    monkeypatch.setattr(site, "CHUNK", 3)
    parts = site.build(repo.root, moment)
    shared = [[path for path, _ in part] for part in parts[1:]]
    assert all(path.startswith("changes/") for run_ in shared for path in run_)
    assert [len(run_) for run_ in shared[:-1]] == [3] * (len(shared) - 1)
    assert 1 <= len(shared[-1]) <= 3 and len(shared) >= 2
    assert not any(path.startswith("changes/") for path, _ in parts[0])


def test_each_ticket_is_drawn_by_exactly_one_process() -> None:
    tickets = parallel.Tickets(parallel.TICKETS)

    def draw() -> list[str]:
        drawn = []
        for ticket in tickets:
            drawn.append(str(ticket))
            time.sleep(0.0005)  # let the other process draw too
        return drawn

    job = parallel.start(draw)
    here = draw()
    there = parallel.finish(job)
    tickets.close()
    assert sorted(map(int, here + there)) == list(range(parallel.TICKETS))
    with pytest.raises(ValueError, match="at most 256"):
        parallel.Tickets(parallel.TICKETS + 1)


def test_a_forked_writer_reports_its_work_and_its_failure() -> None:
    job = parallel.start(lambda: [str(os.getpid())])
    if threading.active_count() == 1:
        assert job.pid > 0
        assert parallel.finish(job) == [str(job.pid)]  # it ran in the child
    else:
        assert job.pid == 0 and parallel.finish(job) == [str(os.getpid())]

    def broken() -> list[str]:
        raise PermissionError("disk says no")

    with pytest.raises(OSError, match="PermissionError: disk says no"):
        parallel.finish(parallel.start(broken))


def test_a_failing_parent_stops_its_writer(tmp_path: Path) -> None:
    """The parent's own part fails: the forked writer is ended and reaped, not left to write
    into a build that failed."""
    def failing() -> Iterator[tuple[str, bytes]]:
        raise RuntimeError("template refused")
        yield  # a generator, like a real part

    def endless(name: str) -> Iterator[tuple[str, bytes]]:
        while True:
            time.sleep(0.01)
            yield name, b""

    started: list[parallel.Job] = []
    original = parallel.start

    def start(work: Callable[[], list[str]]) -> parallel.Job:
        started.append(original(work))
        return started[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "start", start)
        with pytest.raises(RuntimeError, match="template refused"):
            site.write(tmp_path / "out", [failing(), endless("a.html"), endless("b.html")])
    if started[0].pid:
        with pytest.raises(ChildProcessError):
            os.waitpid(started[0].pid, os.WNOHANG)  # already reaped


def test_a_build_stays_frozen_until_the_next_one_collects_it(
        repo: Repo, change_text: str) -> None:
    """The build stays frozen after writing, so that the command ends without a collection
    through it (1.2 s at 10,000 changes); a process that builds again, like this one, still
    keeps only about one build's objects."""
    scenario.build(repo, change_text)
    moment = datetime(2026, 12, 14, 16, tzinfo=UTC)  # scenario.NOW
    gc.collect()
    before = gc.get_freeze_count()
    try:
        site.write(repo.root / "site-1", site.build(repo.root, moment))
        one = gc.get_freeze_count()
        assert one > before  # frozen after the build, not thawed at its end
        for n in range(2, 6):
            site.write(repo.root / f"site-{n}", site.build(repo.root, moment))
        assert gc.get_freeze_count() - before < 1.5 * (one - before)
    finally:
        gc.unfreeze()
