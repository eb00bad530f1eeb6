"""The benchmark of issue 27: `cmcheck queue` over 200 open pull requests on the loopback GitHub.

Run from the repository root with the test extras installed: `python bench/queue.py [--pulls N]`.
It builds a repository (the test policy and inventory, under bench/work/queue), serves N open
pull requests with one change request each (half of them approved, some
nights booked twice) from tests/fake_github.py, which pages by 100 as GitHub does and checks every
answer against GitHub's OpenAPI description, and times three fresh `cmcheck queue --format json`
processes. It prints the median wall time and the number of API requests per run. A figure for
the notes, not a timed test: the loopback server's own schema checks are part of the time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import fake_github as gh  # noqa: E402
from tests import queue_fake as fake  # noqa: E402

WORK = ROOT / "bench" / "work" / "queue"
FIXTURES = ROOT / "tests" / "fixtures"


def repository() -> Path:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    for name in ("policy.yaml", "inventory.yaml"):
        shutil.copy(FIXTURES / name, WORK / name)
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    for args in (["init", "-q", "-b", "main"], ["add", "--all"], ["commit", "-qm", "policy"]):
        subprocess.run(["git", *args], cwd=WORK, check=True, env=env)
    return WORK


def serve_pulls(state: gh.State, pulls: int) -> None:
    change = (FIXTURES / "change.yaml").read_text(encoding="utf-8")
    for number in range(1, pulls + 1):
        day = 1 + (number // 2) % 28  # some nights are booked twice: conflicts
        start = f"2027-0{1 + number % 6}-{day:02d}"
        text = change.replace("2026-12-19", start)
        head = fake.open_pull(state, number, author="janetech",
                              files={f"changes/2027/{start}-r{number}.yaml": text.encode()})
        if number % 2:
            state.objects[state.repo(f"pulls/{number}/reviews")] = [
                gh.review("qcsd-techcoord", "APPROVED", head, "2026-11-22T10:00:00Z",
                          number=number)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pulls", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    root = repository()
    state = gh.State()
    serve_pulls(state, options.pulls)
    for url in gh.serve(state):
        env = {**os.environ, "GITHUB_API_URL": url, "GITHUB_TOKEN": gh.TOKEN,
               "GITHUB_REPOSITORY": gh.REPOSITORY}
        times, counts = [], []
        for _ in range(options.repeat):
            before = len(state.requests)
            began = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "cmcheck", "-C", str(root), "queue",
                                   "--format", "json", "--now", "2026-12-01T09:00"],
                                  env=env, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - began)
            counts.append(len(state.requests) - before)
            if done.returncode != 0:
                sys.exit(f"cmcheck queue failed: {done.stderr}")
            listed = json.loads(done.stdout)["pending"]
            assert len(listed) == options.pulls, len(listed)
        conflicted = sum(bool(item["conflicts"]) for item in listed)
        print(f"cmcheck queue, {options.pulls} open pull requests: median "
              f"{statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)}); "
              f"{counts[0]} API requests a run; {conflicted} requests with conflicts")


if __name__ == "__main__":
    main()
