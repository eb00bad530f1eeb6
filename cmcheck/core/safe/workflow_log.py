"""Untrusted text in a GitHub Actions log, kept from becoming a workflow command.

The runner reads every line a step prints, stdout and stderr alike, cut at LF, CR or CRLF, and
runs it as a command when, after leading white space, it starts with ``::name ...::``, or when
it holds ``##[name ...]`` anywhere (the old syntax, still accepted): a change whose summary has
a line ``::error file=x::forged`` would annotate the pull request, ``::add-mask::`` would hide
text, ``::stop-commands::`` would mute the real annotations. Three tools, one per kind of output:

- ``fence``, for a block on stdout: ``::stop-commands::<token>`` before it and ``::<token>::``
  after. Between them the runner runs no command but the one that ends the fence; the token is
  128 random bits drawn after the text is fixed, so the text cannot end the fence early. The
  text itself is shown exactly as it is (a preview must show the notice as it will be sent).
- ``inert``, for stderr: every line that could parse as a command gets a backslash before its
  ``::`` or its ``[``. Fences cannot be used there: the runner reads stdout and stderr through
  two pipes at once, so a stderr line may be read before or after a stdout fence opens, and two
  fences in two streams can interleave (the second ``stop-commands`` is swallowed by the first,
  and the first's end lets the second's text run). A line made inert on its own holds whatever
  the order.
- ``inert_json``, for JSON and SARIF: JSON keeps every line break inside a string escaped, so
  only ``##[`` can make a command there; it becomes ``##\\u005b``, the same data to any parser.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from typing import IO, Any

_LINES = re.compile(r"\r\n|\r|\n")
_OLD_SYNTAX = "##["


def fence(text: str, token: str | None = None) -> str:
    """`text` between stop-commands and its end; ends with a newline."""
    token = token or secrets.token_hex(16)
    while token in text:  # 2**-128, but never on trust
        token = secrets.token_hex(16)
    body = text if text.endswith("\n") else text + "\n"
    return f"::stop-commands::{token}\n{body}::{token}::\n"


def _inert_line(line: str) -> str:
    while _OLD_SYNTAX in line:
        line = line.replace(_OLD_SYNTAX, "##\\[")
    stripped = line.lstrip()  # Python's white space includes all of .NET's TrimStart()
    if stripped.startswith("::"):
        cut = len(line) - len(stripped)
        line = f"{line[:cut]}\\{stripped}"
    return line


def inert(text: str) -> str:
    """`text` with no line the runner would run; lines rejoined with LF (a lone CR would be a
    line break to the runner and none to the reader)."""
    return "\n".join(_inert_line(line) for line in _LINES.split(text))


def inert_json(text: str) -> str:
    return text.replace(_OLD_SYNTAX, "##\\u005b")


def is_log(stream: IO[Any], environ: dict[str, str] | None = None) -> bool:
    """Whether `stream` may be read by the Actions runner: under GitHub Actions and not
    redirected to a file (``cmcheck audit --format markdown > audit.md`` stays plain)."""
    env = os.environ if environ is None else environ
    if env.get("GITHUB_ACTIONS") != "true":
        return False
    try:
        return not stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):  # no file descriptor: a pipe or a test
        return True
