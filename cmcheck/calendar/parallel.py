"""Run a piece of the build in a forked process, when that is safe and useful.

A fork shares the loaded changes with the child for free (no pickling of 10,000 models), so it
is used where it exists, the process has a single thread (forking a threaded process can
deadlock) and there is more than one core; otherwise the work runs here, when it is finished.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from typing import NamedTuple


class Job(NamedTuple):
    pid: int  # 0: not forked, run by finish
    pipe: int
    work: Callable[[], list[str]]


def start(work: Callable[[], list[str]]) -> Job:
    """Begin work in a child process; its list of strings comes back through a pipe."""
    if not hasattr(os, "fork") or threading.active_count() > 1 or (os.cpu_count() or 1) < 2:
        return Job(0, -1, work)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running the parent's exit handlers
        os.close(read)
        status = 0
        message: dict[str, object]
        try:
            message = {"done": work()}
        except BaseException as error:  # any failure at all goes back to the parent
            message, status = {"error": f"{type(error).__name__}: {error}"}, 1
        with os.fdopen(write, "w", encoding="utf-8") as pipe:
            json.dump(message, pipe)
        os._exit(status)
    os.close(write)
    return Job(pid, read, work)


def finish(job: Job) -> list[str]:
    """The work's result; a failure in the child is raised here as an OSError."""
    if job.pid == 0:
        return job.work()
    with os.fdopen(job.pipe, encoding="utf-8") as pipe:
        text = pipe.read()  # before waiting: a full pipe would keep the child from exiting
    _, status = os.waitpid(job.pid, 0)
    try:
        message = json.loads(text)
    except ValueError:
        message = {}
    done = message.get("done")
    if isinstance(done, list) and os.waitstatus_to_exitcode(status) == 0:
        return [str(path) for path in done]
    raise OSError(f"a calendar writer process failed: {message.get('error', f'status {status}')}")
