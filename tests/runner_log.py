"""How the GitHub Actions runner reads a step's output, to test cmcheck's output against.

From actions/runner: ``ActionCommand.TryParseV2`` (``::name props::data`` after leading white
space), ``ActionCommand.TryParse`` (``##[name props]data`` anywhere in a line) and
``ActionCommandManager.TryProcessCommand`` (after ``stop-commands`` with a token, nothing runs
until the line whose command is that token). Lines are cut at LF, CR and CRLF, as .NET's
``StreamReader.ReadLine`` does. Stricter than the runner on purpose: any command name counts,
where the runner runs only registered ones, and Python's ``lstrip`` strips more than .NET's
``TrimStart``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

LINES = re.compile(r"\r\n|\r|\n")
TOKEN = re.compile(r"[0-9a-f]{32}")


class Command(NamedTuple):
    name: str
    data: str


def parse(line: str) -> Command | None:
    text = line.lstrip()
    if text.startswith("::"):
        end = text.find("::", 2)
        if end > 2:
            return Command(text[2:end].split(" ", 1)[0], text[end + 2:])
    start = line.find("##[")
    if start >= 0:
        end = line.find("]", start)
        if end > start + 3:
            return Command(line[start + 3:end].split(" ", 1)[0], line[end + 1:])
    return None


def run(output: str) -> tuple[list[Command], bool]:
    """The commands the runner would run, in order, and whether commands are still stopped at
    the end (which would silence every later step of the job)."""
    ran: list[Command] = []
    token: str | None = None
    for line in LINES.split(output):
        command = parse(line)
        if command is None:
            continue
        if token is not None:
            if command.name.lower() == token.lower():
                ran.append(command)
                token = None
            continue
        ran.append(command)
        if command.name.lower() == "stop-commands":
            token = command.data
    return ran, token is not None


def forged(output: str, untrusted: str) -> list[Command]:
    """Every command the output would run, except the fences cmcheck draws itself: a
    stop-commands with a fresh 128-bit token (not one the untrusted text holds), closed by
    that token."""
    ran, stopped = run(output)
    assert not stopped, "commands left stopped at the end of the output"
    left: list[Command] = []
    index = 0
    while index < len(ran):
        command = ran[index]
        closing = ran[index + 1] if index + 1 < len(ran) else None
        if (command.name == "stop-commands" and TOKEN.fullmatch(command.data)
                and command.data not in untrusted and closing is not None
                and closing.name == command.data):
            index += 2
            continue
        left.append(command)
        index += 1
    return left
