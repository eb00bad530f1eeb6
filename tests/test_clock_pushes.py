"""The notice clock in a pull request: GitHub's record of pushes, not the pull request's age.

Real git repositories with explicit commit dates, validated through the command line in a
pull-request event against the loopback GitHub, whose activity answers are GitHub's shape. The
change request starts Sat 2026-12-19 20:00 (Chicago), so it must reach the pull request by
Sat 2026-12-05 20:00. The pull request was opened on Mon 2026-11-02, long before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import fake_github as gh
from tests.conftest import FIXTURES, Repo
from tests.rules.helpers import CHANGE, scheduled
from tests.validating import CHANGE_PATH, validate

OPENED = "2026-11-02T15:00:00Z"  # Mon 2026-11-02 09:00 in Chicago
BRANCH = "janetech-change"
OTHER = "changes/2026/2026-12-26-printers.yaml"
NOW = "2026-12-10T12:00"


@dataclass
class PullRequest:
    repo: Repo
    state: gh.State
    event: Path

    def opened(self, head: str, *, head_repo: str = gh.REPOSITORY) -> None:
        """Write the pull_request event GitHub hands the workflow."""
        self.event.write_text(json.dumps({"pull_request": {
            "number": 1, "created_at": OPENED,
            "head": {"ref": BRANCH, "sha": head, "repo": {"full_name": head_repo}},
            "base": {"ref": "main", "sha": self.repo.git.commit("main").hexsha,
                     "repo": {"full_name": gh.REPOSITORY}}}}), encoding="utf-8")

    def pushed(self, *pushes: tuple[str, str] | dict[str, Any]) -> None:
        """GitHub's activity record, newest first as it lists them: (after, timestamp) pairs."""
        self.state.objects[self.state.repo("activity")] = [
            push if isinstance(push, dict) else gh.activity(*push) for push in reversed(pushes)]

    def validate(self) -> tuple[int, list[dict[str, Any]]]:
        return validate(self.repo.root, "--base", "main", now=NOW)


@pytest.fixture
def pr(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PullRequest]:
    repo.branch(BRANCH)
    event = tmp_path / "event.json"
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    state = gh.State()
    state.objects[state.repo("pulls")] = []  # no other open pull request (issue 27's check)
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        yield PullRequest(repo, state, event)


def printers() -> str:
    return (FIXTURES / "change.yaml").read_text(encoding="utf-8").replace(
        "2026-12-19", "2026-12-26")


def errors(findings: list[dict[str, Any]]) -> list[str]:
    return [f["message"] for f in findings if f["severity"] == "error"]


def claims(findings: list[dict[str, Any]]) -> list[str]:
    return [f["message"] for f in findings
            if f["rule"] == "notice-period" and f["severity"] == "notice"]


def test_a_change_added_today_to_an_old_pull_request_gets_todays_clock(pr: PullRequest) -> None:
    first = pr.repo.commit("Schedule the printers", "2026-11-02T08:00:00-06:00",
                           files={OTHER: printers()})
    late = pr.repo.commit("Also upgrade the core switch", "2026-12-10T09:50:00-06:00",
                          files={CHANGE_PATH: CHANGE})
    pr.opened(late)
    pr.pushed((first, "2026-11-02T14:30:00Z"), (late, "2026-12-10T16:00:00Z"))
    code, findings = pr.validate()
    assert code == 1
    # Timed from GitHub's push (10:00 in Chicago), not from the pull request of November.
    (late_error,) = errors(findings)
    assert late_error.startswith("submitted Thu 2026-12-10 10:00, 9 days 10 hours before")
    assert [f["path"] for f in findings if f["severity"] == "error"] == [CHANGE_PATH]
    assert claims(findings) == []
    assert [path for path, _ in pr.state.requests] == [pr.state.repo("activity"),
                                                       pr.state.repo("pulls")]


def test_a_backdated_commit_date_does_not_help(pr: PullRequest) -> None:
    first = pr.repo.commit("Schedule the printers", "2026-11-02T08:00:00-06:00",
                           files={OTHER: printers()})
    forged = pr.repo.commit("Also upgrade the core switch (dated November)",
                            "2026-11-03T10:00:00-06:00", files={CHANGE_PATH: CHANGE})
    pr.opened(forged)
    pr.pushed((first, "2026-11-02T14:30:00Z"), (forged, "2026-12-10T16:00:00Z"))
    code, findings = pr.validate()
    assert code == 1
    assert errors(findings)[0].startswith("submitted Thu 2026-12-10 10:00")


def test_a_change_pushed_in_time_passes_and_later_edits_keep_its_clock(pr: PullRequest) -> None:
    early = pr.repo.commit("Schedule the switch", "2026-11-20T09:00:00-06:00",
                           files={CHANGE_PATH: CHANGE})
    edit = pr.repo.commit("Name the verifying PC", "2026-12-10T09:00:00-06:00",
                          files={CHANGE_PATH: CHANGE.replace("a classroom PC", "a library PC")})
    pr.opened(edit)
    pr.pushed((early, "2026-11-20T15:05:00Z"), (edit, "2026-12-10T15:05:00Z"))
    assert pr.validate() == (0, [])


def test_a_reschedule_in_the_pull_request_restarts_the_clock(pr: PullRequest) -> None:
    early = pr.repo.commit("Schedule the switch a day earlier", "2026-11-20T09:00:00-06:00",
                           files={CHANGE_PATH: scheduled("2026-12-18 20:00", "2026-12-18 22:00")})
    moved = pr.repo.commit("Move it to Saturday", "2026-11-21T09:00:00-06:00",
                           files={CHANGE_PATH: CHANGE})
    pr.opened(moved)
    pr.pushed((early, "2026-11-20T15:05:00Z"), (moved, "2026-12-09T15:05:00Z"))
    code, findings = pr.validate()
    assert code == 1
    assert errors(findings)[0].startswith("submitted Wed 2026-12-09 09:05")


def test_the_checkout_of_githubs_merge_commit_reads_the_heads_own_line(pr: PullRequest) -> None:
    first = pr.repo.commit("Schedule the printers", "2026-11-02T08:00:00-06:00",
                           files={OTHER: printers()})
    late = pr.repo.commit("Also upgrade the core switch", "2026-12-10T09:50:00-06:00",
                          files={CHANGE_PATH: CHANGE})
    pr.opened(late)
    pr.pushed((first, "2026-11-02T14:30:00Z"), (late, "2026-12-10T16:00:00Z"))
    # actions/checkout checks out refs/pull/N/merge: the head merged into the base.
    pr.repo.checkout("main")
    pr.repo.git.git.checkout("--detach")
    pr.repo.git.git.merge("--no-ff", "-m", "Merge into main", BRANCH,
                          env={"GIT_AUTHOR_DATE": "2026-12-10T10:00:00-06:00",
                               "GIT_COMMITTER_DATE": "2026-12-10T10:00:00-06:00"})
    code, findings = pr.validate()
    assert code == 1
    assert errors(findings)[0].startswith("submitted Thu 2026-12-10 10:00")


def test_refused_record_falls_back_to_a_claim_never_older_than_the_pull_request(
        pr: PullRequest) -> None:
    forged = pr.repo.commit("Schedule the switch (dated before the pull request)",
                            "2026-10-01T10:00:00-05:00", files={CHANGE_PATH: CHANGE})
    pr.opened(forged)
    pr.pushed((forged, "2026-12-10T16:00:00Z"))
    pr.state.failures[pr.state.repo("activity")] = [403]
    code, findings = pr.validate()
    # The fallback is the pull request's creation (the commit date is older): in time here,
    # so no error, but the coordinator is told the time is only the author's word.
    assert code == 0
    (claim,) = claims(findings)
    assert claim.startswith("submission time Mon 2026-11-02 09:00 is the author's own claim: "
                            "GitHub's record of pushes could not be read: GitHub forbids this "
                            "(403 Forbidden)")
    assert f"the date of commit {forged[:7]}, which introduced this schedule" in claim
    assert gh.TOKEN not in claim


def test_fallback_takes_the_later_commit_date_and_still_fails_late_work(pr: PullRequest) -> None:
    late = pr.repo.commit("Schedule the switch", "2026-12-08T10:00:00-06:00",
                          files={CHANGE_PATH: CHANGE})
    pr.opened(late)
    pr.state.failures[pr.state.repo("activity")] = [404]
    code, findings = pr.validate()
    assert code == 1
    assert errors(findings)[0].startswith("submitted Tue 2026-12-08 10:00")
    assert len(claims(findings)) == 1


def test_a_fork_is_not_looked_up_and_its_time_is_a_claim(pr: PullRequest) -> None:
    late = pr.repo.commit("Schedule the switch", "2026-11-03T10:00:00-06:00",
                          files={CHANGE_PATH: CHANGE})
    pr.opened(late, head_repo="janetech/changes")
    pr.pushed((late, "2026-12-10T16:00:00Z"))
    code, findings = pr.validate()
    assert code == 0
    (claim,) = claims(findings)
    assert "the pull request comes from a fork (janetech/changes)" in claim
    assert [path for path, _ in pr.state.requests] == [pr.state.repo("pulls")], \
        "only the open pull requests (issue 27), never the fork's pushes"


def test_without_a_token_the_time_is_a_claim(pr: PullRequest,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    late = pr.repo.commit("Schedule the switch", "2026-11-03T10:00:00-06:00",
                          files={CHANGE_PATH: CHANGE})
    pr.opened(late)
    monkeypatch.delenv("GITHUB_TOKEN")
    code, findings = pr.validate()
    assert code == 0
    (claim,) = claims(findings)
    assert "no GITHUB_TOKEN to read GitHub's record of pushes" in claim


def test_a_record_without_the_commit_is_a_claim_bounded_by_the_pushes_it_shows(
        pr: PullRequest) -> None:
    first = pr.repo.commit("Schedule the printers", "2026-11-02T08:00:00-06:00",
                           files={OTHER: printers()})
    forged = pr.repo.commit("Also upgrade the core switch (dated November)",
                            "2026-11-03T10:00:00-06:00", files={CHANGE_PATH: CHANGE})
    pr.opened(forged)
    # The record shows the branch without the switch on Dec 9 and has not caught up since:
    # the switch's commit arrived after that push, whatever its date says.
    pr.pushed((first, "2026-11-02T14:30:00Z"), (first, "2026-12-09T16:00:00Z"))
    code, findings = pr.validate()
    assert code == 1
    assert errors(findings)[0].startswith("submitted Wed 2026-12-09 10:00")
    (claim,) = claims(findings)
    assert f"shows no push of commit {forged[:7]}" in claim


def test_a_push_to_another_branch_does_not_count(pr: PullRequest) -> None:
    early = pr.repo.commit("Schedule the switch", "2026-11-03T10:00:00-06:00",
                           files={CHANGE_PATH: CHANGE})
    pr.opened(early)
    pr.pushed(gh.activity(early, "2026-11-03T16:00:00Z", ref="decoy"),
              gh.activity(early, "2026-12-10T16:00:00Z", kind="branch_creation"))
    code, findings = pr.validate()
    assert code == 1
    assert errors(findings)[0].startswith("submitted Thu 2026-12-10 10:00")
    assert claims(findings) == []


def test_a_change_pushed_away_and_back_is_timed_from_its_return(pr: PullRequest) -> None:
    first = pr.repo.commit("Schedule the printers", "2026-11-02T08:00:00-06:00",
                           files={OTHER: printers()})
    switch = pr.repo.commit("Also upgrade the core switch", "2026-11-20T09:00:00-06:00",
                            files={CHANGE_PATH: CHANGE})
    pr.opened(switch)
    pr.pushed((switch, "2026-11-20T15:05:00Z"),
              gh.activity(first, "2026-11-25T15:05:00Z", kind="force_push", before=switch),
              # a force push of a commit this clone never saw is a break as well
              gh.activity("f" * 40, "2026-11-26T15:05:00Z", kind="force_push", before=first),
              gh.activity(switch, "2026-12-09T15:05:00Z", kind="force_push", before="f" * 40))
    code, findings = pr.validate()
    assert code == 1
    assert errors(findings)[0].startswith("submitted Wed 2026-12-09 09:05")
    assert claims(findings) == []
