"""The notify workflow: zizmor-clean, schema-valid, and hardened the way the others are."""

from __future__ import annotations

import re
import subprocess

import yaml

from tests.conftest import REPO_ROOT
from tests.test_quality import tool

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "notify.yml"


def test_zizmor_finds_nothing_even_pedantic() -> None:
    done = subprocess.run([tool("zizmor"), "--offline", "--persona=pedantic", str(WORKFLOW)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout


def test_the_workflow_schema_accepts_it() -> None:
    done = subprocess.run([tool("check-jsonschema"), "--builtin-schema",
                           "vendor.github-workflows", str(WORKFLOW)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_hardening() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    triggers = flow[True]  # PyYAML reads the key "on" as a boolean
    assert set(triggers) == {"push", "pull_request", "schedule"}
    assert triggers["push"]["branches"] == ["main"]
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    assert jobs["preview"]["permissions"] == {"contents": "read"}
    assert "environment" not in jobs["preview"]
    assert jobs["send"]["environment"] == "notifications"
    assert jobs["send"]["permissions"] == {"contents": "write", "pull-requests": "read"}
    assert "secrets." not in yaml.safe_dump(jobs["preview"])
    for job in jobs.values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
            assert "${{" not in step.get("run", ""), step.get("name")
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d", line), line
    assert "pull_request_target" not in text and "workflow_run" not in text
