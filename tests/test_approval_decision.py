"""approval.decide over plain data: the cases GitHub's API makes subtle, without HTTP."""

from __future__ import annotations

from cmcheck.github.approval import PullRequest, Review, commit_authors, decide

HEAD = "a" * 40
PR = PullRequest(number=4, author="janetech", head_sha=HEAD)


def review(login: str, state: str, commit: str = HEAD) -> Review:
    return Review(login=login, state=state, commit_id=commit, submitted_at="2026-11-20T10:00:00Z")


def test_a_dismissed_approval_no_longer_counts() -> None:
    verdict = decide(PR, [review("Coord", "APPROVED"), review("Coord", "DISMISSED")],
                     coordinators=["coord"])
    assert not verdict.passed
    assert verdict.message.startswith("no approval yet")


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
