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
