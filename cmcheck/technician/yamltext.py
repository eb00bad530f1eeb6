"""YAML text written by hand, for the files cmcheck writes (`new`, `review`).

Not ``yaml.dump``: it reorders keys, quotes unpredictably and drops the schema comment. Every
value a person typed goes out as a double-quoted scalar with every character that could end it
or start a new line escaped, so no answer can add a key or change the file's structure.
"""

from __future__ import annotations

from collections.abc import Iterable

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/change-request.schema.json"
_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


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


def flow(values: Iterable[str]) -> str:
    """A flow sequence of quoted scalars: ["a", "b"]."""
    return "[" + ", ".join(quote(v) for v in values) + "]"


def block(values: Iterable[str], *, indent: int) -> str:
    """A block sequence, one quoted item a line, each ending in a newline."""
    pad = " " * indent
    return "".join(f"{pad}- {quote(v)}\n" for v in values)


def boolean(value: bool) -> str:
    return "true" if value else "false"
