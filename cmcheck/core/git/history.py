"""What git history tells about change requests: when each was first committed, which
commits landed on main, and every add, edit and deletion, each read in one pass over the log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import git

from cmcheck.core.git.repo import (
    CHANGES,
    change_id,
    has_commits,
    id_specs,
    open_repo,
    untracked_files,
)
from cmcheck.core.git.started import Started


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


def file_events(repo: git.Repo, under: str = CHANGES, *, ref: str = "HEAD",
                paths: list[str] | None = None, first_parent: bool = False) -> list[FileEvent]:
    """Every add, modification and deletion under `under` (or of `paths`, pathspecs) in ref's
    history, newest first, in one pass (the calendar's history of 10,000 changes must not cost
    a git call per file).

    A merge commit shows its diff against its first parent: what the merge brought to main.
    Every field is NUL-separated, and a commit's header has a fixed number of fields: git
    refuses NUL in messages, names and paths, so no byte of a commit message can shift a field.
    """
    if not has_commits(repo):
        return []
    output = repo.git.log(*(["--first-parent"] if first_parent else []),
                          "-z", "--raw", "--no-renames", "--no-abbrev",
                          "--diff-merges=first-parent", "--format=%H%x00%P%x00%ct%x00%s",
                          ref, "--", *(paths if paths is not None else [under]))
    tokens = output.split("\0")
    found: list[FileEvent] = []
    at = 0
    while at + 3 < len(tokens):
        commit, parents, stamp, subject = tokens[at:at + 4]
        commit = commit.lstrip("\n")
        at += 4
        when = datetime.fromtimestamp(int(stamp), UTC)
        merge = len(parents.split()) > 1
        while at + 1 < len(tokens) and tokens[at].lstrip("\n").startswith(":"):
            meta = tokens[at].lstrip("\n")[1:].split()
            path = tokens[at + 1]
            at += 2
            if len(meta) >= 5:
                found.append(FileEvent(commit, merge, when, subject, meta[4][:1], path,
                                       meta[2], meta[3]))
    return found




class Retired(NamedTuple):
    """A change id removed from a branch: by which commit, when, and what it said then."""

    commit: str
    when: datetime
    blob: str


class IdRecord(NamedTuple):
    retired: Retired | None  # removed and not back at the end of the branch
    reused: Retired | None   # came back with other content after it was removed


def deletions(repo: git.Repo, ref: str, under: str = CHANGES) -> Started:
    """Start the log that deleted_ids reads: it walks the whole of ref's line (55 ms of a
    pull request's check on a 200-commit, 10,000-change repository), so a pull request's check
    starts it as soon as it knows its base and reads it last, with the tree's scans between."""
    return Started(repo, "log", "--first-parent", "--diff-merges=first-parent",
                   "--diff-filter=D", "--no-renames", "--name-only", "-z", "--format=", ref,
                   "--", under)


class HeadStart(NamedTuple):
    """A pull request's scans that need only its base, started by the command line before it
    imports the rest of the check: the models, the rules and pydantic take 0.2 s of one core,
    and these git commands (60 ms of CPU on 10,000 changes) run on the other core meanwhile
    instead of beside the scan of every file later (engine.run uses them)."""

    base: str
    deletions: Started
    untracked: Started

    def close(self) -> None:
        """Stop whatever nobody read (a run that failed first); reading them closes them."""
        self.deletions.close()
        self.untracked.close()


def head_start(root: Path, base: str) -> HeadStart | None:
    """The scans of a pull request on base begun, when root is a repository's top folder."""
    repo = open_repo(root)
    if repo is None:
        return None
    return HeadStart(base, deletions(repo, base), untracked_files(repo))


def deleted_ids(repo: git.Repo, ref: str, under: str = CHANGES, *,
                started: Started | None = None) -> set[str]:
    """Ids of files ever deleted on ref's own line (first parents: what main saw), cheaply:
    a branch where nothing was deleted costs one git log with no output. With started (the
    deletions(repo, ref, under) begun earlier), its answer."""
    if not has_commits(repo):
        return set()
    with started or deletions(repo, ref, under) as log:
        output = log.output()
    return {change_id(path) for path in output.split("\0") if path.strip("\n")}


def id_records(repo: git.Repo, ref: str, stems: list[str],
               under: str = CHANGES) -> dict[str, IdRecord]:
    """How each id lived on ref's own line: an id moved between folders in one commit stays
    one change; one removed is retired; one added again with other content is reused."""
    if not stems:
        return {}
    events = file_events(repo, under, ref=ref, paths=id_specs(stems, under), first_parent=True)
    by_commit: dict[str, list[FileEvent]] = {}
    for event in reversed(events):  # oldest first
        by_commit.setdefault(event.commit, []).append(event)
    present: dict[str, set[str]] = {}
    retired: dict[str, Retired] = {}
    reused: dict[str, Retired] = {}
    for changes in by_commit.values():
        for stem in {change_id(e.path) for e in changes}:
            mine = [e for e in changes if change_id(e.path) == stem]
            paths = present.setdefault(stem, set())
            was = bool(paths)
            paths.difference_update(e.path for e in mine if e.status == "D")
            added = [e for e in mine if e.status == "A"]
            paths.update(e.path for e in added)
            if was and not paths:
                gone = [e for e in mine if e.status == "D"]
                retired[stem] = Retired(gone[0].commit, gone[0].when, gone[0].old_blob)
            elif not was and paths and stem in retired:
                if any(e.new_blob != retired[stem].blob for e in added):
                    reused[stem] = retired[stem]
                del retired[stem]
    return {stem: IdRecord(retired.get(stem), reused.get(stem))
            for stem in stems if stem in retired or stem in reused}
