"""The seconds of each hostile file in tests/test_bad_input.py (DESIGN.md: never a hang; an
earlier acceptance list asked under one second per file). The tests count work instead of
timing it (tests/work.py), so that a busy machine cannot fail them; this prints the seconds.

Run from the repository root: `python bench/hazards.py` (about a minute). Each hazard is the
only change file of a fresh repository; each figure is the median wall time of 3 runs of
`cmcheck validate`, a fresh process each, beside the same for a clean file.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.test_bad_input import CHANGE, HAZARDS  # noqa: E402

PATH = "changes/2026/2026-12-19-core-switch-ios.yaml"


def seconds(repo: Path, raw: bytes) -> float:
    (repo / PATH).write_bytes(raw)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cmcheck", "-C", str(repo), "validate", "--now",
                        "2026-12-01T09:00"], capture_output=True, check=False,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        repo = Path(work) / "repo"
        (repo / "changes" / "2026").mkdir(parents=True)
        shutil.copy(ROOT / "tests" / "fixtures" / "policy.yaml", repo / "policy.yaml")
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        clean = seconds(repo, CHANGE.encode("utf-8"))
        print("| file | seconds | under 1 s |\n| --- | --- | --- |")
        print(f"| a clean change | {clean:.3f} | {'yes' if clean < 1 else 'NO'} |")
        for name, (raw, _) in HAZARDS.items():
            took = seconds(repo, raw)
            print(f"| {name} | {took:.3f} | {'yes' if took < 1 else 'NO'} |")


if __name__ == "__main__":
    main()
