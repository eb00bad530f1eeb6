"""Generate a real git repository of N realistic, valid change requests for the benchmark.

Each change gets its own maintenance-window slot between 2027 and 2046 (weeknight evenings and
weekend blocks), so the set is valid and conflict-free; the files are committed in batches with
explicit dates well ahead of their starts, so the notice clock is measured from real history.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ["os-upgrade", "firmware-upgrade", "hardware-replacement", "network", "application",
              "configuration", "vendor-patch"]
SITES = ["central-office", "high-school", "middle-school", "elementary"]
AUDIENCES = ["all-staff", "teachers", "students", "office-staff", "technology"]
BATCH = 50

TEMPLATE = """\
# yaml-language-server: $schema=../../schema/change-request.schema.json
title: {title}
kind: {kind}
category: {category}
requester: {{name: Jane Tech, email: jane.tech@qcsd.example.org, github: janetech}}
systems: [{system}]
impact:
  mission_critical_data: {critical}
  user_connectivity: true
  audiences: [{audience}]
  sites: [{site}]
  summary: Users at the {site} lose access to {system} for up to {minutes} minutes.
schedule:
  start: {start:%Y-%m-%d %H:%M}
  end: {end:%Y-%m-%d %H:%M}
plan:
  summary: Apply the {category} to {system} and verify it.
  steps:
    - Back up the configuration of {system} at {start:%Y-%m-%d %H:%M}.
    - Apply the {category}.
    - Restart {system} and check its services.
  verification: A user at the {site} signs in and reaches {system}.
  staff: [janetech, mbrown]
backout:
  summary: Restore {system} from the backup taken before the change.
  steps:
    - Restore the backup of {system} taken at {start:%Y-%m-%d %H:%M}.
    - Restart the service.
  duration_minutes: 30
stakeholders: [Principal of the {site}]
"""


def slots(count: int) -> list[tuple[datetime, datetime]]:
    """Distinct window slots: weeknights 20:00-23:00, weekends 06:00-10:00 / 11:00-15:00 /
    16:00-20:00 (all inside the window, with room for the backout)."""
    found: list[tuple[datetime, datetime]] = []
    day = date(2027, 5, 10)  # after the example policy's blackouts
    while len(found) < count:
        base = datetime.combine(day, datetime.min.time())
        hours = [(20, 23)] if day.weekday() < 4 else [(6, 10), (11, 15), (16, 20)] \
            if day.weekday() >= 5 else []
        found.extend((base + timedelta(hours=a), base + timedelta(hours=b)) for a, b in hours)
        day += timedelta(days=1)
    return found[:count]


def generate(target: Path, count: int, *, seed: int = 2026) -> Path:
    if target.exists():
        shutil.rmtree(target)
    (target / "changes").mkdir(parents=True)
    shutil.copy(ROOT / "policy.yaml", target / "policy.yaml")
    shutil.copytree(ROOT / "schema", target / "schema")
    shutil.copytree(ROOT / "templates", target / "templates")
    rng = random.Random(seed)
    env = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@qcsd.example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@qcsd.example.org",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}

    def git(*args: str, when: datetime | None = None) -> None:
        stamp = {"GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()} \
            if when else {}
        subprocess.run(["git", *args], cwd=target, env={**env, **stamp}, check=True,
                       capture_output=True)

    git("init", "-q", "-b", "main")
    clock = datetime(2026, 6, 1, 9, 0)
    git("add", "-A")
    git("commit", "-q", "-m", "policy", when=clock)
    planned = slots(count)
    for first in range(0, count, BATCH):
        for number, (start, end) in enumerate(planned[first:first + BATCH], first):
            system = f"server-{rng.randrange(500):03d}"
            category = rng.choice(CATEGORIES)
            ident = f"{start:%Y-%m-%d}-{system}-{number:05d}"
            folder = target / "changes" / str(start.year)
            folder.mkdir(exist_ok=True)
            (folder / f"{ident}.yaml").write_text(TEMPLATE.format(
                title=f"{category.replace('-', ' ').capitalize()} on {system}",
                kind="scheduled", category=category, system=system,
                critical=rng.choice(["true", "false"]), audience=rng.choice(AUDIENCES),
                site=rng.choice(SITES), minutes=rng.randrange(10, 120), start=start, end=end,
            ), encoding="utf-8")
        clock += timedelta(minutes=10)
        git("add", "-A")
        git("commit", "-q", "-m", f"changes {first}..{first + BATCH - 1}", when=clock)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    generate(args.target, args.count)


if __name__ == "__main__":
    main()
