"""Git commands run side by side: GitPython runs one command at a time and waits for each, so
two scans (of history, of the tree) cost their sum; started here, on two cores they cost the
longer of the two.
"""

from __future__ import annotations

import contextlib
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

    def __init__(self, repo: git.Repo, *args: str, given: bytes | None = None) -> None:
        """Start git with args; given, when set, is its standard input (git reads it first)."""
        self._command = [os.fspath(repo.git.GIT_PYTHON_GIT_EXECUTABLE or "git"), *args]
        reading, writing = os.pipe() if given is not None else (subprocess.DEVNULL, -1)
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                self._command, cwd=repo.working_dir, stdin=reading, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, env={**os.environ, "LANGUAGE": "C", "LC_ALL": "C"})
        except BaseException:
            if given is not None:
                os.close(writing)
            raise
        finally:
            if given is not None:
                os.close(reading)
        self.pid = self._process.pid
        self._answer = ""
        self._failed: tuple[str | int, bytes] | None = None  # git's exit status and stderr
        if given is not None:
            # git stopped before reading it (a bad argument): output() says why.
            with contextlib.suppress(BrokenPipeError), open(writing, "wb") as pipe:
                pipe.write(given)

    def output(self) -> str:
        """The command's output, once it has finished (the first call waits for it)."""
        if self._process is not None:
            process, self._process = self._process, None
            out, err = process.communicate()
            if process.returncode:
                self._failed = process.returncode, err
            else:
                self._answer = os.fsdecode(out.removesuffix(b"\n"))
        if self._failed is not None:
            raise git.GitCommandError(self._command, *self._failed)
        return self._answer

    def close(self) -> None:
        """Stop the command if its answer is no longer wanted; reap it either way."""
        if self._process is not None:
            process, self._process = self._process, None
            if process.poll() is None:
                process.kill()
            process.communicate()
            self._failed = "stopped before it was read", b""

    def __enter__(self) -> Started:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
