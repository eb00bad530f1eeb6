"""Run a piece of the build in a forked process, when that is safe and useful.

A fork shares the loaded changes with the child for free (no pickling of 10,000 models), so it
is used where that is safe and useful (core.reading.forkable: one thread, more than one core);
otherwise the work runs here, when it is finished.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable, Iterator
from typing import NamedTuple

from cmcheck.core.reading import forkable

# One byte a ticket (tickets below): a byte cannot be split between two readers.
TICKETS = 256


class Job(NamedTuple):
    pid: int  # 0: not forked, run by finish
    pipe: int
    work: Callable[[], list[str]]


def start(work: Callable[[], list[str]]) -> Job:
    """Begin work in a child process; its list of strings comes back through a pipe."""
    if not forkable():
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


def stop(job: Job) -> None:
    """End a forked job early (the parent failed: nobody will read its files)."""
    if job.pid != 0:
        os.close(job.pipe)
        os.kill(job.pid, signal.SIGKILL)
        os.waitpid(job.pid, 0)


class Tickets:
    """The numbers 0 to count - 1, each drawn by exactly one of the processes that share this:
    the parts of a build go to whichever process is free, so that two processes with unequal
    shares of other work still finish together.

    They wait in a pipe, one byte each, written before any process draws (a new pipe holds far
    more than 256 bytes) and with the writing end closed: a read of one byte gets a ticket no
    other reader gets, and the end of the pipe means none are left."""

    def __init__(self, count: int) -> None:
        if not 0 <= count <= TICKETS:
            raise ValueError(f"{count} tickets: at most {TICKETS}")
        self.pipe, write = os.pipe()
        os.write(write, bytes(range(count)))
        os.close(write)

    def __iter__(self) -> Iterator[int]:
        while ticket := os.read(self.pipe, 1):
            yield ticket[0]

    def close(self) -> None:
        os.close(self.pipe)


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
