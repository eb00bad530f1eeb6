"""`cmcheck approval` against a real HTTP server that answers like GitHub, on a real repository."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from cmcheck.github import api as github_api
from tests import fake_github as gh
from tests.conftest import Repo, run

COORD = "qcsd-techcoord"
DEPUTY = "qcsd-deputy"
TECH = "janetech"


@dataclass
class Setup:
    repo: Repo
    state: gh.State
    base: str
    head: str

    def pull(self, *, author: str = TECH, labels: tuple[str, ...] = (),
             committers: tuple[str, ...] = (TECH,)) -> None:
        self.state.objects[self.state.repo("pulls/1")] = gh.pull(
            1, author=author, head=self.head, base=self.base, labels=labels,
            commits=len(committers))
        self.state.objects[self.state.repo("pulls/1/commits")] = [
            gh.commit(f"{i:040x}", author=login) for i, login in enumerate(committers)]
        self.state.objects.setdefault(self.state.repo("pulls/1/reviews"), [])
        self.state.objects.setdefault(self.state.repo("issues/1/timeline"), [])

    def reviews(self, *reviews: tuple[str, str, str]) -> None:
        """(login, state, commit) triples, oldest first."""
        self.state.objects[self.state.repo("pulls/1/reviews")] = [
            gh.review(login, state, commit, f"2026-11-2{i % 10}T10:00:00Z")
            for i, (login, state, commit) in enumerate(reviews)]


@pytest.fixture
def setup(repo: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    policy = (repo.root / "policy.yaml").read_text(encoding="utf-8")
    repo.commit("Two coordinators", "2026-11-02T12:00:00-05:00", files={
        "policy.yaml": policy.replace(f"coordinators: [{COORD}]",
                                      f"coordinators: [{COORD}, {DEPUTY}]")})
    base = repo.git.head.commit.hexsha
    repo.branch("change")
    waived = change_text + "exceptions:\n  - {rule: resources, reason: the vendor is alone}\n"
    head = repo.commit("Add a change request", "2026-11-20T09:00:00-06:00",
                       files={"changes/2026/2026-12-19-switch.yaml": waived})
    state = gh.State()
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        yield Setup(repo, state, base, head)


def approval(setup: Setup, *args: str) -> tuple[int, str]:
    result = run(setup.repo.root, "approval", "--pr", "1", "--base", "main", *args)
    assert gh.TOKEN not in result.output
    return result.exit_code, result.output.strip()


def test_coordinator_approval_on_head_passes_and_names_the_exceptions(setup: Setup) -> None:
    setup.pull()
    setup.reviews((COORD, "APPROVED", setup.head))
    code, out = approval(setup)
    assert code == 0, out
    assert out == (f"approved by {COORD} on 2026-11-20T10:00:00Z at {setup.head[:7]}; grants "
                   "exceptions: resources (2026-12-19-switch); risk: medium (2026-12-19-switch)")


def test_base_defaults_to_the_pull_requests_base_commit(setup: Setup) -> None:
    setup.pull()
    setup.reviews((COORD, "APPROVED", setup.head))
    result = run(setup.repo.root, "approval", "--pr", "1")
    assert result.exit_code == 0, result.output


def test_no_review_says_who_must_approve(setup: Setup) -> None:
    setup.pull()
    code, out = approval(setup)
    assert code == 1
    assert out == (f"no approval yet: a coordinator ({DEPUTY}, {COORD}) must approve PR #1 at "
                   f"{setup.head[:7]}")


def test_non_coordinator_approval_fails(setup: Setup) -> None:
    setup.pull()
    setup.reviews(("helpful-colleague", "APPROVED", setup.head))
    code, out = approval(setup)
    assert code == 1
    assert "helpful-colleague approved but is not a coordinator on the base branch" in out


def test_approval_on_an_older_commit_needs_reapproval(setup: Setup) -> None:
    setup.pull()
    setup.reviews((COORD, "APPROVED", "3f2a1c9" + "0" * 33))
    code, out = approval(setup)
    assert code == 1
    assert out == (f"not approved: approved by {COORD} on an older commit — re-approval needed "
                   f"on {setup.head[:7]}")


def test_authors_own_approval_fails_even_for_a_coordinator(setup: Setup) -> None:
    setup.pull(author=COORD, committers=(COORD,))
    setup.reviews((COORD, "APPROVED", setup.head))
    code, out = approval(setup)
    assert code == 1
    assert f"{COORD} approved their own pull request" in out


def test_coordinator_who_pushed_a_commit_cannot_approve(setup: Setup) -> None:
    setup.pull(committers=(TECH, DEPUTY))
    setup.reviews((DEPUTY, "APPROVED", setup.head))
    code, out = approval(setup)
    assert code == 1
    assert f"{DEPUTY} approved but wrote a commit of this pull request" in out
    setup.reviews((DEPUTY, "APPROVED", setup.head), (COORD, "APPROVED", setup.head))
    assert approval(setup)[0] == 0


def test_changes_requested_denies_until_that_coordinator_approves(setup: Setup) -> None:
    setup.pull()
    setup.reviews((COORD, "APPROVED", setup.head), (DEPUTY, "CHANGES_REQUESTED", setup.head))
    code, out = approval(setup)
    assert code == 1
    assert out.startswith(f"denied: {DEPUTY} requested changes on 2026-11-21T10:00:00Z")
    setup.reviews((COORD, "APPROVED", setup.head), (DEPUTY, "CHANGES_REQUESTED", setup.head),
                  (DEPUTY, "COMMENTED", setup.head))
    assert approval(setup)[0] == 1, "a comment does not lift a denial"
    setup.reviews((COORD, "APPROVED", setup.head), (DEPUTY, "CHANGES_REQUESTED", setup.head),
                  (DEPUTY, "APPROVED", setup.head))
    assert approval(setup)[0] == 0


def test_delayed_label_keeps_it_red(setup: Setup) -> None:
    setup.pull(labels=("change-request", "delayed"))
    setup.reviews((COORD, "APPROVED", setup.head))
    code, out = approval(setup)
    assert code == 1
    assert out == "delayed: the coordinator's 'delayed' label is on PR #1; it passes once the " \
                  "label is removed"


def test_adding_yourself_to_coordinators_in_the_pr_gains_nothing(setup: Setup) -> None:
    policy = (setup.repo.root / "policy.yaml").read_text(encoding="utf-8")
    setup.head = setup.repo.commit("Make my friend a coordinator", "2026-11-20T10:00:00-06:00",
                                   files={"policy.yaml": policy.replace(
                                       f"[{COORD}, {DEPUTY}]", f"[{COORD}, {DEPUTY}, my-friend]")})
    setup.pull()
    setup.reviews(("my-friend", "APPROVED", setup.head))
    code, out = approval(setup)
    assert code == 1
    assert "my-friend approved but is not a coordinator on the base branch" in out


def test_reviews_spread_over_three_pages(setup: Setup) -> None:
    setup.state.page_size = 2
    setup.pull()
    setup.reviews(*[("colleague", "COMMENTED", setup.head)] * 5,
                  (COORD, "APPROVED", setup.head))
    code, out = approval(setup)
    assert code == 0, out
    pages = [path for path, _ in setup.state.requests if path.endswith("/reviews")]
    assert len(pages) == 3


def test_a_server_error_is_retried(setup: Setup) -> None:
    setup.pull()
    setup.reviews((COORD, "APPROVED", setup.head))
    setup.state.failures[setup.state.repo("pulls/1/reviews")] = [500, 502]
    code, out = approval(setup)
    assert code == 0, out
    assert [p for p, _ in setup.state.requests].count(setup.state.repo("pulls/1/reviews")) == 3


def test_a_bad_token_is_a_clear_error(setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    setup.pull()
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_wrongtoken")
    result = run(setup.repo.root, "approval", "--pr", "1", "--base", "main")
    assert result.exit_code == 2
    assert "401 Unauthorized" in result.output and "Bad credentials" in result.output
    assert "ghp_wrongtoken" not in result.output


def test_a_missing_pull_request_is_a_clear_error(setup: Setup) -> None:
    result = run(setup.repo.root, "approval", "--pr", "7", "--base", "main")
    assert result.exit_code == 2
    assert "not found (404)" in result.output and "/pulls/7" in result.output


def test_an_unexpected_answer_is_an_error_not_a_crash(setup: Setup) -> None:
    setup.state.off_schema.add(setup.state.repo("pulls/1"))  # malformed on purpose
    setup.state.objects[setup.state.repo("pulls/1")] = {"number": 1, "labels": []}
    result = run(setup.repo.root, "approval", "--pr", "1", "--base", "main")
    assert result.exit_code == 2
    assert "unexpected answer for pull request #1" in result.output
    setup.state.objects[setup.state.repo("pulls/1")] = ["not", "an", "object"]
    result = run(setup.repo.root, "approval", "--pr", "1", "--base", "main")
    assert result.exit_code == 2
    assert "unexpected answer" in result.output


def test_codeowners_makes_the_coordinators_owners_of_everything(setup: Setup) -> None:
    result = run(setup.repo.root, "codeowners")
    assert result.exit_code == 0
    rules = [line for line in result.output.splitlines() if not line.startswith("#")]
    assert rules == [f"{path} @{COORD} @{DEPUTY}"
                     for path in ("*", "/policy.yaml", "/inventory.yaml")]


def test_a_secondary_rate_limit_is_waited_out(setup: Setup) -> None:
    setup.pull()
    setup.reviews((COORD, "APPROVED", setup.head))
    setup.state.failures[setup.state.repo("pulls/1/reviews")] = [(403, {"Retry-After": "0"})]
    code, out = approval(setup)
    assert code == 0, out


def test_a_plain_403_names_the_missing_permission(setup: Setup) -> None:
    setup.pull()
    setup.state.failures[setup.state.repo("pulls/1/reviews")] = [403]
    result = run(setup.repo.root, "approval", "--pr", "1", "--base", "main")
    assert result.exit_code == 2
    assert "403 Forbidden" in result.output and "pull-requests: read" in result.output


def test_a_link_to_another_host_is_not_followed() -> None:
    client = github_api.Client(repository=gh.REPOSITORY, token=gh.TOKEN,
                               url="http://127.0.0.1:9")
    assert client._next('<http://127.0.0.1:9/x?page=2>; rel="next"') == \
        "http://127.0.0.1:9/x?page=2"
    with pytest.raises(github_api.ApiError, match="another host"):
        client._next('<http://evil.example/x?page=2>; rel="next"')


def test_missing_repository_setting_is_a_clear_error(setup: Setup,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY")
    result = run(setup.repo.root, "approval", "--pr", "1")
    assert result.exit_code == 2
    assert "GITHUB_REPOSITORY is not set" in result.output


def test_a_review_of_a_vanished_commit_is_stale_not_an_error(setup: Setup) -> None:
    setup.pull()
    setup.reviews((COORD, "APPROVED", setup.head))
    reviews = setup.state.objects[setup.state.repo("pulls/1/reviews")]
    reviews.insert(0, gh.review(DEPUTY, "APPROVED", "x", "2026-11-19T10:00:00Z"))
    reviews[0]["commit_id"] = None
    code, out = approval(setup)
    assert code == 0, out
    setup.reviews()
    reviews = setup.state.objects[setup.state.repo("pulls/1/reviews")]
    reviews.append(gh.review(COORD, "APPROVED", "x", "2026-11-19T10:00:00Z"))
    reviews[0]["commit_id"] = None
    code, out = approval(setup)
    assert code == 1 and "older commit" in out


def test_a_pull_request_aimed_at_another_branch_is_refused(setup: Setup) -> None:
    """Issue 10 (4): the pull request object says where it is aimed now, whatever the event
    said when the run started; an approval judged by another branch's coordinators is none."""
    setup.pull()
    setup.reviews((COORD, "APPROVED", setup.head))
    pull = setup.state.objects[setup.state.repo("pulls/1")]
    setup.state.objects[setup.state.repo("pulls/1")] = gh.pull(
        1, author=TECH, head=setup.head, base=setup.base, commits=pull["commits"],
        base_ref="weak")
    code, out = approval(setup)
    assert code == 2
    assert out.endswith("this pull request targets weak, not the default branch main: change "
                        "requests are judged by main's policy, coordinators and merged "
                        "changes; change its base to main")
