"""The coordinator's approval, decided over plain data (no HTTP here, so it tests on its own).

The procedure: every change request "must receive formal Technology Coordinator approval before
proceeding", and the coordinator may deny or delay it. Here an APPROVED review from a
coordinator on the pull request's current head commit is the approval; a coordinator's standing
CHANGES_REQUESTED is a denial; the ``delayed`` label is a delay.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from cmcheck.core.findings import one_line

DELAYED_LABEL = "delayed"
# A review in these states replaces the reviewer's earlier verdict; COMMENTED and PENDING do not
# (GitHub keeps an approval standing after a later comment).
VERDICTS = frozenset({"APPROVED", "CHANGES_REQUESTED", "DISMISSED"})
# GitHub commits through the web UI as this user; it is nobody's own work.
WEB_FLOW = "web-flow"


@dataclass(frozen=True, kw_only=True)
class Review:
    login: str
    state: str
    commit_id: str
    submitted_at: str


@dataclass(frozen=True, kw_only=True)
class PullRequest:
    number: int
    author: str
    head_sha: str
    labels: tuple[str, ...] = ()
    commit_authors: frozenset[str] = field(default_factory=frozenset)


class Verdict(NamedTuple):
    passed: bool
    message: str


def latest_per_reviewer(reviews: Iterable[Review]) -> dict[str, Review]:
    """The verdict that stands for each reviewer (reviews come oldest first, as GitHub lists)."""
    standing: dict[str, Review] = {}
    for review in reviews:
        if review.state in VERDICTS:
            standing[review.login.casefold()] = review
    return standing


def decide(pull: PullRequest, reviews: Iterable[Review], *, coordinators: Iterable[str],
           exceptions: Iterable[str] = ()) -> Verdict:
    chiefs = {c.casefold() for c in coordinators}
    standing = latest_per_reviewer(reviews)
    denials = [r for key, r in standing.items()
               if key in chiefs and r.state == "CHANGES_REQUESTED"]
    if denials:
        first = denials[0]
        return Verdict(False, f"denied: {_who(first)} requested changes on {first.submitted_at}; "
                              "approval needs that coordinator to approve the current head")
    if DELAYED_LABEL in (label.casefold() for label in pull.labels):
        return Verdict(False, f"delayed: the coordinator's {DELAYED_LABEL!r} label is on "
                              f"PR #{pull.number}; it passes once the label is removed")
    approvals = [r for r in standing.values() if r.state == "APPROVED"]
    reasons: list[str] = []
    for review in approvals:
        reason = _disqualified(review, pull, chiefs)
        if reason is None:
            return Verdict(True, f"approved by {_who(review)} on {review.submitted_at} at "
                                 f"{review.commit_id[:7]}; {_grants(exceptions)}")
        reasons.append(reason)
    if not reasons:
        listed = ", ".join(sorted(chiefs))
        return Verdict(False, f"no approval yet: a coordinator ({listed}) must approve "
                              f"PR #{pull.number} at {pull.head_sha[:7]}")
    return Verdict(False, "not approved: " + "; ".join(reasons))


def _disqualified(review: Review, pull: PullRequest, chiefs: set[str]) -> str | None:
    who = review.login.casefold()
    if who not in chiefs:
        return f"{_who(review)} approved but is not a coordinator on the base branch"
    if who == pull.author.casefold():
        return f"{_who(review)} approved their own pull request"
    if who in {a.casefold() for a in pull.commit_authors}:
        return (f"{_who(review)} approved but wrote a commit of this pull request; "
                "another coordinator must approve")
    if review.commit_id != pull.head_sha:
        return (f"approved by {_who(review)} on an older commit — re-approval needed on "
                f"{pull.head_sha[:7]}")
    return None


def _who(review: Review) -> str:
    return one_line(review.login, limit=40)


def _grants(exceptions: Iterable[str]) -> str:
    granted = sorted(set(exceptions))
    if not granted:
        return "grants no exceptions"
    return "grants exceptions: " + ", ".join(one_line(e, limit=80) for e in granted)


def commit_authors(logins: Iterable[str | None]) -> frozenset[str]:
    return frozenset(login for login in logins if login and login != WEB_FLOW)
