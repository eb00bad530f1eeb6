"""The bytes of a YAML file before a parser sees them: how big, which encoding, how deep.

LibYAML is given only text that is small, UTF-8, free of NUL bytes and of a byte-order mark,
and nested less than MAX_DEPTH brackets deep (it recurses on them and would crash the process);
each refusal is a YamlProblem with the line and column to fix.
"""

from __future__ import annotations

from cmcheck.core.model.verdicts import Mark

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32


class YamlProblem(Exception):
    """The file cannot be read as a change request's YAML; line and column are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column



def _line_of(raw: bytes, offset: int) -> Mark:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def decode(raw: bytes, *, limit: int = MAX_BYTES) -> str:
    """The file's text, or a YamlProblem for what a parser should never see."""
    if len(raw) > limit:
        raise YamlProblem(too_big(len(raw), limit))
    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem("file starts with a byte-order mark; save it as UTF-8 without BOM")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise YamlProblem("file contains NUL bytes: it is binary, not YAML", *_line_of(raw, nul))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                          *_line_of(raw, exc.start)) from None
    if not text.strip():
        raise YamlProblem("file is empty")
    _check_flow_depth(text)
    return text


def too_big(size: int, limit: int = MAX_BYTES) -> str:
    """'file is 2.0 MiB (2,097,152 bytes); ...': the real size, not the limit it was read to."""
    shown = f"{size / 1024 ** 2:.1f} MiB" if size >= 1024 ** 2 else f"{size / 1024:.0f} KiB"
    return (f"file is {shown} ({size:,} bytes); a change request is at most "
            f"{limit // 1024} KiB")


def tab_problem(text: str, line: int) -> YamlProblem | None:
    """LibYAML says "found character that cannot start any token" of a tab that indents."""
    lines = text.split("\n", line + 1)
    here = lines[line] if line < len(lines) else ""
    indent = here[: len(here) - len(here.lstrip(" \t"))]
    if "\t" not in indent:
        return None
    return YamlProblem("a tab indents this line; YAML indents with spaces only: replace the tab "
                       "with spaces (set the editor to insert spaces for Tab)",
                       line + 1, indent.index("\t") + 1)


def _check_flow_depth(text: str) -> None:
    # LibYAML recurses on flow collections and crashes the process at ~30,000 levels, so deep
    # nesting must be refused before the parser sees it. Counting brackets inside quotes too
    # can only over-count, and no honest change request has 32 unclosed brackets.
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth, line = 0, 1
    for char in text:
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", line)
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            line += 1
