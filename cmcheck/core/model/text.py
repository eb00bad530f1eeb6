"""The text types of the formats: what a field may hold, said once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, StringConstraints, WithJsonSchema

# C0 and C1 controls, Unicode line and paragraph separators (they break lines in some mail
# clients and logs) and bidirectional overrides (they reorder what a reader sees).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_LINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _single_line(value: str) -> str:
    # Titles and names reach e-mail headers: a CR/LF would add a header, and "=?" would let an
    # encoded word smuggle one past a mail client.
    if _CONTROL.search(value):
        raise ValueError("must be a single line without control characters")
    if "=?" in value:
        raise ValueError('must not contain "=?" (it starts an encoded e-mail header word)')
    return value


def _no_controls(value: str) -> str:
    if _CONTROL_BUT_LINES.search(value):
        raise ValueError("must not contain control characters")
    return value


# The same rules for editors, as JSON Schema patterns that ECMAScript and Python read alike:
# lookaheads from the start over [\s\S] (no "$", which Python lets match before a final newline).
_CONTROLS = r"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROLS_BUT_LINES = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_WORDS = r"(?=[\s\S]*\S)"  # something besides spaces (the model strips them)
LINE_PATTERN = rf"^(?![\s\S]*[{_CONTROLS}])(?![\s\S]*=\?){_WORDS}"
TEXT_PATTERN = rf"^(?![\s\S]*[{_CONTROLS_BUT_LINES}]){_WORDS}"

Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_single_line),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 200,
                    "pattern": LINE_PATTERN,
                    "description": "one line: no control characters, no \"=?\""}),
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000),
    AfterValidator(_no_controls),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 10_000,
                    "pattern": TEXT_PATTERN, "description": "no control characters"}),
]
def _matching(pattern: str, example: str, *, max_length: int) -> Callable[[str], str]:
    """A check whose error says what to write, not which regex failed."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if len(value) > max_length or not compiled.fullmatch(value):
            raise ValueError(f"write something like {example}")
        return value

    return check


def _schema(pattern: str, max_length: int) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": f"^{pattern}$", "maxLength": max_length})


_KEY = r"[a-z0-9][a-z0-9-]*"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+"
_LOGIN = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
_HOST = r"[a-z0-9-]+(\.[a-z0-9-]+)+"
# System names are identifiers in ASCII: the conflict rule compares them without case, and so
# must the pull-request pre-filter (git grep -i), which folds ASCII only (straße vs STRASSE).
_SYSTEM = r"[A-Za-z0-9][A-Za-z0-9._-]*"

Key = Annotated[str, AfterValidator(_matching(
    _KEY, "high-school (lowercase letters, digits and dashes)", max_length=63)),
    _schema(_KEY, 63)]
SystemId = Annotated[str, AfterValidator(_matching(
    _SYSTEM, "core-switch-01 (letters a-z, digits, '.', '_' and '-')", max_length=63)),
    _schema(_SYSTEM, 63)]
Email = Annotated[str, AfterValidator(_matching(
    _EMAIL, "jane.tech@qcsd.example.org", max_length=254)), _schema(_EMAIL, 254)]
Login = Annotated[str, AfterValidator(_matching(
    _LOGIN, "janetech (a GitHub login)", max_length=39)), _schema(_LOGIN, 39)]
Hostname = Annotated[str, AfterValidator(_matching(
    _HOST, "qcsd.example.org", max_length=253)), _schema(_HOST, 253)]


def hidden_in_key(key: str) -> str | None:
    """Why a YAML key may not stand (None: it may): it holds what values refuse, or any other
    character that shows nothing or reorders what is shown. U+202E makes "note<U+202E>gpj.exe"
    read as "noteexe.jpg" in an annotation."""
    found = next((char for char in key if not char.isprintable() and char != " "), None)
    if found is None:
        return None
    name = unicodedata.name(found, "a control character")
    shown = repr(key)[1:-1]  # the key with its invisible characters escaped
    return (f"key {shown} holds U+{ord(found):04X} ({name}), which hides or reorders what a "
            "reader sees: retype the key without it")
