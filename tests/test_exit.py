"""`cmcheck` ends its process without tearing the interpreter down (cli.main.leave, issue 25):
what it printed must all arrive and its exit status must be the command's, as before."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, edit
from tests.validating import NOW


def _cmcheck(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cmcheck", "-C", str(root), *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_every_finding_arrives_and_the_status_is_the_commands(repo: Repo) -> None:
    # Enough findings that the JSON is far larger than a pipe's buffer (64 KiB).
    for n in range(250):
        repo.write(f"changes/2026/2026-12-{n % 28 + 1:02d}-broken-{n:03d}.yaml",
                   edit(("duration_minutes: 30", "duration_minutes: thirty")))
    done = _cmcheck(repo.root, "validate", "--format", "json", "--now", NOW)
    assert len(done.stdout) > 65_536
    findings = json.loads(done.stdout)["findings"]
    assert len({f["path"] for f in findings if f["rule"] == "schema"}) == 250
    assert done.returncode == 1, done.stderr


def test_a_clean_run_exits_0_and_a_usage_error_2(repo: Repo) -> None:
    repo.write("changes/2026/2026-12-19-core-switch-ios.yaml", CHANGE)
    clean = _cmcheck(repo.root, "validate", "--now", NOW)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.startswith("0 errors, 0 warnings"), clean.stdout
    wrong = _cmcheck(repo.root, "validate", "--no-such-option")
    assert wrong.returncode == 2
    assert "No such option '--no-such-option'" in wrong.stderr


def test_a_profiled_run_still_writes_its_profile(tmp_path: Path) -> None:
    """A profiler (or coverage) reports at exit: under one, cmcheck ends the usual way."""
    profile = tmp_path / "run.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m",
                           "cmcheck", "--version"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "cmcheck, version" in done.stdout
    assert profile.stat().st_size > 0
