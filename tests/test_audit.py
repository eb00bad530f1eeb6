"""`cmcheck audit` on a real repository with real merge commits, against the fake GitHub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import git
import pytest

from tests import fake_github as gh
from tests.conftest import Repo, run
from tests.fake_gate import gated, settings_request
from tests.test_locked import REVIEW, merge

COORD = "qcsd-techcoord"
ONE = "changes/2026/2026-12-19-switch.yaml"
TWO = "changes/2026/2026-12-26-printers.yaml"
THREE = "changes/2027/2027-01-02-wifi.yaml"


@pytest.fixture
def state(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Iterator[gh.State]:
    state = gh.State()
    gated(state, repo.root)  # the audit always checks the gate; here it holds
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        yield state


def merged_pr(state: gh.State, repo: Repo, number: int, branch: str, date: str,
              reviewer: str) -> None:
    """Merge branch with a real merge commit and tell the fake API it was PR `number`."""
    head = repo.git.commit(branch).hexsha
    base = repo.git.commit("main").hexsha
    sha = merge(repo, branch, date)
    state.objects[state.repo(f"commits/{sha}/pulls")] = [gh.pull_simple(
        number, author="janetech", head=head, base=base, merged_at=date, merge_commit_sha=sha)]
    state.objects[state.repo(f"pulls/{number}")] = gh.pull(
        number, author="janetech", head=head, base=base, merged_at=date, merge_commit_sha=sha)
    state.objects[state.repo(f"pulls/{number}/commits")] = [gh.commit(head, author="janetech")]
    state.objects[state.repo(f"pulls/{number}/reviews")] = [
        gh.review(reviewer, "APPROVED", head, "2026-11-21T10:00:00Z", number)]
    state.objects[state.repo(f"issues/{number}/timeline")] = []


@pytest.fixture
def history(repo: Repo, change_text: str, state: gh.State) -> Repo:
    repo.branch("add-one")
    repo.commit("Add the switch upgrade", "2026-11-20T09:00:00-06:00", files={ONE: change_text})
    merged_pr(state, repo, 1, "add-one", "2026-11-21T09:00:00-06:00", COORD)
    repo.branch("add-two")
    repo.commit("Add printers", "2026-11-22T09:00:00-06:00",
                files={TWO: change_text.replace("2026-12-19", "2026-12-26")})
    merged_pr(state, repo, 2, "add-two", "2026-11-23T09:00:00-06:00", "a-colleague")
    sha = repo.commit("Add wifi straight on main", "2026-11-24T09:00:00-06:00",
                      files={THREE: change_text.replace("2026-12-19", "2027-01-02")})
    state.objects[state.repo(f"commits/{sha}/pulls")] = []
    repo.branch("review-one")
    late = REVIEW.replace("2026-12-19 21:30", "2026-12-19 23:30")
    repo.commit("Review the switch upgrade", "2026-12-20T09:00:00-06:00",
                files={ONE: change_text + late})
    merged_pr(state, repo, 3, "review-one", "2026-12-20T10:00:00-06:00", COORD)
    return repo


def test_audit_reports_every_kind_of_violation(history: Repo) -> None:
    result = run(history.root, "audit", "--now", "2027-01-05T09:00", "--format", "json")
    assert result.exit_code == 1, result.output
    found = [(v["change"], v["kind"]) for v in json.loads(result.output)["violations"]]
    assert found == [
        ("2026-12-19-switch", "outside-window"),
        ("2026-12-26-printers", "unapproved"),
        ("2026-12-26-printers", "review-overdue"),
        ("2027-01-02-wifi", "unapproved"),
        ("2027-01-02-wifi", "review-overdue"),
    ]
    text = run(history.root, "audit", "--now", "2027-01-05T09:00").output
    assert "by PR #2: not approved: a-colleague approved but is not a coordinator" in text
    assert "without a pull request" in text
    assert "completed Sat 2026-12-19 23:30, outside the approved Sat 2026-12-19 20:00" in text
    assert gh.TOKEN not in text


def test_audit_markdown_is_the_coordinators_report(history: Repo) -> None:
    result = run(history.root, "audit", "--now", "2027-01-05T09:00", "--format", "markdown")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "# Change management audit"
    assert "## Reached main without the coordinator's approval (2)" in lines
    assert "## Change Review overdue (2)" in lines
    assert "| 2026\\-12\\-26\\-printers |" not in result.output
    assert any(line.startswith(
        "| 2027-01-02-wifi | <code>changes/2027/2027-01-02-wifi.yaml</code> |")
               for line in lines)


def test_audit_is_quiet_when_everything_was_approved(repo: Repo, change_text: str,
                                                     state: gh.State) -> None:
    repo.branch("add-one")
    repo.commit("Add the switch upgrade", "2026-11-20T09:00:00-06:00", files={ONE: change_text})
    merged_pr(state, repo, 1, "add-one", "2026-11-21T09:00:00-06:00", COORD)
    result = run(repo.root, "audit", "--now", "2026-12-01T09:00")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("no violations as of 2026-12-01T09:00")


def test_audit_stops_clearly_when_the_api_fails(history: Repo,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_expired")
    result = run(history.root, "audit", "--now", "2027-01-05T09:00")
    assert result.exit_code == 2
    assert "401 Unauthorized" in result.output and "ghp_expired" not in result.output


def test_markdown_report_escapes_what_the_api_and_files_say() -> None:
    from datetime import UTC, datetime

    from cmcheck.github.audit.report import render_markdown
    from cmcheck.github.audit.run import Violation

    evil = Violation("unapproved", "x", "changes/x.yaml",
                     "by PR #9: <img src=x onerror=alert(1)> | [click](http://evil.example)\nrow")
    out = render_markdown([evil], now=datetime(2027, 1, 5, tzinfo=UTC))
    row = out.splitlines()[-2]
    assert "<img" not in row and "](http" not in row and "\nrow" not in out
    assert row.count(" | ") == 2


def test_since_limits_the_api_lookups_but_not_the_schedule_checks(history: Repo,
                                                                   state: gh.State) -> None:
    result = run(history.root, "audit", "--now", "2027-01-05T09:00", "--format", "json",
                 "--since", "2026-12-01T00:00")
    found = [(v["change"], v["kind"]) for v in json.loads(result.output)["violations"]]
    assert found == [("2026-12-19-switch", "outside-window"),
                     ("2026-12-26-printers", "review-overdue"),
                     ("2027-01-02-wifi", "review-overdue")]
    looked_up = {path for path, _ in state.requests if "/commits/" in path}
    assert len(looked_up) == 1, "only the review's merge of 2026-12-20"


def test_every_landing_is_looked_up_once(history: Repo, state: gh.State) -> None:
    run(history.root, "audit", "--now", "2027-01-05T09:00")
    paths = [path for path, _ in state.requests if not settings_request(path)]
    # three PRs (commit, pull, commits, reviews, timeline), one direct push
    assert len(paths) == len(set(paths)) == 5 + 5 + 1 + 5


def test_a_shallow_clone_is_refused_with_the_fix(history: Repo, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    git.Repo.clone_from(f"file://{history.root}", shallow, depth=1)
    result = run(shallow, "audit", "--now", "2027-01-05T09:00")
    assert result.exit_code == 2
    assert "fetch-depth: 0" in result.output


def test_an_edit_pushed_before_a_move_is_still_audited(repo: Repo, change_text: str,
                                                      state: gh.State) -> None:
    """The attack of issue 10 (2): edit a merged change straight on main, then move its file in
    an approved pull request, hoping the audit follows only the new path."""
    repo.branch("add-one")
    repo.commit("Add the switch upgrade", "2026-11-20T09:00:00-06:00", files={ONE: change_text})
    merged_pr(state, repo, 1, "add-one", "2026-11-21T09:00:00-06:00", COORD)
    sha = repo.commit("Quietly shorten the backout", "2026-11-22T09:00:00-06:00",
                      files={ONE: change_text.replace("duration_minutes: 30",
                                                      "duration_minutes: 5")})
    state.objects[state.repo(f"commits/{sha}/pulls")] = []
    repo.branch("tidy")
    moved = ONE.replace("changes/2026/", "changes/2027/")
    (repo.root / ONE).unlink()
    repo.commit("Tidy the folders", "2026-11-23T09:00:00-06:00",
                files={moved: change_text.replace("duration_minutes: 30",
                                                  "duration_minutes: 5")})
    merged_pr(state, repo, 2, "tidy", "2026-11-24T09:00:00-06:00", COORD)
    result = run(repo.root, "audit", "--now", "2026-11-25T09:00", "--format", "json")
    assert result.exit_code == 1, result.output
    found = [(v["change"], v["kind"], v["path"]) for v in json.loads(result.output)["violations"]]
    assert found == [("2026-12-19-switch", "unapproved", moved)]
