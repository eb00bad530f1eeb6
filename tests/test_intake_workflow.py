"""The intake workflow keeps its promises: only trusted authors' change-request issues, least
privilege per job, the App's token when there is one, cmcheck from main hash-locked, and the
issue's text never part of a command."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.conftest import REPO_ROOT

FLOW = REPO_ROOT / ".github" / "workflows" / "intake.yml"


def flow() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(FLOW.read_text(encoding="utf-8"))
    return data


def test_it_runs_on_the_issue_events_of_issue_26() -> None:
    assert flow()[True] == {"issues": {"types": ["opened", "edited", "reopened"]}}
    assert flow()["permissions"] == {}


def test_each_job_takes_only_labelled_issues_of_trusted_authors() -> None:
    for job in flow()["jobs"].values():
        condition = " ".join(job["if"].split())
        assert "contains(github.event.issue.labels.*.name, 'change-request')" in condition
        assert ("contains(fromJSON('[\"OWNER\", \"MEMBER\", \"COLLABORATOR\"]'), "
                "github.event.issue.author_association)") in condition


def test_least_privilege_per_job() -> None:
    jobs = flow()["jobs"]
    assert jobs["app"]["permissions"] == {"contents": "read"}
    assert "vars.CMCHECK_APP_ID != ''" in jobs["app"]["if"]
    assert jobs["app"]["environment"] == "change-requests"
    token = jobs["app"]["steps"][0]
    assert token["uses"].startswith("actions/create-github-app-token@")
    assert {k: v for k, v in token["with"].items() if k.startswith("permission-")} == {
        "permission-contents": "write", "permission-pull-requests": "write",
        "permission-issues": "write"}
    assert jobs["no-app"]["permissions"] == {
        "contents": "write", "pull-requests": "write", "issues": "write"}
    assert "vars.CMCHECK_APP_ID == ''" in jobs["no-app"]["if"]
    assert "secrets." not in yaml.safe_dump(jobs["no-app"])


def test_the_fallback_says_the_checks_start_by_hand_and_the_app_does_not() -> None:
    jobs = flow()["jobs"]
    runs = {name: "\n".join(s.get("run", "") for s in job["steps"])
            for name, job in jobs.items()}
    assert "intake-pr --report \"$RUNNER_TEMP/intake.json\" --by-hand" in runs["no-app"]
    assert "--by-hand" not in runs["app"]


def test_cmcheck_comes_from_main_hash_locked() -> None:
    for job in flow()["jobs"].values():
        checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"
        installs = [line.strip() for s in job["steps"] for line in s.get("run", "").splitlines()
                    if "pip install" in line]
        assert installs == [
            "python -m pip install --quiet --require-hashes -r requirements/cmcheck.txt",
            "python -m pip install --quiet --no-deps --no-build-isolation ."]


def test_the_issues_text_reaches_the_shell_only_through_env() -> None:
    text = FLOW.read_text(encoding="utf-8")
    for job in flow()["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", "")
            for value in step.get("env", {}).values():
                assert re.fullmatch(r"\$\{\{ [\w.-]+ \}\}", value), value
    assert "github.event.issue.body" not in text  # the body is read from the event file only


def test_the_commit_is_authored_as_the_requester() -> None:
    for job in flow()["jobs"].values():
        step = next(s for s in job["steps"] if s.get("name", "").startswith("Commit it"))
        assert 'GIT_AUTHOR_EMAIL="$USER_ID+$LOGIN@users.noreply.github.com"' in step["run"]
        assert step["env"]["LOGIN"] == "${{ github.event.issue.user.login }}"
        assert 'branch="change-request/issue-$ISSUE"' in step["run"]
