"""GitHub's pull-request answers turned into the plain data that approval.decide judges.

Each accessor checks the shape it relies on, so that an odd answer is an ApiError naming the
field, never a KeyError.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cmcheck.core.judge.findings import one_line
from cmcheck.github.api import ApiError, Client
from cmcheck.github.approval.decide import Dismissal, PullRequest, Review, commit_authors
from cmcheck.github.approval.delays import LabelEvent


def _field(obj: Any, *path: str, kind: type | tuple[type, ...] = str, where: str) -> Any:
    value = obj
    for key in path:
        if not isinstance(value, dict) or key not in value:
            raise ApiError(f"unexpected answer for {where}: no {'.'.join(path)}")
        value = value[key]
    if not isinstance(value, kind):
        raise ApiError(f"unexpected answer for {where}: {'.'.join(path)} has the wrong type")
    return value


def _login(obj: Any, key: str) -> str | None:
    """A user's login; None for a deleted account or a commit GitHub cannot tie to a user."""
    user = obj.get(key) if isinstance(obj, dict) else None
    login = user.get("login") if isinstance(user, dict) else None
    return login if isinstance(login, str) else None


def fetch_pull(client: Client, number: int) -> tuple[PullRequest, dict[str, Any]]:
    where = f"pull request #{number}"
    raw = client.get(client.repo_path(f"pulls/{number}"))
    labels = _field(raw, "labels", kind=list, where=where)
    author = _field(raw, "user", "login", where=where)
    head_sha = _field(raw, "head", "sha", where=where)
    total = _field(raw, "commits", kind=int, where=where)
    commits = client.get_all(client.repo_path(f"pulls/{number}/commits"))
    logins: list[str | None] = []
    unlinked: list[str] = []
    for commit in commits:
        for role in ("author", "committer"):
            login = _login(commit, role)
            logins.append(login)
            if login is None:
                unlinked.append(_unlinked(commit, role))
    pull = PullRequest(
        number=number,
        author=author,
        head_sha=head_sha,
        labels=tuple(_field(label, "name", where=f"{where} labels") for label in labels),
        commit_authors=commit_authors(logins),
        unlinked=tuple(unlinked),
        commits=total,
        listed=len(commits),
    )
    return pull, raw


def _unlinked(commit: Any, role: str) -> str:
    """"commit abc1234's author (Name <e-mail>)": a person GitHub ties to no account (it
    answers null, or {} for some)."""
    sha = commit.get("sha") if isinstance(commit, dict) else None
    person = commit.get("commit", {}).get(role) if isinstance(commit, dict) else None
    name = person.get("name") if isinstance(person, dict) else None
    email = person.get("email") if isinstance(person, dict) else None
    who = f"{name or '?'} <{email or '?'}>" if isinstance(person, dict) else "unknown"
    return (f"commit {one_line(sha[:7] if isinstance(sha, str) else '?', limit=7)}'s {role} "
            f"({one_line(who, limit=80)})")


def fetch_reviews(client: Client, number: int) -> list[Review]:
    where = f"reviews of #{number}"
    reviews = []
    for raw in client.get_all(client.repo_path(f"pulls/{number}/reviews")):
        login = _login(raw, "user")
        if login is None:  # a deleted account's review approves nothing
            continue
        state = _field(raw, "state", where=where)
        if state == "PENDING":  # not submitted: no commit_id or submitted_at yet
            continue
        reviews.append(Review(
            login=login, state=state, id=_field(raw, "id", kind=int, where=where),
            # null when the reviewed commit was force-pushed away: it approves nothing now.
            commit_id=raw["commit_id"] if isinstance(raw.get("commit_id"), str) else "",
            submitted_at=_field(raw, "submitted_at", where=where),
        ))
    return reviews


class Timeline(NamedTuple):
    dismissals: list[Dismissal]
    labels: list[LabelEvent]


def fetch_timeline(client: Client, number: int) -> Timeline:
    """Who dismissed which review, and who put labels on or took them off, from the pull
    request's timeline (a pull request is an issue): the reviews list only says a review was
    dismissed, and the pull request only which labels it has now."""
    where = f"the timeline of #{number}"
    found = Timeline([], [])
    for raw in client.get_all(client.repo_path(f"issues/{number}/timeline")):
        kind = raw.get("event") if isinstance(raw, dict) else None
        if kind == "review_dismissed":
            found.dismissals.append(Dismissal(
                review_id=_field(raw, "dismissed_review", "review_id", kind=int, where=where),
                # A deleted account ("ghost") is nobody's own dismissal.
                actor=_login(raw, "actor") or "",
                state=_field(raw, "dismissed_review", "state", where=where),
            ))
        elif kind in ("labeled", "unlabeled"):
            found.labels.append(LabelEvent(
                name=_field(raw, "label", "name", where=where), actor=_login(raw, "actor") or "",
                added=kind == "labeled", at=_field(raw, "created_at", where=where)))
    return found


def merged_pull_of(client: Client, sha: str) -> int | None:
    """The merged pull request that brought commit sha to the default branch, if any."""
    where = f"pull requests of commit {sha[:7]}"
    merged = [raw for raw in client.get_all(client.repo_path(f"commits/{sha}/pulls"))
              if isinstance(raw, dict) and raw.get("merged_at")]
    # A rebase merge lands several commits of one pull request: the exact merge commit first.
    merged.sort(key=lambda raw: raw.get("merge_commit_sha") != sha)
    return int(_field(merged[0], "number", kind=int, where=where)) if merged else None
