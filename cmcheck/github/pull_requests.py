"""GitHub's pull-request answers turned into the plain data that approval.decide judges.

Each accessor checks the shape it relies on, so that an odd answer is an ApiError naming the
field, never a KeyError.
"""

from __future__ import annotations

from typing import Any

from cmcheck.github.api import ApiError, Client
from cmcheck.github.approval import PullRequest, Review, commit_authors


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
    commits = client.get_all(client.repo_path(f"pulls/{number}/commits"))
    logins: list[str | None] = []
    for commit in commits:
        logins += [_login(commit, "author"), _login(commit, "committer")]
    pull = PullRequest(
        number=number,
        author=author,
        head_sha=head_sha,
        labels=tuple(_field(label, "name", where=f"{where} labels") for label in labels),
        commit_authors=commit_authors(logins),
    )
    return pull, raw


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
            login=login, state=state,
            # null when the reviewed commit was force-pushed away: it approves nothing now.
            commit_id=raw["commit_id"] if isinstance(raw.get("commit_id"), str) else "",
            submitted_at=_field(raw, "submitted_at", where=where),
        ))
    return reviews


def merged_pull_of(client: Client, sha: str) -> int | None:
    """The merged pull request that brought commit sha to the default branch, if any."""
    where = f"pull requests of commit {sha[:7]}"
    merged = [raw for raw in client.get_all(client.repo_path(f"commits/{sha}/pulls"))
              if isinstance(raw, dict) and raw.get("merged_at")]
    # A rebase merge lands several commits of one pull request: the exact merge commit first.
    merged.sort(key=lambda raw: raw.get("merge_commit_sha") != sha)
    return int(_field(merged[0], "number", kind=int, where=where)) if merged else None
