"""The package's own checks run with the tests, so one command gives one verdict."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def check(*args: str) -> None:
    done = subprocess.run(args, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff() -> None:
    # bench/ is not on every branch; ruff fails on a path that does not exist.
    paths = [p for p in ("cmcheck", "tests", "bench") if (REPO_ROOT / p).exists()]
    check(tool("ruff"), "check", *paths)


def test_mypy_strict() -> None:
    check(tool("mypy"), "--strict", "cmcheck")


# Reading a clock in a test is allowed only where it is recorded, never asserted on:
# tests/act.py notes how long each act run took, for the log (and this file names them).
CLOCKS = ("perf_counter(", "monotonic(", "time.time(", "process_time(")
RECORDED_ONLY = {"tests/act.py", "tests/test_quality.py"}


def test_no_test_reads_a_clock_to_assert_on() -> None:
    """docs/testing.md: the test suite times nothing (issue 25). A speed claim is a benchmark
    under bench/; a test bounds work by counting it (tests/work.py)."""
    found = [f"{path.relative_to(REPO_ROOT).as_posix()}: {clock}"
             for path in sorted((REPO_ROOT / "tests").rglob("*.py"))
             if path.relative_to(REPO_ROOT).as_posix() not in RECORDED_ONLY
             for clock in CLOCKS if clock in path.read_text(encoding="utf-8")]
    assert found == []
