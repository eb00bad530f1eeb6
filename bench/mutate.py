"""The bench repository broken in every way the rules know, for comparing findings.

`generate.py` makes 10,000 valid changes, so a full validation of them finds nothing, and an
optimisation that changed a finding's line or wording would pass unseen. This copies that
repository and breaks 720 of its files, one way each in turn (daytime work, a placeholder step,
copied steps, a duplicate key, a tab, a missing duration, a word for a number, an impossible
date, an alias, too little notice, a failed review, a shared system, ...), deletes one and
renames one; branch `pr` commits half of the breakage and leaves the rest in the work tree, so
that `validate --base main` there is a pull request with findings of every kind. Deterministic.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@qcsd.example.org",
       "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@qcsd.example.org",
       "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin",
       "GIT_AUTHOR_DATE": "2026-11-20T10:00:00", "GIT_COMMITTER_DATE": "2026-11-20T10:00:00"}


def _sub(text: str, pattern: str, replacement: str) -> str:
    return re.sub(pattern, replacement, text, count=1, flags=re.M)


def _breakages(donors: list[Path], rng: random.Random) -> list[Callable[[str], str]]:
    return [
        lambda t: _sub(t, r"^(  start: \d{4}-\d\d-\d\d) \d\d:\d\d", r"\1 13:00"),
        lambda t: _sub(t, r"^(  steps:\n    - ).*$", r"\1TBD"),
        lambda t: t.split("backout:")[0] + "backout:"
        + rng.choice(donors).read_text().split("backout:")[1],
        lambda t: t.replace("kind: scheduled\n", "kind: scheduled\nkind: emergency\n"),
        lambda t: t.replace("  summary: Apply", "\tsummary: Apply"),
        lambda t: _sub(t, r"^  duration_minutes: 30\n", ""),
        lambda t: _sub(t, r"^  duration_minutes: 30", "  duration_minutes: thirty"),
        lambda t: _sub(t, r"^(  start: )\d{4}-\d\d-\d\d", r"\g<1>2027-02-30"),
        lambda t: t.replace("staff: [janetech, mbrown]",
                            "staff: &s [janetech, mbrown]\n  helpers: *s"),
        lambda t: _sub(_sub(t, r"^  start: .*", "  start: 2026-12-05 20:00"), r"^  end: .*",
                       "  end: 2026-12-05 22:00"),
        lambda t: t + "review:\n  outcome: failed\n  completed: 2027-01-01\n  notes: It failed.\n",
        lambda t: _sub(t, r"^systems: \[(.*)\]", r"systems: [server-001]"),
        lambda t: _sub(t, r"^  summary: Restore .*", "  summary: n/a"),
        lambda t: t.replace("stakeholders: [", "stakeholders: [\u202e, "),
        lambda t: t.replace("title: ", "title: '::error::injected\\n' "),
        lambda t: _sub(t, r"^  end: (\d{4}-\d\d-\d\d) \d\d:\d\d", r"  end: \1 02:00"),
        lambda t: _sub(t, r"^  sites: \[(.*)\]", r"  sites: [high-school, unknown-site]"),
        lambda t: t.replace("requester: {name: Jane Tech,", "requester: {name: 7,"),
    ]


def mutate(source: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    subprocess.run(["git", "clone", "-q", "-b", "main", str(source), str(target)], check=True,
                   env=ENV)

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=target, env=ENV, check=True,
                              capture_output=True, text=True).stdout

    rng = random.Random(25)
    files = sorted((target / "changes").rglob("*.yaml"))
    picked = rng.sample(files, 720)
    breakages = _breakages(rng.sample(files, 50), rng)
    for n, path in enumerate(picked):
        path.write_text(breakages[n % len(breakages)](path.read_text()))
    for first, second in zip(files[:40:2], files[1:40:2], strict=True):  # plans copied
        second.write_text(second.read_text().split("plan:")[0] + "plan:"
                          + first.read_text().split("plan:")[1])
    files[-1].unlink()
    files[-2].rename(files[-2].with_name(files[-2].stem.upper() + ".yaml"))
    git("checkout", "-q", "-B", "pr")
    half = sorted(p for p in git("ls-files", "-m").split("\n") if p)[::2]
    git("add", "--", *half)
    git("rm", "-q", "--", str(files[-1].relative_to(target)))
    git("commit", "-q", "-m", "pr: half of the breakage")
    return target
