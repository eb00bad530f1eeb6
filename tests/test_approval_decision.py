"""approval.decide over plain data: the cases GitHub's API makes subtle, without HTTP."""

from __future__ import annotations

from cmcheck.github.approval.decide import Dismissal, PullRequest, Review, commit_authors, decide

HEAD = "a" * 40
PR = PullRequest(number=4, author="janetech", head_sha=HEAD)


def review(login: str, state: str, commit: str = HEAD, id: int = 0) -> Review:
    return Review(login=login, state=state, commit_id=commit, id=id,
                  submitted_at="2026-11-20T10:00:00Z")


def test_a_dismissed_approval_no_longer_counts() -> None:
    # GitHub turns the review itself to DISMISSED; the timeline keeps what it was.
    for by in ("Coord", "janetech"):
        verdict = decide(PR, [review("Coord", "DISMISSED", id=7)], coordinators=["coord"],
                         dismissals=[Dismissal(7, by, "approved")])
        assert not verdict.passed
        assert verdict.message.startswith("no approval yet")


def test_a_denial_dismissed_by_another_stands_until_its_author_lifts_it() -> None:
    denial = review("coord", "DISMISSED", id=7)
    other = [Dismissal(7, "deputy", "changes_requested")]
    verdict = decide(PR, [denial, review("deputy", "APPROVED")],
                     coordinators=["coord", "deputy"], dismissals=other)
    assert not verdict.passed
    assert "deputy dismissed that review, but only coord can lift it" in verdict.message
    assert decide(PR, [denial, review("deputy", "APPROVED")], coordinators=["coord", "deputy"],
                  dismissals=[Dismissal(7, "COORD", "changes_requested")]).passed
    assert decide(PR, [denial, review("coord", "APPROVED")], coordinators=["coord"],
                  dismissals=other).passed


def test_a_dismissal_the_timeline_does_not_explain_stands() -> None:
    verdict = decide(PR, [review("coord", "DISMISSED", id=7), review("deputy", "APPROVED")],
                     coordinators=["coord", "deputy"], dismissals=[Dismissal(8, "coord", "x")])
    assert not verdict.passed
    assert verdict.message.startswith("denied: the review coord submitted on 2026-11-20T10:00")


def test_unlisted_commits_fail_closed() -> None:
    pull = PullRequest(number=4, author="janetech", head_sha=HEAD, commits=251, listed=250)
    verdict = decide(pull, [review("coord", "APPROVED")], coordinators=["coord"])
    assert verdict == (False, "not approved: PR #4 has 251 commits but GitHub lists only 250 "
                              "(at most 250), so who wrote the rest cannot be checked against "
                              "the approver; squash the branch or split the pull request")


def test_logins_compare_without_case() -> None:
    assert decide(PR, [review("QCSD-TechCoord", "APPROVED")],
                  coordinators=["qcsd-techcoord"]).passed


def test_a_comment_after_an_approval_keeps_it() -> None:
    verdict = decide(PR, [review("coord", "APPROVED"), review("coord", "COMMENTED")],
                     coordinators=["coord"], exceptions=["blackout (x)", "blackout (x)"])
    assert verdict == (True, "approved by coord on 2026-11-20T10:00:00Z at aaaaaaa; grants "
                             "exceptions: blackout (x)")


def test_a_non_coordinators_changes_requested_does_not_deny() -> None:
    assert decide(PR, [review("coord", "APPROVED"), review("colleague", "CHANGES_REQUESTED")],
                  coordinators=["coord"]).passed


def test_web_flow_and_unknown_committers_are_nobody() -> None:
    assert commit_authors(["janetech", "web-flow", None]) == frozenset({"janetech"})
