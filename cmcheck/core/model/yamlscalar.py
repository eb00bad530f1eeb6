"""One scalar of YAML written by cmcheck, the way the README tells people to write it: plain
unless it must be quoted.

A value is written plain only when cmcheck's own loader reads it back as exactly the same text
and it is one line of ordinary characters (no indicator at the start, no `: ` or ` #` inside,
none of `,[]{}` inside a flow list); anything else is a double-quoted scalar with every
character that could end it or start a new line escaped, so that no typed answer can add a key
or change the file's structure.
"""

from __future__ import annotations

import re

from cmcheck.core.model.loader import parse
from cmcheck.core.model.rawtext import YamlProblem

_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}
# Printable text that starts with a letter, digit or one of a few harmless marks.
_PLAIN = re.compile(r"[A-Za-z0-9(<$€£.\u00a0-\ud7ff][^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*")
_FLOW_STOPS = frozenset(",[]{}")


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    # C0 and C1 controls, DEL, and the characters YAML or editors treat as line breaks or
    # invisible markers (NEL, LS, PS, BOM) are written as escapes, never raw.
    if code < 0x20 or 0x7F <= code < 0xA0:
        return f"\\x{code:02x}"
    if char in "\u2028\u2029\ufeff" or 0xD800 <= code < 0xE000:
        return f"\\u{code:04x}"
    return char


def quote(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly value."""
    return '"' + "".join(_escape(c) for c in value) + '"'


def scalar(value: str, *, flow: bool = False) -> str:
    """value plain when that reads back as the same text (inside a flow list when flow), else
    quoted."""
    return value if _plain(value, flow=flow) else quote(value)


def _plain(value: str, *, flow: bool) -> bool:
    if not _PLAIN.fullmatch(value) or value != value.strip() or ": " in value \
            or " #" in value or value.endswith(":") or "\t" in value:
        return False
    if flow and _FLOW_STOPS.intersection(value):
        return False
    try:  # the loader decides what is a number, a boolean or empty: read it back to be sure
        data = parse(f"k: [{value}]\n" if flow else f"k: {value}\n").data
    except YamlProblem:
        return False
    return bool(data == {"k": [value] if flow else value})
