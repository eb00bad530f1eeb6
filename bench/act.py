"""What a technician waits for that cmcheck does not control: the workflows' wall time in act.

Runs the lifecycle of tests/test_act_scenario.py once (every workflow, every event) and prints
each act run's wall time and each job's (from its first to its last log line), next to the
time of `cmcheck validate` alone on the same pull request. The jobs compile bytecode on install,
as on GitHub (the test skips that). Run from the repository root after ./scripts/test (which
fills the wheelhouse): `.venv-test/bin/python bench/act.py` (a few minutes).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import test_act_scenario as story  # noqa: E402
from tests.act import Run  # noqa: E402
from tests.act_world import World, git, world  # noqa: E402


def _isolate(home: Path) -> None:
    """Like the tests: a throw-away global git configuration and a fixed identity."""
    os.environ["HOME"] = str(home)
    os.environ["GIT_CONFIG_GLOBAL"] = str(home / ".gitconfig")
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    for name in ("AUTHOR", "COMMITTER"):
        os.environ[f"GIT_{name}_NAME"] = "Bench Tech"
        os.environ[f"GIT_{name}_EMAIL"] = "tech@qcsd.example.org"


def validate_alone(w: World, base: str, head: str, repeat: int = 5) -> float:
    """Median seconds of `cmcheck validate --format github` in a checkout of the pull
    request, as the validate job's step runs it (a fresh process each time)."""
    clone = w.root / "alone"
    git(w.root, "clone", "-q", str(w.bare), str(clone))
    git(clone, "checkout", "-q", "--detach", head)
    program = str(Path(sys.executable).parent / "cmcheck")
    env = {**os.environ, "CMCHECK_NOW": "2026-12-11T10:05", "GITHUB_ACTIONS": "true"}
    times = []
    for _ in range(repeat):
        started = time.monotonic()
        subprocess.run([program, "validate", "--base", base, "--format", "github"], cwd=clone,
                       env=env, capture_output=True, check=False, timeout=120)
        times.append(time.monotonic() - started)
    return statistics.median(times)


def main() -> None:
    records: list[tuple[str, str, Run]] = []
    with tempfile.TemporaryDirectory(prefix="cmcheck-act-bench-") as folder:
        root = Path(folder)
        (root / "home").mkdir()
        _isolate(root / "home")
        with world(root / "world", first_commit_date="2026-11-01T12:00:00-06:00",
                   compile_bytecode=True) as w:
            original = w.act.run

            def timed(event: str, payload: dict[str, Any], workflow: str,
                      timeout: float = 600) -> Run:
                done = original(event, payload, workflow, timeout)
                records.append((event, workflow, done))
                return done

            w.act.run = timed  # type: ignore[method-assign]
            base = git(w.work, "rev-parse", "HEAD")
            head = story._too_little_notice(w, base)
            head = story._fixed(w, base, head)
            alone = validate_alone(w, base, head)
            story._approved(w, base, head)
            merge = story._merged(w, base, head)
            story._calendar(w, merge)
            story._unapproved_push(w, merge)
            story._reminder(w)
    print(f"{'event':<20} {'workflow':<14} {'act run':>8}  jobs (first to last log line)")
    for event, workflow, done in records:
        jobs = ", ".join(f"{name} {job.result} {job.seconds:.1f}s"
                         for name, job in done.jobs.items())
        print(f"{event:<20} {workflow:<14} {done.seconds:>7.1f}s  {jobs}")
    warm = [done.jobs["validate"] for _, workflow, done in records
            if workflow == "validate.yml"][1:]
    print(f"\nvalidate job on a warm pip cache: {statistics.median(j.seconds for j in warm):.1f}s; "
          f"cmcheck validate alone: {alone:.2f}s")
    for step, seconds in warm[-1].step_seconds.items():
        print(f"  {seconds:6.2f}s  {step}")
    print(f"all act runs: {sum(done.seconds for _, _, done in records):.0f}s")


if __name__ == "__main__":
    main()
