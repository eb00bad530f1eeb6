"""Everything cmcheck asks of git, as a handful of flat functions.

The rest of the code never runs git itself. Paths are POSIX and relative to the repository root.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import NamedTuple

import git

from cmcheck.core.git.started import Started

CHANGES = "changes"


def folder_problem(root: Path) -> str | None:
    """Why the work tree's changes/ is not a real folder, or None (a missing one is no change yet).

    A file or a symbolic link there would make every change request vanish at once: notices
    would see no cancellations and the calendar an empty district.
    """
    try:
        mode = os.lstat(root / CHANGES).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return f"{CHANGES} is a symbolic link; it must be a folder of change requests"
    if not stat.S_ISDIR(mode):
        return f"{CHANGES} is a file; it must be a folder of change requests"
    return None


def tree_problem(repo: git.Repo, ref: str) -> str | None:
    """The same for a commit: changes/ there is a tree, or absent."""
    try:
        entry = repo.commit(ref).tree / CHANGES
    except KeyError:
        return None
    if isinstance(entry, git.Tree):
        return None
    kind = "a symbolic link" if entry.mode == 0o120000 else "a file"
    return f"{CHANGES} is {kind} in {ref}; it must be a folder of change requests"


def change_id(path: str) -> str:
    """A change's id is its file's stem (PurePosixPath(path).stem, at string speed)."""
    name = path.rpartition("/")[2]
    stem, _, suffix = name.rpartition(".")
    return stem if stem and suffix else name


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
    found = common_commit(repo, ref)
    if found is None:
        raise ValueError(f"{ref!r} and HEAD share no history (fetch the base branch with "
                         "full history)")
    return found


def common_commit(repo: git.Repo, ref: str) -> str | None:
    """The merge base of ref and HEAD, or None when they share no history."""
    try:
        return str(repo.git.merge_base(ref, "HEAD")).strip()
    except git.GitCommandError:
        return None


def nul_separated(output: str) -> list[str]:
    """The paths of a `-z` listing."""
    return [line for line in output.split("\0") if line]


class Differences(NamedTuple):
    changed: list[str]  # added, modified or untracked in the working tree
    deleted: list[str]  # in commit, gone from the working tree
    untracked: list[str]  # of changed, those git does not track (nor ignore)
    commit: str  # what the working tree was compared with


def untracked_files(repo: git.Repo) -> Started:
    """Start the listing of the untracked files that differences reads: a walk of every
    folder (12 ms on 10,000 changes) that needs no commit, so a pull request's check starts it
    before it reads the base's policy."""
    return Started(repo, "ls-files", "--others", "--exclude-standard", "-z")


def status_since(repo: git.Repo, commit: str) -> Started:
    """Start the diff that differences(repo, commit) reads: a look at every tracked file (20 ms
    on 10,000 changes)."""
    return Started(repo, "diff", "--name-status", "--no-renames", "-z", commit)


def differences(repo: git.Repo, commit: str, *, untracked: Started | None = None,
                status: Started | None = None) -> Differences:
    """How the working tree differs from commit, whole tree, in two git processes run side by
    side (untracked and status: the untracked_files(repo) and status_since(repo, commit) begun
    earlier): a pull request check asks this once, and reads the other answers it needs about
    the working tree from it (differing_in, untracked_in) rather than scan the index again."""
    with untracked or untracked_files(repo) as others, \
            status or status_since(repo, commit) as diff:
        paths = nul_separated(diff.output())
        fresh = nul_separated(others.output())
    changed = {path for flag, path in zip(paths[::2], paths[1::2], strict=True)
               if flag != "D"}
    deleted = {path for flag, path in zip(paths[::2], paths[1::2], strict=True)
               if flag == "D"}
    return Differences(sorted(changed.union(fresh)), sorted(deleted), sorted(fresh), commit)


def differing(repo: git.Repo, commit: str, under: str = CHANGES) -> list[str]:
    """Tracked files under `under` that differ between commit and the working tree, or exist on
    one side only: one scan of the index, no file read."""
    return nul_separated(repo.git.diff("--name-only", "--no-renames", "-z", commit, "--", under))


def differing_in(known: Differences, commit: str, under: str = CHANGES) -> list[str] | None:
    """differing(repo, commit, under), read from known when it compares that commit (None
    when not): the paths of its diff, that is what changed minus the untracked, and the
    deleted (a path deleted from the index but kept in the working tree is both)."""
    if known.commit != commit:
        return None
    fresh = set(known.untracked)
    return sorted(p for p in {*(p for p in known.changed if p not in fresh), *known.deleted}
                  if _inside(p, under))


def untracked_in(known: Differences, under: str = CHANGES) -> set[str]:
    """untracked(repo, under), read from known."""
    return {p for p in known.untracked if _inside(p, under)}


def _inside(path: str, under: str) -> bool:
    """Whether the pathspec `under` names path (itself, or a folder holding it)."""
    return path == under or path.startswith(f"{under}/")


def _under(paths: list[str], under: str | None) -> list[str]:
    return [p for p in paths if under is None or p.startswith(f"{under}/")]


def changed_since(repo: git.Repo, commit: str, under: str | None = CHANGES) -> list[str]:
    """Files (under `under`, or anywhere with None) that differ between commit and the working
    tree, untracked included; deleted files are left out (see deleted_since)."""
    return _under(differences(repo, commit).changed, under)


def deleted_since(repo: git.Repo, commit: str, under: str | None = CHANGES) -> list[str]:
    """Files of commit (under `under`, or anywhere with None) gone from the working tree."""
    return _under(differences(repo, commit).deleted, under)


def id_specs(stems: list[str], under: str = CHANGES) -> list[str]:
    """Pathspecs for the files of these ids in any folder under `under`."""
    return [f":(glob){under}/**/{stem}{suffix}" for stem in stems for suffix in (".yaml", ".yml")]


def files_named(repo: git.Repo, stems: list[str], under: str = CHANGES) -> list[str]:
    """Tracked and untracked (not ignored) files under `under`, in any folder, whose name is
    <stem>.yaml or <stem>.yml for one of stems."""
    if not stems:
        return []
    return sorted(set(nul_separated(repo.git.ls_files("-z", "--cached", "--others",
                                               "--exclude-standard", "--",
                                               *id_specs(stems, under)))))


EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def named_at(repo: git.Repo, ref: str, stems: list[str], under: str = CHANGES) -> list[str]:
    """Files of commit ref under `under`, in any folder, named <stem>.yaml or .yml: a change's
    file on the base branch, wherever it was moved since (ls-tree takes no globs; a diff
    against the empty tree does, and walks only the matching paths)."""
    if not stems:
        return []
    return nul_separated(repo.git.diff("--name-only", "--no-renames", "-z", EMPTY_TREE, ref, "--",
                                *id_specs(stems, under)))


def blob_of(raw: bytes) -> str:
    """The id git gives these bytes as a blob, without asking git."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


def untracked(repo: git.Repo, under: str = CHANGES) -> set[str]:
    return set(nul_separated(repo.git.ls_files("--others", "--exclude-standard", "-z", "--",
                                               under)))


def tracked_at(repo: git.Repo, ref: str, under: str = CHANGES) -> list[str]:
    return nul_separated(repo.git.ls_tree("-r", "--name-only", "-z", ref, "--", under))


def blob(repo: git.Repo, sha: str) -> bytes:
    """A blob's bytes, through GitPython's long-running cat-file process."""
    data: bytes = repo.odb.stream(bytes.fromhex(sha)).read()
    return data


class Entry(NamedTuple):
    """A path's entry in a commit's tree, without its content: what it is and how big."""

    kind: str  # "file", "symbolic link", "folder" or "submodule"
    size: int


def entry_at(repo: git.Repo, ref: str, path: str) -> Entry | None:
    """What path is in ref (None when absent), read before its bytes: `git show` would print a
    link's target as if it were the file, and read a huge blob whole before anyone measured it.

    One `git ls-tree` call rather than GitPython's tree objects, whose long-lived cat-file
    process would outlive a run that never closes its repository.
    """
    try:
        output = str(repo.git.ls_tree("-l", "-z", ref, "--", path))
    except git.GitCommandError:
        return None
    for line in nul_separated(output):
        info, _, name = line.partition("\t")
        if name != path:
            continue
        mode, kind, _sha, size = info.split()
        if kind == "tree":
            return Entry("folder", 0)
        if kind != "blob":
            return Entry("submodule", 0)
        return Entry("symbolic link" if mode == "120000" else "file", int(size))
    return None
