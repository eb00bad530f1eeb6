"""`locked` and `scope` on real repositories: a change request merged with a real merge commit,
then edited, rescheduled, reviewed or deleted in a later branch, checked with --base main."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Repo, run

PATH = "changes/2026/2026-12-19-switch.yaml"
REVIEW = ("review:\n  outcome: successful\n  completed: 2026-12-19 21:30\n"
          "  notes: Done; every uplink is back.\n")


def merge(repo: Repo, branch: str, date: str) -> str:
    repo.checkout("main")
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    repo.git.git.merge("--no-ff", "-m", f"Merge pull request from {branch}", branch, env=env)
    return repo.git.head.commit.hexsha


@pytest.fixture
def merged(repo: Repo, change_text: str) -> Repo:
    repo.branch("add")
    repo.commit("Add the switch upgrade", "2026-11-20T09:00:00-06:00", files={PATH: change_text})
    merge(repo, "add", "2026-11-21T09:00:00-06:00")
    repo.branch("later")
    return repo


def findings(repo: Repo, *, now: str = "2026-11-25T09:00") -> list[tuple[str, int, str, str]]:
    result = run(repo.root, "validate", "--base", "main", "--format", "json", "--now", now)
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["line"], f["rule"], f["severity"])
            for f in json.loads(result.output)["findings"] if f["rule"] in ("locked", "scope")]


def test_adding_the_review_is_allowed(merged: Repo, change_text: str) -> None:
    merged.commit("Review", "2026-12-20T09:00:00-06:00", files={PATH: change_text + REVIEW})
    assert findings(merged, now="2026-12-20T10:00") == []


def test_an_edit_after_merge_is_an_error_on_the_edited_line(merged: Repo, change_text: str,
                                                             ) -> None:
    edited = change_text.replace("    - Check every uplink", "    - Check every link") + REVIEW
    edited = edited.replace("duration_minutes: 30", "duration_minutes: 45")
    merged.commit("Review, and edit the plan", "2026-12-20T09:00:00-06:00", files={PATH: edited})
    assert findings(merged, now="2026-12-20T10:00") == [
        (PATH, 22, "locked", "error"), (PATH, 30, "locked", "error")]
    result = run(merged.root, "validate", "--base", "main", "--now", "2026-12-20T10:00")
    assert result.exit_code == 1
    assert "plan.steps.3 was edited after the change request was merged" in result.output


def test_a_reschedule_is_a_notice_and_notice_counts_from_it(merged: Repo,
                                                           change_text: str) -> None:
    moved = change_text.replace("2026-12-19 20:00", "2026-12-26 20:00").replace(
        "2026-12-19 22:00", "2026-12-26 22:00")
    merged.commit("Reschedule", "2026-12-18T09:00:00-06:00", files={PATH: moved})
    result = run(merged.root, "validate", "--base", "main", "--format", "json",
                 "--now", "2026-12-18T10:00")
    found = json.loads(result.output)["findings"]
    rules = {(f["rule"], f["severity"], f["line"]) for f in found}
    assert ("locked", "notice", 14) in rules
    assert ("notice-period", "error", 14) in rules, "8 days' notice from the reschedule's commit"
    assert not any(f["rule"] == "locked" and f["severity"] == "error" for f in found)
    (notice,) = [f["message"] for f in found if f["rule"] == "locked"]
    assert notice.startswith("rescheduled from Sat 2026-12-19 20:00 – Sat 2026-12-19 22:00 to "
                             "Sat 2026-12-26 20:00 – Sat 2026-12-26 22:00")


def test_deleting_a_merged_change_is_a_flagged_cancellation(merged: Repo) -> None:
    merged.commit("Cancel the switch upgrade", "2026-11-24T09:00:00-06:00", remove=[PATH])
    assert findings(merged) == [(PATH, 1, "locked", "notice")]


def test_a_new_change_is_not_locked(repo: Repo, change_text: str) -> None:
    repo.branch("fresh")
    repo.commit("Add", "2026-11-20T09:00:00-06:00", files={PATH: change_text})
    assert findings(repo) == []


def test_changes_outside_changes_are_a_scope_notice(merged: Repo) -> None:
    policy = (merged.root / "policy.yaml").read_text(encoding="utf-8")
    merged.commit("Tweak the tooling", "2026-11-24T09:00:00-06:00", files={
        "policy.yaml": policy.replace("notice_days: 14", "notice_days: 7"),
        ".github/workflows/validate.yml": "name: validate\n"})
    assert findings(merged) == [(".github/workflows/validate.yml", 1, "scope", "notice"),
                                ("policy.yaml", 1, "scope", "notice")]
    result = run(merged.root, "validate", "--base", "main", "--now", "2026-11-25T09:00")
    assert result.exit_code == 0, "a notice alone keeps the check green"
