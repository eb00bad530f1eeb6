"""Git commands run side by side: GitPython runs one command at a time and waits for each, so
two scans (of history, of the tree) cost their sum; started here, on two cores they cost the
longer of the two.
"""

from __future__ import annotations

import os
import subprocess

import git


class Started:
    """A git command running beside the caller's own work (subprocess.Popen), started as
    GitPython starts git (its executable, in the repository's root, LC_ALL=C) and answered as
    GitPython answers: the output as text without its last newline, or GitCommandError.

    Use it as a context manager: a run that stops early, or never needs the answer, stops the
    command and reaps it.
    """

    def __init__(self, repo: git.Repo, *args: str) -> None:
        self._command = [os.fspath(repo.git.GIT_PYTHON_GIT_EXECUTABLE or "git"), *args]
        self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
            self._command, cwd=repo.working_dir, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "LANGUAGE": "C", "LC_ALL": "C"})
        self._answer: str | git.GitCommandError = ""

    def output(self) -> str:
        """The command's output, once it has finished (the first call waits for it)."""
        if self._process is not None:
            process, self._process = self._process, None
            out, err = process.communicate()
            if process.returncode:
                self._answer = git.GitCommandError(self._command, process.returncode, err)
            else:
                self._answer = os.fsdecode(out.removesuffix(b"\n"))
        if isinstance(self._answer, git.GitCommandError):
            raise self._answer
        return self._answer

    def close(self) -> None:
        """Stop the command if its answer is no longer wanted; reap it either way."""
        if self._process is not None:
            process, self._process = self._process, None
            if process.poll() is None:
                process.kill()
            process.communicate()
            self._answer = git.GitCommandError(self._command, "stopped before it was read")

    def __enter__(self) -> Started:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
