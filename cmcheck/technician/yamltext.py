"""YAML text written by hand, for the files cmcheck writes (`new`, `review`, inventory entries).

Not ``yaml.dump``: it reorders keys, quotes unpredictably and drops the schema comment. Every
value a person typed goes out plain when it reads back as the same text, as the README tells
people to write it, and double-quoted otherwise (``core.yamlscalar``), so no answer can add a
key or change the file's structure.
"""

from __future__ import annotations

from collections.abc import Iterable

from cmcheck.core.model.yamlscalar import quote, scalar

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/change-request.schema.json"

__all__ = ["SCHEMA_LINE", "block", "boolean", "flow", "quote", "scalar"]


def flow(values: Iterable[str]) -> str:
    """A flow sequence, each item plain where it can be: [a, "b, c"]."""
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


def block(values: Iterable[str], *, indent: int) -> str:
    """A block sequence, one item a line, each ending in a newline."""
    pad = " " * indent
    return "".join(f"{pad}- {scalar(v)}\n" for v in values)


def boolean(value: bool) -> str:
    return "true" if value else "false"
