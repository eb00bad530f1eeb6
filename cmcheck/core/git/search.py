"""git grep: which change files mention a word, in the work tree or at a commit, started as a
process of its own so that a pull request's check runs the rest of its work beside it.
"""

from __future__ import annotations

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
        # than grepping a change file (150 ms of CPU for 10,000 files instead of 100), and the
        # other core has the rest of the check to run meanwhile.
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
    """The paths of a Search, waited for."""
    with Search(repo, words, under=under, paths=paths, ignore_case=ignore_case,
                at=at) as search:
        return search.paths()
