"""git grep: which change files mention a word, in the work tree or at a commit, started as a
process of its own so that a pull request's check runs the rest of its work beside it.
"""

from __future__ import annotations

import os
import stat

import git

from cmcheck.core.git.repo import CHANGES, nul_separated
from cmcheck.core.git.started import Started


class Search:
    """A git grep running beside the caller's work, answered by paths(); grep() waits for it.

    Files under `under` (or among paths) in the work tree, untracked too, that mention any
    word, ignoring case (or not); with `at`, the files of that commit instead. A word holding
    a line break cannot match a line, and is not looked for.
    """

    def __init__(self, repo: git.Repo, words: list[str], *, under: str = CHANGES,
                 paths: list[str] | None = None, ignore_case: bool = True,
                 at: str | None = None) -> None:
        words = [word for word in words if "\n" not in word]
        self._at = at
        # Patterns go through standard input: a change may name thousands of systems, more
        # than fit on a command line. One thread: handing each file to a worker costs more
        # than grepping a change file (for 10,000 files, 1.4 times the CPU of one thread), and
        # the other core has the rest of the check to run meanwhile.
        self._started = None if not words or paths == [] else Started(
            repo, "grep", "--threads=1", "-l", "-z", *(["-i"] if ignore_case else []), "-F",
            *([] if at else ["--untracked"]), "-f", "-", *([at] if at else []),
            "--", *(paths if paths is not None else [under]),
            given="".join(f"{word}\n" for word in words).encode())

    def paths(self) -> list[str]:
        if self._started is None:
            return []
        try:
            output = self._started.output()
        except git.GitCommandError:  # git grep exits 1 when nothing matches
            return []
        # At a commit, git names each file "<commit>:<path>".
        at = self._at
        return [line.removeprefix(f"{at}:") for line in nul_separated(output)] if at \
            else nul_separated(output)

    def close(self) -> None:
        if self._started is not None:
            self._started.close()

    def __enter__(self) -> Search:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def grep(repo: git.Repo, words: list[str], *, under: str = CHANGES,
         paths: list[str] | None = None, ignore_case: bool = True,
         at: str | None = None) -> list[str]:
    """The paths of a Search, waited for; a few files of the work tree are searched here."""
    if at is None and paths is not None and len(paths) <= AMONG_AT:
        found = among(repo.working_dir, words, paths, ignore_case=ignore_case)
        if found is not None:
            return found
    with Search(repo, words, under=under, paths=paths, ignore_case=ignore_case,
                at=at) as search:
        return search.paths()


# A pull request's check narrows the one scan's few hits four or five times: a git process for
# each read the 1.1 MB index of 10,000 changes (6 ms each, 30 ms in a row on the bench
# repository, against 1.5 ms with 10 changes), where reading those files here takes 1 ms.
AMONG_AT = 200


def among(root: str | os.PathLike[str], words: list[str], paths: list[str], *,
          ignore_case: bool = True) -> list[str] | None:
    """What `git grep -l -F [-i] --untracked -- paths` says of paths that a search of this work
    tree found, without starting git; None when git must decide (a path that is not a plain
    file, or that git would read as a pattern).

    A word without a line break is in one of a file's lines exactly when it is in the file;
    under LC_ALL=C git's -i folds ASCII letters only, as bytes.lower() does; and git walks the
    folders, so it names the files in sorted order.
    """
    wanted = [word.encode() for word in words if "\n" not in word]
    if ignore_case:
        wanted = [word.lower() for word in wanted]
    found = []
    for path in sorted(set(paths)):
        if path.startswith(":") or any(magic in path for magic in "*?[\\"):
            return None
        try:
            with open(os.path.join(root, path), "rb", opener=_plain_file) as handle:
                text = handle.read()
        except OSError:
            return None
        if ignore_case:
            text = text.lower()
        if any(word in text for word in wanted):
            found.append(path)
    return found


def _plain_file(path: str, flags: int) -> int:
    """Open path only if it is a regular file: a link or a folder is git's to judge."""
    handle = os.open(path, flags | os.O_NOFOLLOW)
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise IsADirectoryError(path)
    return handle


class EveryFile:
    """A Search of every file under `under` in the work tree, in two git processes side by
    side, each given half of its folders (the second also the files beside them): git grep's
    own threads hand it every file one by one, which costs more than they save (see Search).
    On the 10,000 files of the bench repository, with both cores free: 81 ms of wall time
    (142 of CPU) against 118 (117) for one single-threaded grep and 95 (165) for git's two
    threads; with one core taken by other work, the halves cost one grep's time and 10 ms
    more. The two halves name every file once: the folders as they are, literally, and
    `under/*` the files (and links) directly in it."""

    def __init__(self, repo: git.Repo, words: list[str], *, under: str = CHANGES) -> None:
        self._searches = [Search(repo, words, paths=half)
                          for half in halves(os.path.join(repo.working_dir, under), under)]

    def paths(self) -> list[str]:
        return [path for search in self._searches for path in search.paths()]

    def close(self) -> None:
        for search in self._searches:
            search.close()

    def __enter__(self) -> EveryFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def halves(folder: str, under: str) -> list[list[str]]:
    """Pathspecs that split the files under `under` (the folder `folder`) in two, or one that
    names them all when it holds fewer than two folders."""
    try:
        inside = sorted(entry.name for entry in os.scandir(folder)
                        if entry.is_dir(follow_symlinks=False))
    except OSError:  # no such folder, or not a folder: git says what it finds
        inside = []
    if len(inside) < 2:
        return [[under]]
    named = [f":(literal){under}/{name}" for name in inside]
    half = len(named) // 2
    return [named[:half], [*named[half:], f":(glob){under}/*"]]
