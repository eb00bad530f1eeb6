"""Every output an optimisation must not change, written to a folder to diff before and after.

For the bench repository (10,000 valid changes, `generate.py`) and its broken copy
(`mutate.py`): `cmcheck validate` in full and as a pull request (`--base main`) in each format
(text, json, github, sarif) with its exit status, and the sha1 of every file `cmcheck calendar`
writes. Run from the repository root, once on the old code and once on the new:

    python bench/findings.py /tmp/before        # (git stash, or another worktree)
    python bench/findings.py /tmp/after
    diff -r /tmp/before /tmp/after              # must print nothing

The repositories are made under bench/work/ on the first run (a few minutes) and reused.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate
import mutate
from run import pr_branch

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
NOW = "2026-12-01T09:00"


def cmcheck(repo: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "cmcheck", *args, "--now", NOW], cwd=repo,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return done.stdout + done.stderr + f"exit {done.returncode}\n"


def snapshot(repo: Path, out: Path) -> None:
    for mode, extra in (("full", []), ("pr", ["--base", "main"])):
        for form in ("json", "text", "github", "sarif"):
            (out / f"{repo.name}.{mode}.{form}").write_text(
                cmcheck(repo, "validate", *extra, "--format", form), encoding="utf-8")
    with tempfile.TemporaryDirectory() as site:
        said = cmcheck(repo, "calendar", "--out", f"{site}/site")
        (out / f"{repo.name}.calendar.out").write_text(said.replace(site, "SITE"))
        sums = sorted(f"{hashlib.sha1(p.read_bytes()).hexdigest()}  {p.relative_to(site)}"
                      for p in Path(site).rglob("*") if p.is_file())
        (out / f"{repo.name}.calendar.sums").write_text("\n".join(sums) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    bench = WORK / "repo-10000"
    if not (bench / "changes").is_dir():
        generate.generate(bench, 10_000)
        pr_branch(bench)  # one new file, as run.py measures the pull-request check
    broken = WORK / "repo-mutant"
    if not (broken / "changes").is_dir():
        mutate.mutate(bench, broken)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    for repo in (bench, broken):
        snapshot(repo, args.out)
    print(f"{len(list(args.out.iterdir()))} files in {args.out}")


if __name__ == "__main__":
    main()
