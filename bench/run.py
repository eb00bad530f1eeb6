"""The benchmark of issue 2: cmcheck validate against its floor and against check-jsonschema,
and the calendar build against validate (issue 12: at most 2x at 10,000 changes).

Run from the repository root: `python bench/run.py` (about ten minutes; repositories are
generated under bench/work/, which git ignores), or `python bench/run.py --calendar --sizes
10000` for the calendar's rows alone. Each figure is the median wall time of three runs of a
fresh process, with that process's peak memory; the calendar rows add the CPU time (user +
system, the process and its forked writer), which other load on the machine disturbs less.

`python bench/run.py --goals --sizes 10000` prints issue 25's goals, each as a ratio (validate
against check-jsonschema and against the floor, the pull-request check in the 10,000-change
repository against the 10-change one, the calendar against validate, `--version` against
`import click`), from --rounds interleaved rounds (docs/testing.md: reading it on a noisy
machine).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
NOW = "2026-12-01T09:00"
BIN = Path(sys.executable).parent


CPU: dict[str, float] = {}  # median CPU seconds of the last measure() of each command


def measure(args: list[str], *, cwd: Path, repeat: int = 3, accept: tuple[int, ...] = (0,),
            fresh: list[Path] | None = None) -> tuple[float, float]:
    """Median seconds and peak MiB of a fresh process (os.wait4 reports the child's rusage,
    its own waited-for children included); the median CPU seconds go to CPU. With fresh, each
    run writes to `--out` a new folder (as in CI's fresh checkout), named and listed in fresh
    for the caller to remove later: deleting 10,000 files just before a run slows the file
    system under it."""
    times, peaks, cpus = [], [], []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = args
    for _ in range(repeat):
        if fresh is not None:
            folder = WORK / f"site-fresh-{len(fresh)}"
            shutil.rmtree(folder, ignore_errors=True)
            fresh.append(folder)
            command = [*args, "--out", str(folder)]
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        cpus.append(usage.ru_utime + usage.ru_stime)
        code = os.waitstatus_to_exitcode(status)
        if code not in accept:
            raise SystemExit(f"{' '.join(args[:4])} ... exited {code}")
    CPU[args[3] if args[1:3] == ["-m", "cmcheck"] else args[0]] = statistics.median(cpus)
    return statistics.median(times), max(peaks)


def cmcheck(*args: str) -> list[str]:
    return [sys.executable, "-m", "cmcheck", *args]


def files(repo: Path) -> list[str]:
    return sorted(str(p.relative_to(repo)) for p in (repo / "changes").rglob("*.yaml"))


def pr_branch(repo: Path) -> None:
    """A branch adding one change request, as a pull request would."""
    run = {"cwd": repo, "check": True, "capture_output": True}
    subprocess.run(["git", "checkout", "-q", "-B", "pr", "main"], **run)  # type: ignore[call-overload]
    source = min((repo / "changes").rglob("*.yaml"))
    text = source.read_text().replace("2027-05-10", "2046-12-30").replace("2027-05-11",
                                                                          "2046-12-30")
    (repo / "changes" / "2046").mkdir(exist_ok=True)
    (repo / "changes" / "2046" / "2046-12-30-pr-change.yaml").write_text(text)


def row(name: str, seconds: float, peak: float, note: str = "") -> str:
    return f"| {name} | {seconds:.3f} s | {peak:.0f} MiB | {note} |"


def calendar_rows(size: int) -> list[str]:
    """The calendar build beside validate on one generated repository, each measured twice
    in turn so that a burst of other load on the machine shows as a difference between them."""
    repo = generate.generate(WORK / f"repo-{size}", size)
    site = WORK / f"site-{size}"
    rows = []
    made: list[Path] = []
    for turn in (1, 2):
        full, full_peak = measure(cmcheck("validate", "--now", NOW, "--format", "json"),
                                  cwd=repo)
        full_cpu = CPU["validate"]
        calendar, cal_peak = measure(cmcheck("calendar", "--now", NOW), cwd=repo, fresh=made)
        cal_cpu = CPU["calendar"]
        again, _ = measure(cmcheck("calendar", "--out", str(site), "--now", NOW), cwd=repo)
        again_cpu = CPU["calendar"]
        rows.append(row(f"{size}: cmcheck validate (turn {turn})", full, full_peak,
                        f"CPU {full_cpu:.2f} s"))
        rows.append(row(f"{size}: cmcheck calendar, new folder (turn {turn})", calendar,
                        cal_peak, f"{calendar / full:.2f}x validate (target <= 2x, < 300 MiB); "
                        f"CPU {cal_cpu:.2f} s, {cal_cpu / full_cpu:.2f}x validate's"))
        rows.append(row(f"{size}: cmcheck calendar, replacing a build (turn {turn})", again,
                        cal_peak, f"{again / full:.2f}x validate; CPU {again_cpu:.2f} s "
                        "(deleting 10,000 files costs the file system)"))
    for folder in made:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


GOALS = [  # (figure, numerator, denominator, goal, True when the ratio must stay under it)
    ("validate vs check-jsonschema (x faster)", "jsonschema", "validate", 12.0, False),
    ("validate vs the floor", "validate", "floor", 1.25, True),
    ("PR check, big repo vs 10-change repo", "pr-big", "pr-small", 1.25, True),
    ("calendar vs validate", "calendar", "validate", 2.0, True),
    ("--version vs import click", "version", "click", 1.5, True),
]


def goals(size: int, rounds: int) -> list[str]:
    """Every goal of issue 25 as a ratio, from one run: the commands run in turn, round after
    round (interleaved, so that a burst of load on a shared machine hits both sides of a ratio
    alike), and each ratio is the median over the rounds of that round's ratio, for the wall
    time and for the CPU time (user + system of the process and the git it runs)."""
    small = generate.generate(WORK / "repo-10", 10)
    pr_branch(small)
    repo = generate.generate(WORK / f"repo-{size}", size)
    pr_branch(repo)  # its new file is the 10,001st of the full runs, as in a pull request
    paths = files(repo)
    made: list[Path] = []
    commands: dict[str, tuple[list[str], Path, dict[str, object]]] = {
        "click": ([sys.executable, "-c", "import click"], ROOT, {}),
        "version": (cmcheck("--version"), ROOT, {}),
        "floor": ([sys.executable, str(ROOT / "bench" / "floor.py"), *paths], repo, {}),
        "validate": (cmcheck("validate", "--now", NOW, "--format", "json"), repo, {}),
        "calendar": (cmcheck("calendar", "--now", NOW), repo, {"fresh": made}),
        "pr-small": (cmcheck("validate", "--base", "main", "--now", NOW), small, {}),
        "pr-big": (cmcheck("validate", "--base", "main", "--now", NOW), repo, {}),
    }
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (args, cwd, extra) in commands.items():
            seconds, _ = measure(args, cwd=cwd, repeat=1, accept=(0, 1), **extra)  # type: ignore[arg-type]
            wall[name].append(seconds)
            cpu[name].append(CPU[args[3] if args[1:3] == ["-m", "cmcheck"] else args[0]])
    # The builds are deleted after the last round, not between rounds: creating 10,000 files
    # just after 10,000 were deleted costs ext4 several seconds of system time (it looks
    # through the recently freed inodes), which no CI runner's fresh checkout pays.
    for folder in made:
        shutil.rmtree(folder, ignore_errors=True)
    # check-jsonschema takes half a minute a run: once, beside the median validate.
    schema = str(repo / "schema" / "change-request.schema.json")
    seconds, _ = measure([str(BIN / "check-jsonschema"), "--schemafile", schema, *paths],
                         cwd=repo, repeat=1, accept=(0, 1))
    wall["jsonschema"] = [seconds] * rounds
    cpu["jsonschema"] = [CPU[str(BIN / "check-jsonschema")]] * rounds
    rows = ["| figure | wall ratio | CPU ratio | goal | met (wall) |",
            "| --- | --- | --- | --- | --- |"]
    for figure, top, bottom, goal, under in GOALS:
        ratios = [statistics.median(a / b for a, b in zip(kind[top], kind[bottom], strict=True))
                  for kind in (wall, cpu)]
        met = ratios[0] <= goal if under else ratios[0] >= goal
        rows.append(f"| {figure} | {ratios[0]:.2f}x | {ratios[1]:.2f}x | "
                    f"{'<=' if under else '>='} {goal}x | {'yes' if met else 'NO'} |")
    rows += ["", "| command | median wall | median CPU |", "| --- | --- | --- |"]
    rows += [f"| {name} | {statistics.median(wall[name]):.3f} s | "
             f"{statistics.median(cpu[name]):.3f} s |" for name in wall]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--calendar", action="store_true",
                        help="only the calendar build against validate")
    parser.add_argument("--goals", action="store_true",
                        help="issue 25's goals as ratios, from interleaved rounds")
    parser.add_argument("--rounds", type=int, default=5, help="rounds for --goals")
    args = parser.parse_args()
    if args.goals:
        print("\n".join(goals(args.sizes[-1], args.rounds)))
        return
    rows = ["| what | wall | peak memory | ratio |", "| --- | --- | --- | --- |"]
    if args.calendar:
        for size in args.sizes:
            rows += calendar_rows(size)
        print("\n".join(rows))
        return
    start_up, _ = measure([sys.executable, "-c", "import pydantic, yaml, git, click"], cwd=ROOT)
    click_only, _ = measure([sys.executable, "-c", "import click"], cwd=ROOT)
    rows.append(row("python -c 'import pydantic, yaml, git, click'", start_up, 0))
    rows.append(row("python -c 'import click'", click_only, 0))
    for flag in ("--version", "--help"):
        seconds, peak = measure(cmcheck(flag), cwd=ROOT)
        rows.append(row(f"cmcheck {flag}", seconds, peak,
                        f"{seconds / click_only:.2f}x import click (target <= 1.5x)"))
    small = generate.generate(WORK / "repo-10", 10)
    pr_branch(small)
    pr_small, _ = measure(cmcheck("validate", "--base", "main", "--now", NOW), cwd=small)
    rows.append(row("PR check (--base, 1 file), 10-change repo", pr_small, 0))
    for size in args.sizes:
        repo = generate.generate(WORK / f"repo-{size}", size)
        paths = files(repo)
        floor, floor_peak = measure([sys.executable, str(ROOT / "bench" / "floor.py"), *paths],
                                    cwd=repo)
        full, full_peak = measure(cmcheck("validate", "--now", NOW, "--format", "json"),
                                  cwd=repo)
        schema = str(repo / "schema" / "change-request.schema.json")
        jsonschema, js_peak = measure([str(BIN / "check-jsonschema"), "--schemafile", schema,
                                       *paths], cwd=repo, repeat=1, accept=(0, 1))
        rows.append(row(f"{size}: floor (LibYAML load + model_validate)", floor, floor_peak,
                        f"{floor / size * 1000:.2f} ms/file"))
        rows.append(row(f"{size}: cmcheck validate, every rule", full, full_peak,
                        f"{full / floor:.2f}x floor (target <= 1.5x), "
                        f"{full / size * 1000:.2f} ms/file"))
        rows.append(row(f"{size}: check-jsonschema", jsonschema, js_peak,
                        f"cmcheck is {jsonschema / full:.1f}x faster (target >= 10x)"))
        made: list[Path] = []
        calendar, cal_peak = measure(cmcheck("calendar", "--now", NOW), cwd=repo, fresh=made)
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)
        rows.append(row(f"{size}: cmcheck calendar (new folder)", calendar, cal_peak,
                        f"{calendar / full:.2f}x validate (target <= 2x, < 300 MiB); CPU "
                        f"{CPU['calendar']:.2f} s, {CPU['calendar'] / CPU['validate']:.2f}x"))
        pr_branch(repo)
        pr_big, pr_peak = measure(cmcheck("validate", "--base", "main", "--now", NOW), cwd=repo)
        rows.append(row(f"{size}: PR check (--base, 1 file)", pr_big, pr_peak,
                        f"{pr_big / pr_small:.2f}x the 10-change repo (target <= 1.25x), "
                        f"{pr_big / start_up:.2f}x start-up (target <= 1.5x)"))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
