"""The coordinator's approval, decided over plain data (no HTTP here, so it tests on its own).

The procedure: every change request "must receive formal Technology Coordinator approval before
proceeding", and the coordinator may deny or delay it. Here an APPROVED review from a
coordinator on the pull request's current head commit is the approval; a coordinator's standing
CHANGES_REQUESTED is a denial; the ``delayed`` label is a delay (delays.py: one a coordinator put
on stands until a coordinator takes it off).

A denial is the coordinator's own: anyone with write access can dismiss a review, so a dismissed
CHANGES_REQUESTED still stands unless the timeline shows that coordinator dismissed it (or they
approved later). The approver must not have written any commit of the pull request, so a commit
GitHub ties to no account, or a pull request with more commits than GitHub lists, fails closed.
Nor may the approver be named in a commit's `Co-authored-by:` trailer (trailers.py): GitHub
credits that as authorship; a co-author no account can be tied to fails closed the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from cmcheck.core.judge.findings import one_line
from cmcheck.github.approval.delays import LabelEvent, delayed

# A review in these states replaces the reviewer's earlier verdict; COMMENTED and PENDING do not
# (GitHub keeps an approval standing after a later comment).
VERDICTS = frozenset({"APPROVED", "CHANGES_REQUESTED", "DISMISSED"})
# GitHub commits through the web UI as this user; it is nobody's own work.
WEB_FLOW = "web-flow"
# GitHub's "List commits on a pull request" stops here, whatever the pagination says.
MAX_LISTED_COMMITS = 250


@dataclass(frozen=True, kw_only=True)
class Review:
    login: str
    state: str
    commit_id: str
    submitted_at: str
    id: int = 0
    user_id: int = 0  # the reviewer's account ID (a noreply address may name only that)
    dismissed_by: str | None = None  # set when a dismissed denial still stands


class Dismissal(NamedTuple):
    """A review_dismissed event of the timeline: who dismissed which review, of what state."""

    review_id: int
    actor: str
    state: str


class CoAuthor(NamedTuple):
    """A `Co-authored-by:` trailer tied to an account: the commit, and who it names."""

    commit: str
    logins: frozenset[str]  # casefolded: its address's account, and its name if a login
    ids: frozenset[int] = frozenset()  # account IDs its noreply address carries


@dataclass(frozen=True, kw_only=True)
class PullRequest:
    number: int
    author: str
    head_sha: str
    labels: tuple[str, ...] = ()
    commit_authors: frozenset[str] = field(default_factory=frozenset)
    # "commit abc1234's author (name <e-mail>)" for each person GitHub ties to no account
    unlinked: tuple[str, ...] = ()
    co_authors: tuple[CoAuthor, ...] = ()
    # "commit abc1234's co-author (name <e-mail>)" for each trailer no account is tied to
    untied: tuple[str, ...] = ()
    commits: int = 0  # how many commits the pull request has (its `commits` field)
    listed: int = 0  # how many of them the commits endpoint listed


class Verdict(NamedTuple):
    passed: bool
    message: str


def latest_per_reviewer(reviews: Iterable[Review],
                        dismissals: Iterable[Dismissal] = ()) -> dict[str, Review]:
    """The verdict that stands for each reviewer (reviews come oldest first, as GitHub lists)."""
    dismissed = {d.review_id: d for d in dismissals}
    standing: dict[str, Review] = {}
    for review in reviews:
        if review.state == "DISMISSED":
            review = _after_dismissal(review, dismissed.get(review.id))
        if review.state in VERDICTS:
            standing[review.login.casefold()] = review
    return standing


def _after_dismissal(review: Review, dismissal: Dismissal | None) -> Review:
    """A dismissed review lifts nothing unless its own author dismissed it: a denial dismissed
    by anyone else (or by nobody the timeline names) stands as a denial."""
    if dismissal is None:  # not on the timeline: what it was and who dismissed it are unknown
        return replace(review, state="CHANGES_REQUESTED", dismissed_by="")
    if dismissal.state.upper() != "CHANGES_REQUESTED":
        return review
    if dismissal.actor.casefold() == review.login.casefold():
        return review
    return replace(review, state="CHANGES_REQUESTED",
                   dismissed_by=dismissal.actor or "a deleted account")


def decide(pull: PullRequest, reviews: Iterable[Review], *, coordinators: Iterable[str],
           exceptions: Iterable[str] = (), dismissals: Iterable[Dismissal] = (),
           labels: Iterable[LabelEvent] = (), risks: Mapping[str, str] | None = None,
           high_risk_approvals: int = 1) -> Verdict:
    """dismissals and labels: the timeline's events; risks: change id -> risk level, a high
    one needs high_risk_approvals coordinators."""
    chiefs = {c.casefold() for c in coordinators}
    standing = latest_per_reviewer(reviews, dismissals)
    denials = [r for key, r in standing.items()
               if key in chiefs and r.state == "CHANGES_REQUESTED"]
    if denials:
        return Verdict(False, _denied(denials[0]))
    delay = delayed(pull.labels, labels, chiefs=chiefs, number=pull.number)
    if delay is not None:
        return Verdict(False, delay)
    if pull.listed < pull.commits:
        return Verdict(False, f"not approved: PR #{pull.number} has {pull.commits} commits but "
                              f"GitHub lists only {pull.listed} (at most {MAX_LISTED_COMMITS}), "
                              "so who wrote the rest cannot be checked against the approver; "
                              "squash the branch or split the pull request")
    if pull.unlinked:
        return Verdict(False, "not approved: GitHub ties no account to " + _few(pull.unlinked)
                              + ", so it could be the approver's own work; link that e-mail "
                              "address to its author's GitHub account (Settings → Emails), or "
                              "re-commit with an address linked to the author's account and push")
    if pull.untied:
        return Verdict(False, "not approved: GitHub ties no account to " + _few(pull.untied)
                              + ", so it could be the approver's own work; write the "
                              "co-author's GitHub address (ID+login@users.noreply.github.com, "
                              "under Settings → Emails) in the Co-authored-by line, or drop "
                              "the line, and push")
    approvals = [r for r in standing.values() if r.state == "APPROVED"]
    reasons: list[str] = []
    qualified: list[Review] = []
    for review in approvals:
        reason = _disqualified(review, pull, chiefs)
        if reason is None:
            qualified.append(review)
        else:
            reasons.append(reason)
    high = sorted(i for i, level in (risks or {}).items() if level == "high")
    needed = high_risk_approvals if high else 1
    if len(qualified) >= needed:
        who = " and ".join(f"{_who(r)} on {r.submitted_at}" for r in qualified[:needed])
        return Verdict(True, f"approved by {who} at {qualified[0].commit_id[:7]}; "
                             f"{_grants(exceptions)}{_risk(risks)}")
    if qualified:
        return Verdict(False, f"high risk ({', '.join(high)}): the policy asks {needed} "
                              f"coordinators to approve; approved only by "
                              f"{', '.join(_who(r) for r in qualified)}{_risk(risks)}")
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
    for co in pull.co_authors:
        if who in co.logins or (review.user_id and review.user_id in co.ids):
            return (f"{_who(review)} approved but is named as a co-author of commit "
                    f"{one_line(co.commit[:7], limit=7)} (Co-authored-by), which GitHub counts "
                    "as writing it; another coordinator must approve")
    if review.commit_id != pull.head_sha:
        return (f"approved by {_who(review)} on an older commit — re-approval needed on "
                f"{pull.head_sha[:7]}")
    return None


def _denied(review: Review) -> str:
    message = (f"denied: {_who(review)} requested changes on {review.submitted_at}; approval "
               "needs that coordinator to approve the current head")
    if review.dismissed_by is None:
        return message
    if not review.dismissed_by:
        return (f"denied: the review {_who(review)} submitted on {review.submitted_at} was "
                "dismissed, and the timeline does not say by whom or what it was; only "
                f"{_who(review)} can lift it, by approving the current head")
    return (f"{message}. {one_line(review.dismissed_by, limit=40)} dismissed that review, but "
            f"only {_who(review)} can lift it (by dismissing it themself or approving)")


def _few(people: tuple[str, ...]) -> str:
    return "; ".join(people[:3]) + ("; ..." if len(people) > 3 else "")


def _who(review: Review) -> str:
    return one_line(review.login, limit=40)


def _grants(exceptions: Iterable[str]) -> str:
    granted = sorted(set(exceptions))
    if not granted:
        return "grants no exceptions"
    return "grants exceptions: " + ", ".join(one_line(e, limit=80) for e in granted)


def _risk(risks: Mapping[str, str] | None) -> str:
    by_level: dict[str, list[str]] = {}
    for change, level in sorted((risks or {}).items()):
        by_level.setdefault(level, []).append(change)
    shown = ", ".join(f"{level} ({', '.join(by_level[level])})"
                      for level in ("high", "medium", "low") if level in by_level)
    return f"; risk: {shown}" if shown else ""


def commit_authors(logins: Iterable[str | None]) -> frozenset[str]:
    return frozenset(login for login in logins if login and login != WEB_FLOW)
