"""The loader keeps marks in event order and places them only when asked (issue 25): every
key's and value's mark, placed afterwards, still points at that key or value in the text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cmcheck.core.model.loader import parse
from cmcheck.core.model.rawtext import YamlProblem

FIXTURES = Path(__file__).parent / "fixtures"
NESTED = """\
a:
  b: [x, {c: 1, d: [2, 3]}]
  e:
    - f: g
      h: [i]
    - - j
      - k
l: 'quoted'
m: |
  block
n: {o: [p, q], r: s}
"""


def _at(text: str, mark: tuple[int, int]) -> str:
    line, column = mark
    return text.split("\n")[line - 1][column - 1:]


def _scalars(data: Any, location: tuple[str | int, ...] = ()) -> list[tuple[Any, Any]]:
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _scalars(value, (*location, key))]
    if isinstance(data, list):
        return [found for n, value in enumerate(data) for found in _scalars(value, (*location, n))]
    return [(location, data)]


@pytest.mark.parametrize("text", [NESTED, *(p.read_text(encoding="utf-8")
                                            for p in sorted(FIXTURES.glob("*.yaml")))])
def test_every_mark_points_at_its_key_or_value(text: str) -> None:
    doc = parse(text)
    assert doc.keys and doc.values
    for location, mark in doc.keys.items():
        assert _at(text, mark).startswith(str(location[-1])), (location, mark)
    plain = [(location, value) for location, value in _scalars(doc.data)
             if isinstance(value, str) and "\n" not in value]
    assert plain
    for location, value in plain:
        shown = _at(text, doc.values[location]).lstrip("'\"")
        assert shown.startswith(value), (location, value, doc.values[location])
    assert set(doc.values) == {(), *doc.keys, *(loc for loc, _ in _scalars(doc.data))} | {
        loc[:n] for loc, _ in _scalars(doc.data) for n in range(len(loc))}


def test_flows_are_placed_while_reading() -> None:
    assert parse(NESTED).flows == frozenset({("a", "b"), ("a", "b", 1, "d"), ("a", "e", 0, "h"),
                                             ("n", "o")})


def test_a_duplicate_key_names_the_line_of_the_first_even_deep_inside() -> None:
    text = NESTED.replace("      h: [i]\n", "      h: [i]\n      f: again\n")
    with pytest.raises(YamlProblem) as raised:
        parse(text)
    assert (raised.value.message, raised.value.line, raised.value.column) == (
        "duplicate key 'f' (first on line 4)", 6, 7)
