"""The GitHub workflows: zizmor finds nothing, they match GitHub's schema, and they keep the
security model's promises (pinned actions, no credentials kept, no dangerous triggers)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from tests.conftest import REPO_ROOT
from tests.test_quality import check, tool

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
MINE = ("validate.yml", "approval.yml", "audit.yml", "intake.yml")


def test_zizmor_reports_nothing() -> None:
    check(tool("zizmor"), "--offline", "--persona", "pedantic", str(WORKFLOWS))


def test_workflows_match_githubs_schema() -> None:
    check(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
          *map(str, FILES))


def test_all_three_workflows_exist() -> None:
    assert {f.name for f in FILES} >= set(MINE)


@pytest.mark.parametrize("name", MINE)
def test_workflow_keeps_the_security_model(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert flow["permissions"] == {}
    triggers = flow[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request_target" not in triggers and "workflow_run" not in triggers
    for job in flow["jobs"].values():
        assert "permissions" in job
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
                assert step["with"].get("fetch-depth", 1) == 0 or "ref" in step["with"]
            assert "${{" not in step.get("run", ""), "untrusted values go through env:"
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


@pytest.mark.parametrize("name", ["validate.yml", "approval.yml"])
def test_pull_request_checks_run_the_base_branchs_cmcheck(name: str) -> None:
    steps = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))["jobs"]
    (job,) = steps.values()
    trusted = [s for s in job["steps"] if s.get("with", {}).get("path") == "trusted"]
    assert trusted and trusted[0]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    installs = [line.strip() for s in job["steps"] for line in s.get("run", "").splitlines()
                if "pip install" in line]
    assert installs == [
        "python -m pip install --quiet --require-hashes -r trusted/requirements/cmcheck.txt",
        "python -m pip install --quiet --no-deps --no-build-isolation ./trusted"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_job_has_a_timeout(path: object) -> None:
    flow = yaml.safe_load(WORKFLOWS.joinpath(str(path)).read_text(encoding="utf-8"))
    for name, job in flow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name} has no timeout-minutes"


_PIP_INSTALL = re.compile(r"\bpip3?(?:\.\d+)?\s+install\b")
_LOCKED = re.compile(r"\s--require-hashes\b.*\s(?:-r|--requirement)[\s=]+"
                     r"\S*requirements/cmcheck\.txt\b")
_AFTER_LOCKED = re.compile(r"(?=.*\s--no-deps\b)(?=.*\s--no-build-isolation\b)")


def _commands(run: str) -> list[str]:
    """A step's shell lines, with backslash continuations joined (a flag on the next line
    counts), comments dropped."""
    joined = re.sub(r"\\\n", " ", run)
    return [line.strip() for line in joined.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def unlocked_installs(flow: dict[str, Any]) -> list[tuple[str, str]]:
    """(job, command) for every pip install that is not hash-locked, in any job of a workflow.

    A job may install only from requirements/cmcheck.txt with --require-hashes, and after that
    only with --no-deps --no-build-isolation (cmcheck itself, with nothing fetched). A package
    fetched without a hash runs its code in the job whatever the job holds: the token the job
    has, the check's verdict, the cache the next job restores.
    """
    found = []
    for name, job in (flow.get("jobs") or {}).items():
        locked = False
        for step in job.get("steps", []):
            for command in _commands(str(step.get("run", ""))):
                if not _PIP_INSTALL.search(command):
                    continue
                if _LOCKED.search(command):
                    locked = True
                elif not (locked and _AFTER_LOCKED.match(command)):
                    found.append((name, command))
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_job_installs_only_hash_locked_packages(path: object) -> None:
    flow = yaml.safe_load(WORKFLOWS.joinpath(str(path)).read_text(encoding="utf-8"))
    assert unlocked_installs(flow) == []
    for name, job in flow["jobs"].items():
        setup = [s for s in job.get("steps", []) if "setup-python" in s.get("uses", "")]
        for step in setup:
            assert step["with"]["cache"] == "pip", name
            assert step["with"]["cache-dependency-path"].endswith("requirements/cmcheck.txt")
