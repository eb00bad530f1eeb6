"""For people: one line per finding, like a compiler, and a summary line."""

from __future__ import annotations

import click

from cmcheck.core.judge.findings import Result, one_line
from cmcheck.core.model.verdicts import Severity

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTICE: "cyan"}


def render(result: Result, *, color: bool = False) -> str:
    lines = []
    for f in result.findings:
        level = click.style(str(f.severity), fg=COLOURS[f.severity], bold=True) if color \
            else str(f.severity)
        # Messages quote change-request text; one_line keeps escape sequences out of terminals.
        lines.append(f"{one_line(f.path, limit=300)}:{f.line}:{f.column}: {level} [{f.rule}] "
                     f"{one_line(f.message, limit=2000)}")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def summary(result: Result) -> str:
    counts = ", ".join(f"{result.count(s)} {s}{'s' if result.count(s) != 1 else ''}"
                       for s in (Severity.ERROR, Severity.WARNING, Severity.NOTICE))
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    return f"{counts} in {files}"
