"""For GitHub Actions: workflow commands that annotate the pull request's lines.

Everything printed is escaped the way the runner unescapes it (``%``, CR, LF; and ``:`` and
``,`` in properties), so no text of a change request can end a command early or start a new
one. GitHub shows only ten annotations of a level per step, so ``summary`` renders the complete
list for ``GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

from cmcheck.core.judge.findings import Result
from cmcheck.core.judge.reporters.text import summary as summary_line
from cmcheck.core.model.verdicts import Severity
from cmcheck.core.safe import markdown

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(result: Result) -> str:
    lines = []
    for f in result.findings:
        properties = ",".join(f"{k}={escape_property(v)}" for k, v in (
            ("file", f.path), ("line", str(f.line)), ("col", str(f.column)),
            ("title", f"cmcheck {f.rule}")))
        # A control or bidi character shows as its escape: U+202E would reorder the annotation.
        message = escape_data(markdown.visible(f.message, keep="\r\n"))
        lines.append(f"::{LEVELS[f.severity]} {properties}::{message}")
    lines.append(escape_data(summary_line(result)))
    return "\n".join(lines) + "\n"


def escape_markdown(value: str) -> str:
    """Text in a Markdown table cell: no HTML, no table breaks, no links, mentions or emphasis,
    every line break and bidi control shown (core/safe/markdown.py)."""
    return markdown.text(value)


def summary(result: Result) -> str:
    rows = [
        "## cmcheck validate",
        "",
        escape_markdown(summary_line(result)),
        "",
    ]
    if result.findings:
        rows += ["| file | line | rule | severity | message |", "| --- | --- | --- | --- | --- |"]
        rows += [f"| {markdown.code(f.path)} | {f.line} | {f.rule} | {f.severity} | "
                 f"{escape_markdown(f.message)} |" for f in result.findings]
    if result.risks:
        rows += ["", "### Risk", "", "| change | risk |", "| --- | --- |"]
        rows += [f"| {markdown.code(path)} | {escape_markdown(text)} |"
                 for path, text in ((p, str(r)) for p, r in result.risks)]
    return "\n".join(rows) + "\n"
