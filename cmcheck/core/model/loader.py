"""Reads YAML the way a person means it.

PyYAML follows YAML 1.1: ``19:00`` becomes 1140, ``no`` becomes False, a repeated key silently
wins. We take LibYAML's event stream instead and build plain data ourselves: only ``true`` and
``false`` are booleans, only plain digits are integers, everything else stays text for the
models to parse. Anchors, aliases, tags and duplicate keys are refused, and every value keeps
the line and column it came from so that a finding can point at it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple, cast

import yaml
from yaml._yaml import CParser
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from cmcheck.core.model.verdicts import Location, Mark

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
# No field takes a number this long; Python refuses to convert one of over 4,300 digits at all.
MAX_DIGITS = 18
_NULLS = frozenset({"", "~", "null"})


class YamlProblem(Exception):
    """The file cannot be read as a change request's YAML; line and column are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class Document(NamedTuple):
    data: Any
    values: dict[Location, Mark]
    keys: dict[Location, Mark]
    flows: frozenset[Location] = frozenset()  # sequences written [a, b] rather than "- a"

    def mark(self, location: Location, *, key: bool = False) -> Mark:
        """The mark of the longest known prefix of location (pydantic adds type names)."""
        first, second = (self.keys, self.values) if key else (self.values, self.keys)
        for end in range(len(location), -1, -1):
            found = first.get(location[:end]) or second.get(location[:end])
            if found:
                return found
        return (1, 1)


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


def _tab_problem(text: str, line: int) -> YamlProblem | None:
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


def _mark(event: yaml.Event) -> Mark:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _Frame:
    __slots__ = ("container", "key", "location")

    def __init__(self, container: dict[str, Any] | list[Any], location: Location) -> None:
        self.container = container
        self.location = location
        self.key: str | None = None


def _scalar(event: ScalarEvent) -> Any:
    value: str = event.value
    if not event.implicit[0]:  # quoted or block scalar: always text
        return value
    if value in ("true", "false"):
        return value == "true"
    if value in _NULLS:
        return None
    if _INT.fullmatch(value):
        if len(value.lstrip("+-")) > MAX_DIGITS:
            raise YamlProblem(f"a number of {len(value.lstrip('+-')):,} digits is larger than "
                              "any field takes", *_mark(event))
        return int(value)
    return value


def _hidden(key: str, here: Mark) -> None:
    """Refuse a key holding what values refuse (core/model/text.py), or any other character
    that shows nothing or reorders what is shown: U+202E makes "note<U+202E>gpj.exe" read as
    "noteexe.jpg" in an annotation."""
    found = next((char for char in key if not char.isprintable() and char != " "), None)
    if found is not None:
        name = unicodedata.name(found, "a control character")
        shown = repr(key)[1:-1]  # the key with its invisible characters escaped
        raise YamlProblem(f"key {shown} holds U+{ord(found):04X} ({name}), which hides or "
                          "reorders what a reader sees: retype the key without it", *here)


def parse(text: str) -> Document:
    """Build plain data from LibYAML's events, keeping a mark for every key and value.

    One flat loop with exact type checks: this runs for every event of every file, and a full
    validation reads 10,000 files.
    """
    values: dict[Location, Mark] = {}
    keys: dict[Location, Mark] = {}
    flows: set[Location] = set()
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    parser = CParser(text)
    try:
        while (event := parser.get_event()) is not None:
            kind = type(event)
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                node: Any = event  # one of the three; typing.cast per event costs 5%
                here = _mark(node)
                if node.anchor is not None:
                    raise YamlProblem(f"anchors (&{node.anchor}) are not allowed: write the "
                                      "value out", *here)
                if node.tag is not None:
                    raise YamlProblem(f"tags ({node.tag}) are not allowed", *here)
                location: Location
                frame = stack[-1] if stack else None
                if frame is None:
                    location = ()
                elif type(frame.container) is dict:
                    if frame.key is None:
                        if kind is not ScalarEvent:
                            raise YamlProblem("a key must be plain text", *here)
                        key = str(node.value)
                        if not key.isascii():  # the one check an ordinary key pays
                            _hidden(key, here)
                        location = (*frame.location, key)
                        if key in frame.container:
                            raise YamlProblem(f"duplicate key {key!r} (first on line "
                                              f"{keys[location][0]})", *here)
                        keys[location] = here
                        frame.key = key
                        continue
                    location = (*frame.location, frame.key)
                else:
                    location = (*frame.location, len(frame.container))
                values[location] = here
                value: Any
                if kind is ScalarEvent:
                    value = _scalar(node)
                elif len(stack) >= MAX_DEPTH:
                    raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", *here)
                else:
                    value = {} if kind is MappingStartEvent else []
                    if node.flow_style and kind is SequenceStartEvent:
                        flows.add(location)
                if frame is None:
                    root = value
                elif type(frame.container) is dict:
                    frame.container[str(frame.key)] = value
                    frame.key = None
                else:
                    cast(list[Any], frame.container).append(value)
                if kind is not ScalarEvent:
                    stack.append(_Frame(value, location))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem("only one YAML document is allowed per file", *_mark(event))
            elif kind is AliasEvent:
                anchor = cast(AliasEvent, event).anchor
                raise YamlProblem(f"aliases (*{anchor}) are not allowed: write the value out",
                                  *_mark(event))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        tab = _tab_problem(text, mark.line) if mark is not None else None
        if tab is not None:
            raise tab from None
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(f"invalid YAML: {problem}", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}") from None
    finally:
        parser.dispose()
    if root is None:
        raise YamlProblem("file has no content")
    return Document(root, values, keys, frozenset(flows))


def load(raw: bytes, *, limit: int = MAX_BYTES) -> Document:
    return parse(decode(raw, limit=limit))
