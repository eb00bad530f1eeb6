"""Reads YAML the way a person means it.

PyYAML follows YAML 1.1: ``19:00`` becomes 1140, ``no`` becomes False, a repeated key silently
wins. We take LibYAML's event stream instead and build plain data ourselves: only ``true`` and
``false`` are booleans, only plain digits are integers, everything else stays text for the
models to parse. Anchors, aliases, tags and duplicate keys are refused, and every value keeps
the line and column it came from so that a finding can point at it.
"""

from __future__ import annotations

import re
from typing import Any, cast

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

from cmcheck.core.model.text import hidden_in_key
from cmcheck.core.model.verdicts import Location, Mark

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_INT_START = frozenset("+-0123456789")
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


class Document:
    """A file's data, with the mark of every key and value worked out only when asked for.

    The walk keeps LibYAML's marks in event order; the data, whose mappings keep the order of
    their keys, replays that order into the marks by location. Most files have no finding, and
    recording a location per event cost a third of a full validation.
    """

    __slots__ = ("_events", "_marks", "data", "flows")

    def __init__(self, data: Any, events: list[Any],
                 flows: frozenset[Location] = frozenset()) -> None:
        self.data = data
        self.flows = flows  # sequences written [a, b] rather than "- a"
        self._events = events
        self._marks: tuple[dict[Location, Mark], dict[Location, Mark]] | None = None

    @property
    def values(self) -> dict[Location, Mark]:
        return self._replayed()[0]

    @property
    def keys(self) -> dict[Location, Mark]:
        return self._replayed()[1]

    def _replayed(self) -> tuple[dict[Location, Mark], dict[Location, Mark]]:
        if self._marks is None:
            self._marks = _replay(self.data, self._events)
        return self._marks

    def mark(self, location: Location, *, key: bool = False) -> Mark:
        """The mark of the longest known prefix of location (pydantic adds type names)."""
        first, second = (self.keys, self.values) if key else (self.values, self.keys)
        for end in range(len(location), -1, -1):
            found = first.get(location[:end]) or second.get(location[:end])
            if found:
                return found
        return (1, 1)


def _replay(data: Any, events: list[Any]) -> tuple[dict[Location, Mark], dict[Location, Mark]]:
    """Each key's and value's mark by location: the data in document order meets the marks in
    event order (a key's mark, then its value's; a sequence's items in turn)."""
    values: dict[Location, Mark] = {}
    keys: dict[Location, Mark] = {}
    marks = iter(events)

    def walk(value: Any, location: Location) -> None:
        values[location] = _point(next(marks))
        if type(value) is dict:
            for key, item in value.items():
                keys[(*location, key)] = _point(next(marks))
                walk(item, (*location, key))
        elif type(value) is list:
            for index, item in enumerate(value):
                walk(item, (*location, index))

    if events:
        walk(data, ())
    return values, keys


def _point(mark: Any) -> Mark:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


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
    return _point(event.start_mark)


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
    # The first character rules out most text before the pattern runs (once per scalar).
    if value[0] in _INT_START and _INT.fullmatch(value):
        if len(value.lstrip("+-")) > MAX_DIGITS:
            raise YamlProblem(f"a number of {len(value.lstrip('+-')):,} digits is larger than "
                              "any field takes", *_mark(event))
        return int(value)
    return value


def parse(text: str) -> Document:
    """Build plain data from LibYAML's events, keeping the mark of every key and value in
    event order (Document places them when a finding asks).

    One flat loop with exact type checks: this runs for every event of every file, and a full
    validation reads 10,000 files. Only containers get a location as they are read.
    """
    marks: list[Any] = []
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
                if node.anchor is not None:
                    raise YamlProblem(f"anchors (&{node.anchor}) are not allowed: write the "
                                      "value out", *_mark(node))
                if node.tag is not None:
                    raise YamlProblem(f"tags ({node.tag}) are not allowed", *_mark(node))
                frame = stack[-1] if stack else None
                if frame is not None and type(frame.container) is dict and frame.key is None:
                    if kind is not ScalarEvent:
                        raise YamlProblem("a key must be plain text", *_mark(node))
                    key = str(node.value)
                    if not key.isascii():  # the one check an ordinary key pays
                        hidden = hidden_in_key(key)
                        if hidden is not None:
                            raise YamlProblem(hidden, *_mark(node))
                    if key in frame.container:
                        first = Document(root, marks).keys[(*frame.location, key)]
                        raise YamlProblem(f"duplicate key {key!r} (first on line "
                                          f"{first[0]})", *_mark(node))
                    marks.append(node.start_mark)
                    frame.key = key
                    continue
                marks.append(node.start_mark)
                value: Any
                if kind is ScalarEvent:
                    value = _scalar(node)
                elif len(stack) >= MAX_DEPTH:
                    raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", *_mark(node))
                else:
                    value = {} if kind is MappingStartEvent else []
                    location: Location = () if frame is None else (
                        *frame.location, cast(str, frame.key)
                        if type(frame.container) is dict else len(frame.container))
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
    return Document(root, marks, frozenset(flows))


def load(raw: bytes, *, limit: int = MAX_BYTES) -> Document:
    return parse(decode(raw, limit=limit))
