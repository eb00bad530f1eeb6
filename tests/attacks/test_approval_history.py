"""Issue 23 (8): a merged review is a record. Rewriting earlier reviews from `failed` to
`successful` must neither lower a new change's risk (risk history comes from the base branch)
nor pass `validate` (`locked`: a merged review's outcome and completion time stay as merged).

On a real repository whose earlier changes were merged with real merge commits, with the
loopback GitHub (answers shaped by GitHub's OpenAPI description) for `cmcheck approval`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests import fake_github as gh
from tests.conftest import Repo, run
from tests.rules.helpers import scheduled, with_section
from tests.test_approval import COORD, DEPUTY, Setup
from tests.test_approval_risk import INVENTORY

FIRST = "changes/2026/2026-10-24-switch-first-try.yaml"
SECOND = "changes/2026/2026-10-31-switch-second-try.yaml"
NEW = "changes/2026/2026-12-19-switch.yaml"


def reviewed(day: str, outcome: str = "failed", *, notes: str = "The image did not boot.",
             completed: str = "21:00") -> str:
    """A change to core-switch-01 on Saturday 2026-10-<day>, with its review."""
    return with_section(scheduled(f"2026-10-{day} 20:00", f"2026-10-{day} 22:00"),
                        f"review:\n  outcome: {outcome}\n  completed: 2026-10-{day} "
                        f"{completed}\n  notes: {notes}\n  next_steps: Try again.\n")


def merge(repo: Repo, branch: str, date: str) -> None:
    repo.checkout("main")
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    repo.git.git.merge("--no-ff", "-m", f"Merge pull request from {branch}", branch, env=env)


def risk_policy(repo: Repo) -> None:
    """Two coordinators, two approvals for a high risk, an inventory."""
    policy = (repo.root / "policy.yaml").read_text(encoding="utf-8").replace(
        f"coordinators: [{COORD}]", f"coordinators: [{COORD}, {DEPUTY}]")
    repo.commit("Two coordinators, a risk policy, an inventory", "2026-10-01T12:00:00-05:00",
                files={"policy.yaml": policy + "risk:\n  high_risk_approvals: 2\n",
                       "inventory.yaml": INVENTORY})


@pytest.fixture
def failed_twice(repo: Repo) -> Repo:
    """main: the risk policy, and two merged changes to core-switch-01 that failed."""
    risk_policy(repo)
    repo.branch("earlier")
    repo.commit("Two tries", "2026-10-02T12:00:00-05:00",
                files={FIRST: reviewed("24"), SECOND: reviewed("31")})
    merge(repo, "earlier", "2026-11-02T12:00:00-06:00")
    repo.branch("change")
    return repo


def pull_request(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    """The loopback GitHub with PR #1 at the branch's head, approved by COORD alone."""
    state = gh.State()
    base = repo.git.git.rev_parse("main")
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        setup = Setup(repo, state, base, repo.git.head.commit.hexsha)
        setup.pull()
        setup.reviews((COORD, "APPROVED", setup.head))
        yield setup


def approval(repo: Repo) -> tuple[int, str]:
    result = run(repo.root, "approval", "--pr", "1", "--base", "main")
    return result.exit_code, result.output.strip()


def locked(repo: Repo) -> list[tuple[str, int, str]]:
    result = run(repo.root, "validate", "--base", "main", "--format", "json",
                 "--now", "2026-11-25T09:00")
    assert result.exit_code in (0, 1), result.output
    return sorted((f["path"], f["line"], f["severity"])
                  for f in json.loads(result.output)["findings"] if f["rule"] == "locked")


def test_flipping_earlier_failures_keeps_the_risk_high(
        failed_twice: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The change alone is medium (5: two sites, four audiences through the inventory,
    # mission-critical data, firmware); two failures before it on the same switch make it 7.
    failed_twice.commit("Add the upgrade, and tidy two old reviews", "2026-11-20T09:00:00-06:00",
                        files={NEW: change_text, FIRST: reviewed("24", "successful"),
                               SECOND: reviewed("31", "successful")})
    for _ in pull_request(failed_twice, monkeypatch):
        code, out = approval(failed_twice)
        assert code == 1, out
        # (the second try is high too: the first failed before it, on the base branch)
        assert out == (f"high risk (2026-10-31-switch-second-try, 2026-12-19-switch): the "
                       f"policy asks 2 coordinators to approve; approved only by {COORD}; "
                       "risk: high (2026-10-31-switch-second-try, 2026-12-19-switch), medium "
                       "(2026-10-24-switch-first-try)")
    # review.outcome is line 33 of each: an error, and not one an exception can waive
    assert locked(failed_twice) == [(FIRST, 33, "error"), (SECOND, 33, "error")]


def test_deleting_the_earlier_failures_keeps_the_risk_high(
        failed_twice: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A deletion is a cancellation (a notice), so only the base's record can count them.
    failed_twice.commit("Add the upgrade, and drop two old files", "2026-11-20T09:00:00-06:00",
                        files={NEW: change_text}, remove=[FIRST, SECOND])
    for _ in pull_request(failed_twice, monkeypatch):
        code, out = approval(failed_twice)
        assert code == 1, out
        assert out.endswith("approved only by qcsd-techcoord; risk: high (2026-12-19-switch)")


def test_failures_merged_after_the_branch_point_count(
        repo: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The branch never saw them; the base branch, where the pull request would land, did.
    risk_policy(repo)
    repo.branch("change")
    repo.commit("Add the upgrade", "2026-11-20T09:00:00-06:00", files={NEW: change_text})
    repo.checkout("main")
    repo.branch("earlier")
    repo.commit("Two tries", "2026-10-02T12:00:00-05:00",
                files={FIRST: reviewed("24"), SECOND: reviewed("31", "backed-out")})
    merge(repo, "earlier", "2026-11-21T12:00:00-06:00")
    repo.checkout("change")
    for _ in pull_request(repo, monkeypatch):
        code, out = approval(repo)
        assert code == 1, out
        assert out.endswith(f"approved only by {COORD}; risk: high (2026-12-19-switch)")


def test_a_merged_reviews_outcome_and_completion_are_a_record(failed_twice: Repo) -> None:
    failed_twice.commit("Rewrite when it ended", "2026-11-20T09:00:00-06:00",
                        files={FIRST: reviewed("24", completed="21:45")})
    assert locked(failed_twice) == [(FIRST, 34, "error")]
    failed_twice.commit("Drop the review", "2026-11-20T10:00:00-06:00",
                        files={FIRST: scheduled("2026-10-24 20:00", "2026-10-24 22:00")})
    assert locked(failed_twice) == [(FIRST, 2, "error")]  # the file: its review is gone
    result = run(failed_twice.root, "validate", "--base", "main", "--now", "2026-11-25T09:00")
    assert result.exit_code == 1
    assert ("review was removed after it was merged: its outcome (failed) and completion "
            "(Sat 2026-10-24 21:00) are the record of what happened") in result.output


def test_fixing_the_wording_of_merged_notes_stays_allowed(failed_twice: Repo) -> None:
    failed_twice.commit("Say it better", "2026-11-20T09:00:00-06:00",
                        files={FIRST: reviewed("24", notes="The new image did not boot.")})
    assert locked(failed_twice) == []
