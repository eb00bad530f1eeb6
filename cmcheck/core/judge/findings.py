"""Findings are plain data: rules produce them, reporters render them."""

from __future__ import annotations

from typing import NamedTuple

from cmcheck.core.model.verdicts import Risk, Severity


class Finding(NamedTuple):
    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str


class Result(NamedTuple):
    files: int
    findings: list[Finding]
    risks: tuple[tuple[str, Risk], ...] = ()  # (path, its risk) for each judged change

    @property
    def failed(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


def sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.path, finding.line, finding.column, finding.rule)


def one_line(text: object, *, limit: int = 80) -> str:
    """Quote untrusted text for a message: one line, bounded, control characters escaped.

    A change request's text reaches terminals, CI logs and PR comments through messages, so a
    message never carries a raw newline or escape sequence from it.
    """
    raw = str(text)
    shown = raw if len(raw) <= limit else raw[: limit - 1] + "…"
    return repr(shown)[1:-1] if not shown.isprintable() else shown


def first_difference(have: str, want: str) -> int:
    """The first line (1-based) where a committed generated file differs from what it should
    say, or the line after the shorter one."""
    have_lines, want_lines = have.splitlines(), want.splitlines()
    return next((number for number, (line, wanted) in
                 enumerate(zip(have_lines, want_lines, strict=False), start=1)
                 if line != wanted), min(len(have_lines), len(want_lines)) + 1)
