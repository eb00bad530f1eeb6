"""Everything cmcheck asks of git, as a handful of flat functions.

The rest of the code never runs git itself. Paths are POSIX and relative to the repository root.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import git

CHANGES = "changes"


class ShallowClone(Exception):
    """The clock needs history that a shallow clone does not have."""


def open_repo(root: Path) -> git.Repo | None:
    try:
        return git.Repo(root, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def has_commits(repo: git.Repo) -> bool:
    try:
        repo.git.rev_parse("--verify", "--quiet", "HEAD")
    except git.GitCommandError:
        return False
    return True


def require_history(repo: git.Repo) -> None:
    if repo.git.rev_parse("--is-shallow-repository").strip() == "true":
        raise ShallowClone(
            "this is a shallow clone, so every file looks as if the last commit added it and "
            "the notice period cannot be measured; check out full history "
            "(actions/checkout with fetch-depth: 0, or git fetch --unshallow)")


def show(repo: git.Repo, ref: str, path: str) -> bytes | None:
    """The file's bytes at ref, or None when it does not exist there."""
    try:
        data: bytes = repo.git.show(f"{ref}:{path}", stdout_as_string=False)
    except git.GitCommandError:
        return None
    return data


def resolve(repo: git.Repo, ref: str) -> str:
    try:
        return str(repo.git.rev_parse("--verify", f"{ref}^{{commit}}")).strip()
    except git.GitCommandError:
        raise ValueError(f"unknown git ref {ref!r} (fetch it, or check its name)") from None


def merge_base(repo: git.Repo, ref: str) -> str:
    return str(repo.git.merge_base(resolve(repo, ref), "HEAD")).strip()


def _lines(output: str) -> list[str]:
    return [line for line in output.split("\0") if line]


def changed_since(repo: git.Repo, commit: str, under: str = CHANGES) -> list[str]:
    """Files under `under` that differ between commit and the working tree, untracked included."""
    changed = _lines(repo.git.diff("--name-only", "--no-renames", "-z", "--diff-filter=d",
                                   commit, "--", under))
    untracked = _lines(repo.git.ls_files("--others", "--exclude-standard", "-z", "--", under))
    return sorted(set(changed) | set(untracked))


def untracked(repo: git.Repo, under: str = CHANGES) -> set[str]:
    return set(_lines(repo.git.ls_files("--others", "--exclude-standard", "-z", "--", under)))


def first_commits(repo: git.Repo, *, since: str | None = None, added_only: bool,
                  under: str = CHANGES) -> dict[str, datetime]:
    """Committer date of the earliest commit that added (or, with added_only off, touched) each
    path under `under`, in one pass over history (since..HEAD when since is given)."""
    if not has_commits(repo):
        return {}
    args = ["--format=%x00%ct", "--name-only", "--no-renames", "-z"]
    if added_only:
        args.append("--diff-filter=A")
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


def grep(repo: git.Repo, words: list[str], under: str = CHANGES) -> list[str]:
    """Files under `under` (working tree, untracked too) that mention any word, ignoring case."""
    if not words:
        return []
    patterns = [arg for word in words for arg in ("-e", word)]
    try:
        output = repo.git.grep("-l", "-z", "-i", "-F", "--untracked", *patterns, "--", under)
    except git.GitCommandError:  # git grep exits 1 when nothing matches
        return []
    return _lines(output)


def tracked_at(repo: git.Repo, ref: str, under: str = CHANGES) -> list[str]:
    return _lines(repo.git.ls_tree("-r", "--name-only", "-z", ref, "--", under))


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


def blob(repo: git.Repo, sha: str) -> bytes:
    """A blob's bytes, through GitPython's long-running cat-file process."""
    data: bytes = repo.odb.stream(bytes.fromhex(sha)).read()
    return data
