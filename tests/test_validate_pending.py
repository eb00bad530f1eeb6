"""`validate` in a pull request judges `conflict` against the change requests of the other open
pull requests (issue 27), read from the loopback GitHub with the workflow's token; without one,
or when GitHub refuses, it says once that they were not checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import fake_github as gh
from tests import queue_fake as fake
from tests.conftest import FIXTURES, Repo
from tests.test_queue import access_switches
from tests.validating import validate

NOW = "2026-12-01T09:00"
MINE = "changes/2026/2026-12-19-core-switch.yaml"
THEIRS = "changes/2026/2026-12-19-ms-access.yaml"


@dataclass
class World:
    repo: Repo
    state: gh.State
    change: str


@pytest.fixture
def world(repo: Repo, change_text: str, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    repo.commit("Inventory", "2026-11-02T12:00:00-06:00", files={
        "inventory.yaml": (FIXTURES / "inventory.yaml").read_text(encoding="utf-8")})
    base = repo.git.head.commit.hexsha
    repo.branch("janetech-change")
    head = repo.commit("Book the core switch", "2026-11-20T09:00:00-06:00",
                       files={MINE: change_text})
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {
        "number": 7, "created_at": "2026-11-20T15:00:00Z",
        "head": {"ref": "janetech-change", "sha": head, "repo": {"full_name": gh.REPOSITORY}},
        "base": {"ref": "main", "sha": base, "repo": {"full_name": gh.REPOSITORY}}}}),
        encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    state = gh.State()
    state.objects[state.repo("activity")] = [gh.activity(head, "2026-11-20T15:00:00Z")]
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        # This pull request is open too: its own files are not "another's".
        fake.open_pull(state, 7, author="janetech", head=head, files={MINE: change_text.encode()})
        yield World(repo, state, change_text)


def conflicts(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["rule"] == "conflict"]


def test_two_overlapping_requests_warn_each_other(world: World) -> None:
    fake.open_pull(world.state, 8, author="mbrown",
                   files={THEIRS: access_switches(world.change).encode()})
    code, findings = validate(world.repo.root, "--base", "main", now=NOW)
    assert code == 0, findings  # a warning: another's content never fails this pull request
    (found,) = conflicts(findings)
    assert (found["path"], found["line"], found["severity"]) == (MINE, 14, "warning")
    assert found["message"].startswith(
        "overlaps 2026-12-19-ms-access in open pull request #8 (Replace the middle school "
        "access switches, Sat 2026-12-19 20:30) through ")
    assert "earliest compliant start: " in found["message"]


def test_the_policy_decides_the_severity(world: World) -> None:
    policy = (world.repo.root / "policy.yaml").read_text(encoding="utf-8")
    world.repo.checkout("main")
    world.repo.commit("conflict is an error here", "2026-11-03T12:00:00-06:00", files={
        "policy.yaml": policy + "severities: {conflict: error}\n"})
    world.repo.checkout("janetech-change")
    fake.open_pull(world.state, 8, author="mbrown",
                   files={THEIRS: access_switches(world.change).encode()})
    code, findings = validate(world.repo.root, "--base", "main", now=NOW)
    assert [f["severity"] for f in conflicts(findings)] == ["error"] and code == 1


def test_without_a_token_it_says_once_that_open_pull_requests_were_not_checked(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.open_pull(world.state, 8, author="mbrown",
                   files={THEIRS: access_switches(world.change).encode()})
    monkeypatch.delenv("GITHUB_TOKEN")
    code, findings = validate(world.repo.root, "--base", "main", now=NOW)
    assert code == 0, findings
    (notice,) = conflicts(findings)
    assert notice["severity"] == "notice" and notice["path"] == MINE
    assert notice["message"] == (
        "the change requests of other open pull requests were not checked for conflicts: no "
        "GITHUB_TOKEN to read them; give the validate job `pull-requests: read` and pass "
        "GITHUB_TOKEN, or ask the coordinator to look at `cmcheck queue`")


def test_a_refusal_is_said_not_guessed(world: World) -> None:
    fake.open_pull(world.state, 8, author="mbrown",
                   files={THEIRS: access_switches(world.change).encode()})
    world.state.failures[world.state.repo("pulls/8/files")] = [403]
    code, findings = validate(world.repo.root, "--base", "main", now=NOW)
    assert code == 0, findings
    (notice,) = conflicts(findings)
    assert notice["severity"] == "notice"
    assert notice["message"].startswith(
        "the change requests of other open pull requests were not checked for conflicts: "
        "GitHub forbids this (403 Forbidden)")


def test_outside_a_pull_request_nothing_is_asked(world: World,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_EVENT_PATH")
    monkeypatch.delenv("GITHUB_EVENT_NAME")
    _, findings = validate(world.repo.root, now=NOW)
    assert conflicts(findings) == []
    assert not [p for p, _ in world.state.requests if p.endswith("/pulls")]


def test_a_review_pull_request_of_a_merged_change_is_not_a_second_conflict(
        repo: Repo, change_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Attack on the signal: the Change Review's pull request for a merged change keeps its
    schedule; counted as another request, every overlapping check would warn twice."""
    theirs = access_switches(change_text)
    repo.commit("Inventory and the merged access switches", "2026-11-02T12:00:00-06:00", files={
        "inventory.yaml": (FIXTURES / "inventory.yaml").read_text(encoding="utf-8"),
        THEIRS: theirs})
    base = repo.git.head.commit.hexsha
    repo.branch("janetech-change")
    head = repo.commit("Book the core switch", "2026-11-20T09:00:00-06:00",
                       files={MINE: change_text})
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {
        "number": 7, "created_at": "2026-11-20T15:00:00Z",
        "head": {"ref": "janetech-change", "sha": head, "repo": {"full_name": gh.REPOSITORY}},
        "base": {"ref": "main", "sha": base, "repo": {"full_name": gh.REPOSITORY}}}}),
        encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    state = gh.State()
    state.objects[state.repo("activity")] = [gh.activity(head, "2026-11-20T15:00:00Z")]
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        reviewed = theirs + ("review:\n  outcome: successful\n  completed: 2026-12-19 21:40\n"
                             "  notes: Done.\n")
        fake.open_pull(state, 12, author="mbrown", files={THEIRS: reviewed.encode()})
        code, findings = validate(repo.root, "--base", "main", now=NOW)
        assert code == 0, findings
        (found,) = conflicts(findings)
        assert found["message"].startswith("overlaps 2026-12-19-ms-access (Replace")
