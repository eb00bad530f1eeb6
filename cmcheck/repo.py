"""Everything cmcheck asks of git, as a handful of flat functions.

The rest of the code never runs git itself. Paths are POSIX and relative to the repository root.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import git

CHANGES = "changes"


def change_id(path: str) -> str:
    """A change's id is its file's stem (PurePosixPath(path).stem, at string speed)."""
    name = path.rpartition("/")[2]
    stem, _, suffix = name.rpartition(".")
    return stem if stem and suffix else name


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


def blob_id(repo: git.Repo, ref: str, path: str) -> str | None:
    """The id of path's blob at ref (read through GitPython's long-lived cat-file process)."""
    try:
        return str((repo.commit(ref).tree / path).hexsha)
    except (KeyError, ValueError, git.BadName):
        return None


def resolve(repo: git.Repo, ref: str) -> str:
    try:
        return str(repo.git.rev_parse("--verify", f"{ref}^{{commit}}")).strip()
    except git.GitCommandError:
        raise ValueError(f"unknown git ref {ref!r} (fetch it, or check its name)") from None


def merge_base(repo: git.Repo, ref: str) -> str:
    try:
        return str(repo.git.merge_base(ref, "HEAD")).strip()
    except git.GitCommandError:
        raise ValueError(f"{ref!r} and HEAD share no history (fetch the base branch with "
                         "full history)") from None


def _lines(output: str) -> list[str]:
    return [line for line in output.split("\0") if line]


class Differences(NamedTuple):
    changed: list[str]  # added, modified or untracked in the working tree
    deleted: list[str]  # in commit, gone from the working tree


def differences(repo: git.Repo, commit: str) -> Differences:
    """How the working tree differs from commit, whole tree, in two git processes: a pull
    request check asks this once, so its cost stays near one scan of the index."""
    status = _lines(repo.git.diff("--name-status", "--no-renames", "-z", commit))
    changed = {path for flag, path in zip(status[::2], status[1::2], strict=True)
               if flag != "D"}
    deleted = {path for flag, path in zip(status[::2], status[1::2], strict=True)
               if flag == "D"}
    changed.update(_lines(repo.git.ls_files("--others", "--exclude-standard", "-z")))
    return Differences(sorted(changed), sorted(deleted))


def _under(paths: list[str], under: str | None) -> list[str]:
    return [p for p in paths if under is None or p.startswith(f"{under}/")]


def changed_since(repo: git.Repo, commit: str, under: str | None = CHANGES) -> list[str]:
    """Files (under `under`, or anywhere with None) that differ between commit and the working
    tree, untracked included; deleted files are left out (see deleted_since)."""
    return _under(differences(repo, commit).changed, under)


def deleted_since(repo: git.Repo, commit: str, under: str | None = CHANGES) -> list[str]:
    """Files of commit (under `under`, or anywhere with None) gone from the working tree."""
    return _under(differences(repo, commit).deleted, under)


def files_named(repo: git.Repo, stems: list[str], under: str = CHANGES) -> list[str]:
    """Tracked and untracked (not ignored) files under `under`, in any folder, whose name is
    <stem>.yaml or <stem>.yml for one of stems."""
    if not stems:
        return []
    specs = [f":(glob){under}/**/{stem}{suffix}" for stem in stems
             for suffix in (".yaml", ".yml")]
    return sorted(set(_lines(repo.git.ls_files("-z", "--cached", "--others",
                                               "--exclude-standard", "--", *specs))))


def untracked(repo: git.Repo, under: str = CHANGES) -> set[str]:
    return set(_lines(repo.git.ls_files("--others", "--exclude-standard", "-z", "--", under)))


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


def grep(repo: git.Repo, words: list[str], *, under: str = CHANGES,
         paths: list[str] | None = None, ignore_case: bool = True) -> list[str]:
    """Files under `under` (or among paths) in the work tree, untracked too, that mention any
    word, ignoring case."""
    if not words or paths == []:
        return []
    # Patterns go through a file: a change may name thousands of systems, more than fit on a
    # command line.
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".patterns") as patterns:
        patterns.write("".join(f"{word}\n" for word in words if "\n" not in word))
        patterns.flush()
        try:
            output = repo.git.grep("-l", "-z", *(["-i"] if ignore_case else []), "-F",
                                   "--untracked", "-f", patterns.name,
                                   "--", *(paths if paths is not None else [under]))
        except git.GitCommandError:  # git grep exits 1 when nothing matches
            return []
    return _lines(output)


def tracked_at(repo: git.Repo, ref: str, under: str = CHANGES) -> list[str]:
    return _lines(repo.git.ls_tree("-r", "--name-only", "-z", ref, "--", under))


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


def blob(repo: git.Repo, sha: str) -> bytes:
    """A blob's bytes, through GitPython's long-running cat-file process."""
    data: bytes = repo.odb.stream(bytes.fromhex(sha)).read()
    return data
