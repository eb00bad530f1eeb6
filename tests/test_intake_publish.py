"""`cmcheck intake-pr`: the change-request issue's pull request (opened once, then updated) and
cmcheck's one comment on the issue, against the loopback GitHub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cmcheck.core.model.issueform import COMMENT_MARKER
from cmcheck.github.intake.publish import BY_HAND, OPEN_IT
from tests import fake_github as gh
from tests.conftest import FIXTURES, Repo, run
from tests.fake_intake import IntakeHub, issue_comment
from tests.issue_bodies import body_of, event, write_event
from tests.test_intake import fields

APP_TOKEN = "ghs_apptoken0123456789abcdefABCDEF"  # a fake, for the fake App


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[IntakeHub]:
    """The loopback GitHub, called with the App's installation token."""
    made = IntakeHub(heads={"change-request/issue-7": "a" * 40})
    state = gh.State(route=made.route)
    state.tokens[APP_TOKEN] = "app"
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        monkeypatch.setenv("GITHUB_TOKEN", APP_TOKEN)
        yield made


def filed(repo: Repo, tmp: Path, *, title: str, action: str = "opened") -> tuple[Path, Path]:
    repo.write("inventory.yaml", (FIXTURES / "inventory.yaml").read_text(encoding="utf-8"))
    from cmcheck.core.model.loader import parse

    change = parse((FIXTURES / "change.yaml").read_bytes()).data
    made = event(body_of(change, fields(repo.root)), title=title, action=action)
    made["repository"]["default_branch"] = "main"
    path = write_event(tmp, made)
    result = run(repo.root, "intake", "--event", str(path), "--now", "2026-12-01T09:00",
                 "--format", "json")
    report = tmp / "intake.json"
    report.write_text(result.output, encoding="utf-8")
    return path, report


def test_opens_the_pull_request_then_updates_it_and_its_one_comment(
        repo: Repo, tmp_path: Path, hub: IntakeHub) -> None:
    event_path, report = filed(repo, tmp_path, title="Upgrade the core switch")
    result = run(repo.root, "intake-pr", "--report", str(report), "--event", str(event_path))
    assert result.exit_code == 0, result.output
    assert result.output == "opened pull request #41 for #7; comment 901\n"
    (pull,) = hub.pulls.values()
    assert pull["title"] == "Upgrade the core switch"
    assert pull["head"]["ref"] == "change-request/issue-7" and pull["base"]["ref"] == "main"
    assert pull["body"].startswith("Closes #7\n")
    assert "`changes/2026/issue-7.yaml`" in pull["body"] and "@janetech" in pull["body"]
    (comment,) = hub.comments.values()
    assert comment["body"].startswith(COMMENT_MARKER) and "The pull request: #41." in \
        comment["body"]
    assert BY_HAND not in comment["body"]

    event_path, report = filed(repo, tmp_path, title="Upgrade the core switch, 2nd try",
                               action="edited")
    result = run(repo.root, "intake-pr", "--report", str(report), "--event", str(event_path))
    assert result.output == "updated pull request #41 for #7; comment 901\n"
    assert [p["title"] for p in hub.pulls.values()] == ["Upgrade the core switch, 2nd try"]
    assert len(hub.comments) == 1


def test_without_the_app_the_comment_links_the_pull_request_to_open(
        repo: Repo, tmp_path: Path, hub: IntakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate keeps Actions from opening pull requests: the workflow's token pushes the
    branch, and a person opens the pull request (whose checks then start) from the link."""
    monkeypatch.setenv("GITHUB_TOKEN", gh.TOKEN)
    event_path, report = filed(repo, tmp_path, title="Upgrade")
    result = run(repo.root, "intake-pr", "--report", str(report), "--event", str(event_path),
                 "--by-hand")
    assert result.exit_code == 0, result.output
    assert hub.pulls == {}
    (comment,) = hub.comments.values()
    link = "https://github.com/qcsd/changes/compare/main...change-request/issue-7?expand=1"
    assert comment["body"].endswith(
        OPEN_IT.format(branch="change-request/issue-7", url=link) + "\n")
    # Where the district lets Actions open pull requests, the checks must be started by hand.
    hub.actions_may_open_pulls = True
    result = run(repo.root, "intake-pr", "--report", str(report), "--event", str(event_path),
                 "--by-hand")
    assert result.output == "opened pull request #41 for #7; comment 901\n"
    (comment,) = hub.comments.values()
    assert comment["body"].endswith(f"\n{BY_HAND}\n")


def test_without_by_hand_a_refused_pull_request_is_an_error(
        repo: Repo, tmp_path: Path, hub: IntakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", gh.TOKEN)
    event_path, report = filed(repo, tmp_path, title="Upgrade")
    result = run(repo.root, "intake-pr", "--report", str(report), "--event", str(event_path))
    assert result.exit_code == 2 and "403" in result.output


def test_a_persons_comment_with_the_marker_is_left_alone(
        repo: Repo, tmp_path: Path, hub: IntakeHub) -> None:
    hub.comments[5] = issue_comment(5, 7, f"{COMMENT_MARKER} my own notes", login="mallory")
    event_path, report = filed(repo, tmp_path, title="Upgrade")
    run(repo.root, "intake-pr", "--report", str(report), "--event", str(event_path))
    assert hub.comments[5]["body"] == f"{COMMENT_MARKER} my own notes"
    assert len(hub.comments) == 2


def test_a_report_of_another_issue_or_a_refusal_publishes_nothing(
        repo: Repo, tmp_path: Path, hub: IntakeHub) -> None:
    event_path, report = filed(repo, tmp_path, title="Upgrade")
    data = json.loads(report.read_text(encoding="utf-8"))
    report.write_text(json.dumps({**data, "issue": 8}), encoding="utf-8")
    result = run(repo.root, "intake-pr", "--report", str(report), "--event", str(event_path))
    assert result.exit_code == 2 and "is not the intake of #7" in result.output
    report.write_text(json.dumps({"refused": "no"}), encoding="utf-8")
    result = run(repo.root, "intake-pr", "--report", str(report), "--event", str(event_path))
    assert result.exit_code == 2
    assert hub.pulls == {} and hub.comments == {}
