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

from cmcheck.core.model.rawtext import MAX_BYTES, MAX_DEPTH, YamlProblem, decode, tab_problem
from cmcheck.core.model.text import hidden_in_key
from cmcheck.core.model.verdicts import Location, Mark

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_INT_START = frozenset("+-0123456789")
# No field takes a number this long; Python refuses to convert one of over 4,300 digits at all.
MAX_DIGITS = 18
_NULLS = frozenset({"", "~", "null"})


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


def _mark(event: yaml.Event) -> Mark:
    return _point(event.start_mark)


class _Frame:
    __slots__ = ("container", "key", "location")

    def __init__(self, container: dict[str, Any] | list[Any], location: Location) -> None:
        self.container = container
        self.location = location
        self.key: str | None = None


# A plain scalar that is not text: only these, and plain digits.
_PLAIN = {"true": True, "false": False, **{null: None for null in _NULLS}}


def parse(text: str) -> Document:
    """Build plain data from LibYAML's events, keeping the mark of every key and value in
    event order (Document places them when a finding asks).

    One flat loop with exact type checks and the scalar inlined: this runs for every event of
    every file, and a full validation reads 10,000 files. Only containers get a location as
    they are read; `frame` is the innermost open container (stack[-1]).
    """
    marks: list[Any] = []
    append = marks.append
    flows: set[Location] = set()
    stack: list[_Frame] = []
    frame: _Frame | None = None
    root: Any = None
    documents = 0
    parser = CParser(text)
    get_event = parser.get_event
    try:
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                node: Any = event  # one of the three; typing.cast per event costs 5%
                if node.anchor is not None:
                    raise YamlProblem(f"anchors (&{node.anchor}) are not allowed: write the "
                                      "value out", *_mark(node))
                if node.tag is not None:
                    raise YamlProblem(f"tags ({node.tag}) are not allowed", *_mark(node))
                at_key = frame is not None and frame.key is None and type(frame.container) is dict
                if kind is ScalarEvent:
                    value = node.value
                    if at_key:
                        if not value.isascii() or value in frame.container:  # type: ignore[union-attr]
                            _check_key(value, root, marks, frame, node)
                        append(node.start_mark)
                        frame.key = value  # type: ignore[union-attr]
                        continue
                    append(node.start_mark)
                    if node.implicit[0]:  # plain, not quoted or block: may be more than text
                        if value in _PLAIN:
                            value = _PLAIN[value]
                        elif value[0] in _INT_START and _INT.fullmatch(value):
                            value = _integer(value, node)
                elif at_key:
                    raise YamlProblem("a key must be plain text", *_mark(node))
                elif len(stack) >= MAX_DEPTH:
                    raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", *_mark(node))
                else:
                    append(node.start_mark)
                    value = {} if kind is MappingStartEvent else []
                    location: Location = () if frame is None else (
                        *frame.location, frame.key if frame.key is not None
                        else len(frame.container))
                    if node.flow_style and kind is SequenceStartEvent:
                        flows.add(location)
                if frame is None:
                    root = value
                elif frame.key is not None:
                    frame.container[frame.key] = value  # type: ignore[call-overload]
                    frame.key = None
                else:
                    cast(list[Any], frame.container).append(value)
                if kind is not ScalarEvent:
                    frame = _Frame(value, location)
                    stack.append(frame)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                frame = stack[-1] if stack else None
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
        tab = tab_problem(text, mark.line) if mark is not None else None
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


def _check_key(key: str, root: Any, marks: list[Any], frame: Any, node: Any) -> None:
    """A key that is not plain ASCII or is already in its mapping (the one test an ordinary
    key pays is in the loop)."""
    if not key.isascii():
        hidden = hidden_in_key(key)
        if hidden is not None:
            raise YamlProblem(hidden, *_mark(node))
    if key in frame.container:
        first = Document(root, marks).keys[(*frame.location, key)]
        raise YamlProblem(f"duplicate key {key!r} (first on line {first[0]})", *_mark(node))


def _integer(value: str, node: Any) -> int:
    if len(value.lstrip("+-")) > MAX_DIGITS:
        raise YamlProblem(f"a number of {len(value.lstrip('+-')):,} digits is larger than "
                          "any field takes", *_mark(node))
    return int(value)


def load(raw: bytes, *, limit: int = MAX_BYTES) -> Document:
    return parse(decode(raw, limit=limit))
