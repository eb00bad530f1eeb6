"""A new system written into inventory.yaml as text, so that its comments and layout survive:
the entry goes at the end of `systems:`, indented like the entries already there, and each
system that depends on it gains its id in `depends_on` (in the list's own style, flow or
block). The result is read back and must say exactly what was asked."""

from __future__ import annotations

from pathlib import Path

from cmcheck.core.configuration import INVENTORY_FILE
from cmcheck.core.model.entry import block
from cmcheck.core.model.inventory import MAX_INVENTORY_BYTES, Inventory
from cmcheck.core.model.loader import Document, load
from cmcheck.core.model.rawtext import YamlProblem
from cmcheck.technician.new_system import NewSystem


class NotEdited(Exception):
    """inventory.yaml could not be edited safely; the message says why."""


def add(text: str, new: NewSystem) -> str:
    doc = _read(text)
    systems = doc.data.get("systems") if isinstance(doc.data, dict) else None
    if not isinstance(systems, dict) or not systems:
        raise NotEdited("inventory.yaml has no systems: mapping to add to")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    first = next(iter(systems))
    if doc.keys[("systems", first)][0] == doc.keys[("systems",)][0]:
        raise NotEdited("inventory.yaml writes systems: on one line; add the entry by hand")
    indent = " " * (doc.keys[("systems", first)][1] - 1)
    edits: dict[int, list[str]] = {}  # after line n (0-based index of the line), new lines
    for other in new.dependents:
        _depend(doc, lines, edits, other, new.id, indent)
    end = _end_of_systems(doc, lines)
    edits.setdefault(end - 1, []).append(block(new.id, new.entry, indent=indent))
    out: list[str] = []
    for number, line in enumerate(lines):
        out.append(line)
        out.extend(edits.get(number, []))
    result = "".join(out)
    _check(result, new)
    return result


def _read(text: str) -> Document:
    try:
        return load(text.encode("utf-8"), limit=MAX_INVENTORY_BYTES)
    except YamlProblem as problem:
        raise NotEdited(f"inventory.yaml line {problem.line}: {problem.message}") from None


def _end_of_systems(doc: Document, lines: list[str]) -> int:
    """The 1-based number of the last line of the systems mapping that is neither blank nor a
    comment: what follows it (comments before the next key, blank lines) stays where it is."""
    start = doc.keys[("systems",)][0]
    last = start
    for number in range(start, len(lines)):  # lines[number] is line number + 1
        stripped = lines[number].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not lines[number][0].isspace():
            break  # the next top-level key
        last = number + 1
    return last


def _depend(doc: Document, lines: list[str], edits: dict[int, list[str]], other: str,
            new: str, indent: str) -> None:
    where = ("systems", other, "depends_on")
    items = doc.data["systems"][other].get("depends_on")
    if where in doc.keys and isinstance(items, list) and where in doc.flows:
        line, column = doc.values[where]
        row = lines[line - 1]
        close = row.find("]", column - 1)
        if close < 0:
            raise NotEdited(f"{other}'s depends_on spans several lines; add {new} to it by hand")
        gap = ", " if items else ""
        lines[line - 1] = row[:close].rstrip() + gap + new + row[close:]
    elif where in doc.keys and isinstance(items, list) and items:
        line, column = doc.values[(*where, len(items) - 1)]
        edits.setdefault(line - 1, []).append(" " * (column - 3) + f"- {new}\n")
    elif where in doc.keys:
        raise NotEdited(f"{other}'s depends_on is not a list; add {new} to it by hand")
    else:
        # Where the example file keeps it: after kind (one line), else first.
        kind = doc.keys.get(("systems", other, "kind"))
        after = kind[0] if kind else doc.keys[("systems", other)][0]
        field = " " * (kind[1] - 1) if kind else indent + "  "
        edits.setdefault(after - 1, []).insert(0, f"{field}depends_on: [{new}]\n")


def _check(text: str, new: NewSystem) -> None:
    """The edited file must read back with the new entry as asked and every dependent
    depending on it; anything else is refused rather than written."""
    doc = _read(text)
    try:
        systems = Inventory.model_validate(doc.data).systems
    except ValueError:
        raise NotEdited("inventory.yaml would not be valid after the edit; nothing was "
                        "written") from None
    if systems.get(new.id) != new.entry or any(
            new.id not in systems[other].depends_on for other in new.dependents):
        raise NotEdited("inventory.yaml could not be edited as asked; nothing was written")


def edited(root: Path, new: list[NewSystem]) -> bytes | None:
    """inventory.yaml's bytes with the new systems added, or None when there are none."""
    if not new:
        return None
    text = (root / INVENTORY_FILE).read_bytes().decode("utf-8")
    crlf = "\r\n" in text  # a file saved on Windows keeps its line endings
    text = text.replace("\r\n", "\n") if crlf else text
    for added in new:
        text = add(text, added)
    return (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")


def said(new: list[NewSystem]) -> str:
    """What the technician is told once inventory.yaml is written."""
    parts = [f"{n.id}" + (f" (now a dependency of {', '.join(n.dependents)})" if n.dependents
                          else "") for n in new]
    return (f"added {', '.join(parts)} to {INVENTORY_FILE}: commit it with the change; the "
            "Technology Coordinator reviews the new entry when approving the pull request, "
            "and until the merge the other entries count as the main branch has them")
