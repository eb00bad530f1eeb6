"""Ways around the coordinator's approval, each performed against the loopback GitHub (answers
shaped by GitHub's OpenAPI description) on a real repository, and each refused."""

from __future__ import annotations

from tests import fake_github as gh
from tests.test_approval import COORD, DEPUTY, TECH, Setup, approval, setup  # noqa: F401

OUTSIDER = "helpful-admin"


def denied_then_dismissed(setup: Setup, *, by: str) -> None:  # noqa: F811
    """COORD requested changes; `by` dismissed that review; DEPUTY approved the head."""
    denial = gh.review(COORD, "CHANGES_REQUESTED", setup.head, "2026-11-21T10:00:00Z")
    timeline = [gh.labeled("change-request", by=TECH, at="2026-11-20T15:01:00Z"),
                gh.dismissed(denial, by=by, at="2026-11-22T10:00:00Z")]
    denial["state"] = "DISMISSED"  # what the reviews list says after a dismissal
    approve = gh.review(DEPUTY, "APPROVED", setup.head, "2026-11-23T10:00:00Z")
    setup.state.objects[setup.state.repo("pulls/1/reviews")] = [denial, approve]
    setup.state.objects[setup.state.repo("issues/1/timeline")] = timeline


def test_a_denial_dismissed_by_someone_else_still_stands(setup: Setup) -> None:  # noqa: F811
    setup.pull()
    for by in (OUTSIDER, DEPUTY):  # not even another coordinator can lift it
        denied_then_dismissed(setup, by=by)
        code, out = approval(setup)
        assert code == 1, out
        assert out.startswith(f"denied: {COORD} requested changes on 2026-11-21T10:00:00Z")
        assert f"{by} dismissed that review, but only {COORD} can lift it" in out
    assert setup.state.repo("issues/1/timeline") in [p for p, _ in setup.state.requests]


def test_the_coordinators_own_dismissal_or_approval_lifts_the_denial(
        setup: Setup) -> None:  # noqa: F811
    setup.pull()
    denied_then_dismissed(setup, by=COORD)
    code, out = approval(setup)
    assert code == 0, out
    assert out.startswith(f"approved by {DEPUTY}")
    denied_then_dismissed(setup, by=OUTSIDER)
    reviews = setup.state.objects[setup.state.repo("pulls/1/reviews")]
    reviews.append(gh.review(COORD, "APPROVED", setup.head, "2026-11-24T10:00:00Z"))
    code, out = approval(setup)
    assert code == 0, out


def test_a_commit_linked_to_no_account_fails_and_names_the_fix(setup: Setup) -> None:  # noqa: F811
    setup.pull()
    setup.reviews((COORD, "APPROVED", setup.head))
    anonymous = "c0ffee" + "0" * 34
    commits = setup.state.objects[setup.state.repo("pulls/1/commits")]
    commits.append(gh.commit(anonymous, author=None, committer=TECH))
    setup.state.objects[setup.state.repo("pulls/1")]["commits"] = 2
    code, out = approval(setup)
    assert code == 1
    assert out == ("not approved: GitHub ties no account to commit c0ffee0's author (Someone "
                   "<someone@qcsd.example.org>), so it could be the approver's own work; link "
                   "that e-mail address to its author's GitHub account (Settings → Emails), or "
                   "re-commit with an address linked to the author's account and push")
    commits[-1] = gh.commit(anonymous, author=TECH, committer=None)
    code, out = approval(setup)
    assert code == 1
    assert "commit c0ffee0's committer (Someone <someone@qcsd.example.org>)" in out


def test_a_pull_request_longer_than_github_lists_fails_closed(setup: Setup) -> None:  # noqa: F811
    setup.pull()
    setup.reviews((COORD, "APPROVED", setup.head))
    # GitHub lists at most 250 commits of a pull request, however the pages are asked for;
    # the 251st could be the approver's.
    setup.state.objects[setup.state.repo("pulls/1/commits")] = [
        gh.commit(f"{i:040x}", author=TECH) for i in range(250)]
    setup.state.objects[setup.state.repo("pulls/1")]["commits"] = 251
    code, out = approval(setup)
    assert code == 1
    assert out.startswith("not approved: PR #1 has 251 commits but GitHub lists only 250")
    assert "squash the branch or split the pull request" in out
    pages = [p for p, _ in setup.state.requests if p.endswith("/commits")]
    assert len(pages) == 3, "every page was read before judging"


def test_an_unreadable_timeline_is_an_error_not_a_pass(setup: Setup) -> None:  # noqa: F811
    setup.pull()
    setup.reviews((COORD, "APPROVED", setup.head))
    setup.state.failures[setup.state.repo("issues/1/timeline")] = [403]
    code, out = approval(setup)
    assert code == 2
    assert "403 Forbidden" in out and "/issues/1/timeline" in out
