"""The file itself must be readable YAML of a safe, plain kind.

What it does: refuses files over 256 KiB, bytes that are not UTF-8, a byte-order mark, NUL
bytes, flow nesting deeper than 32 levels, syntax errors (a tab that indents a line is named
as such), duplicate keys, keys holding a control character or a bidirectional override (shown
escaped: `note\u202egpj.exe`), anchors, aliases, tags and more than one document.

Why it matters: a change request is read by people and by every tool downstream. A repeated key
silently overrides the first in most YAML readers, aliases can blow up into billions of nodes,
and tags can ask a reader to build objects. A right-to-left override makes a key read as
another in the pull request's annotations ("note<U+202E>gpj.exe" shows as "noteexe.jpg").

Example: `start: &s 2026-12-12 19:30` (an anchor), or two `title:` lines.

Instead: write every value out once, as plain YAML.

Options: none.
"""

from __future__ import annotations

from cmcheck.core.model.loader import Document, load
from cmcheck.core.model.rawtext import YamlProblem
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "yaml"
TITLE = "Readable YAML"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = False


def check(raw: bytes) -> tuple[Document | None, list[Problem]]:
    try:
        return load(raw), []
    except YamlProblem as problem:
        return None, [Problem((), problem.message, mark=(problem.line, problem.column))]
