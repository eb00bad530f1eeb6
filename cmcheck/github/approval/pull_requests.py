"""GitHub's pull-request answers turned into the plain data that approval.decide judges.

Each accessor checks the shape it relies on, so that an odd answer is an ApiError naming the
field, never a KeyError.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cmcheck.core.judge.findings import one_line
from cmcheck.github.api import ApiError, Client
from cmcheck.github.approval import trailers
from cmcheck.github.approval.decide import (
    CoAuthor,
    Dismissal,
    PullRequest,
    Review,
    commit_authors,
)
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
    co_authors, untied = _co_authors(commits, where=f"commits of {where}")
    pull = PullRequest(
        number=number,
        author=author,
        head_sha=head_sha,
        labels=tuple(_field(label, "name", where=f"{where} labels") for label in labels),
        commit_authors=commit_authors(logins),
        unlinked=tuple(unlinked),
        co_authors=co_authors,
        untied=untied,
        commits=total,
        listed=len(commits),
    )
    return pull, raw


def _co_authors(commits: list[Any], *,
                where: str) -> tuple[tuple[CoAuthor, ...], tuple[str, ...]]:
    """Each commit's Co-authored-by trailers, tied to an account by a noreply address or by an
    address GitHub ties to an account in this very pull request (its commits' authors and
    committers); the rest are untied, described for the verdict."""
    known: dict[str, set[str]] = {}
    for commit in commits:
        for role in ("author", "committer"):
            login, email = _login(commit, role), _person(commit, role).get("email")
            if login is not None and isinstance(email, str):
                known.setdefault(email.casefold(), set()).add(login.casefold())
    tied: list[CoAuthor] = []
    untied: list[str] = []
    for commit in commits:
        sha = _field(commit, "sha", where=where)
        for person in trailers.co_authors(_field(commit, "commit", "message", where=where)):
            account = trailers.noreply(person.email)
            named = trailers.as_login(person.name)
            logins = {account.login} if account else known.get(person.email.casefold(), set())
            if not logins:
                untied.append(f"commit {one_line(sha[:7], limit=7)}'s co-author "
                              f"({one_line(f'{person.name} <{person.email}>', limit=80)})")
            tied.append(CoAuthor(sha, frozenset(logins | ({named} if named else set())),
                                 frozenset({account.id} if account and account.id else ())))
    return tuple(tied), tuple(untied)


def _person(commit: Any, role: str) -> dict[str, Any]:
    """The git author or committer of a commit (name, email, date), {} when absent."""
    inner = commit.get("commit") if isinstance(commit, dict) else None
    person = inner.get(role) if isinstance(inner, dict) else None
    return person if isinstance(person, dict) else {}


def _unlinked(commit: Any, role: str) -> str:
    """"commit abc1234's author (Name <e-mail>)": a person GitHub ties to no account (it
    answers null, or {} for some)."""
    sha = commit.get("sha") if isinstance(commit, dict) else None
    person = _person(commit, role)
    who = f"{person.get('name') or '?'} <{person.get('email') or '?'}>" if person else "unknown"
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
            user_id=raw["user"]["id"] if isinstance(raw["user"].get("id"), int) else 0,
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
