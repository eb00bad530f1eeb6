"""What git history tells about change requests: when each was first committed, which
commits landed on main, and every add, edit and deletion, each read in one pass over the log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

import git

from cmcheck.core.repo import CHANGES, has_commits


class ShallowClone(Exception):
    """The clock needs history that a shallow clone does not have."""


def require_history(repo: git.Repo) -> None:
    if repo.git.rev_parse("--is-shallow-repository").strip() == "true":
        raise ShallowClone(
            "this is a shallow clone, so every file looks as if the last commit added it and "
            "the notice period cannot be measured; check out full history "
            "(actions/checkout with fetch-depth: 0, or git fetch --unshallow)")


def first_commits(repo: git.Repo, *, since: str | None = None, added_only: bool,
                  matching: str | None = None, under: str = CHANGES) -> dict[str, datetime]:
    """Committer date of the earliest commit that added (or, with added_only off, touched) each
    path under `under`, in one pass over history (since..HEAD when since is given). With
    matching, only commits whose diff adds or removes a line matching that regex (git log -G)."""
    if not has_commits(repo):
        return {}
    args = ["--format=%x00%ct", "--name-only", "--no-renames", "-z"]
    if added_only:
        args.append("--diff-filter=A")
    if matching is not None:
        args.append(f"-G{matching}")
    args.append(f"{since}..HEAD" if since else "HEAD")
    found: dict[str, datetime] = {}
    stamp: datetime | None = None
    # Newest first: the last date seen for a path is its earliest.
    for token in repo.git.log(*args, "--", under).split("\0"):
        token = token.strip("\n")
        if not token:
            continue
        if token.isdigit():  # a path under changes/ always has a slash
            stamp = datetime.fromtimestamp(int(token), UTC)
        elif stamp is not None:
            found[token] = stamp
    return found


def landings(repo: git.Repo, *, ref: str = "HEAD", under: str = CHANGES,
             since: datetime | None = None) -> dict[str, list[str]]:
    """For each path under `under`, the commits of ref's first-parent line (merges of pull
    requests, or direct pushes) that changed it, oldest first; in one pass over history."""
    # A merge shows what it brought to ref: its diff against its first parent.
    args = ["--first-parent", "--diff-merges=first-parent", "--format=%x00%H", "--name-only",
            "--no-renames", "-z"]
    if since is not None:
        args.append(f"--since={since.isoformat()}")
    found: dict[str, list[str]] = {}
    sha: str | None = None
    for token in repo.git.log(*args, ref, "--", under).split("\0"):
        token = token.strip("\n")
        if not token:
            continue
        if "/" not in token and len(token) == 40:  # a path under changes/ always has a slash
            sha = token
        elif sha is not None:
            found.setdefault(token, []).insert(0, sha)
    return found


def first_parent(repo: git.Repo, sha: str) -> str | None:
    parents = repo.commit(sha).parents
    return parents[0].hexsha if parents else None


class FileEvent(NamedTuple):
    """One commit's add (A), modification (M) or deletion (D) of one file."""

    commit: str
    merge: bool
    when: datetime
    subject: str
    status: str
    path: str
    old_blob: str
    new_blob: str


def file_events(repo: git.Repo, under: str = CHANGES) -> list[FileEvent]:
    """Every add, modification and deletion under `under` in HEAD's history, newest first, in
    one pass (the calendar's history of 10,000 changes must not cost a git call per file).

    A merge commit shows its diff against its first parent: what the merge brought to main.
    """
    if not has_commits(repo):
        return []
    output = repo.git.log("-z", "--raw", "--no-renames", "--no-abbrev",
                          "--diff-merges=first-parent",
                          "--format=%x1e%H %P%x1f%ct%x1f%s", "HEAD", "--", under)
    found: list[FileEvent] = []
    for record in output.split("\x1e")[1:]:
        header, _, raw = record.partition("\0")
        ids, stamp, subject = header.split("\x1f", 2)
        commit, *parents = ids.split()
        when = datetime.fromtimestamp(int(stamp), UTC)
        fields = raw.lstrip("\n").split("\0")
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            parts = meta.lstrip(":").split()
            if len(parts) < 5:
                continue
            found.append(FileEvent(commit, len(parents) > 1, when, subject, parts[4][:1], path,
                                   parts[2], parts[3]))
    return found


