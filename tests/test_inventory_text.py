"""inventory.yaml edited as text by `cmcheck new`: the new entry at the end of systems:,
each dependent's depends_on in its own style, every other byte kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmcheck.core.model.inventory import System
from cmcheck.technician.inventory_text import NotEdited, add, edited
from cmcheck.technician.new_system import NewSystem

UPS = System.model_validate({"name": "UPS: room 2", "kind": "ups", "sites": ["high-school"],
                             "owner": {"name": "Net Admin", "email": "net@qcsd.example.org"}})
FILE = """# The district's systems.
systems:
    # Blocks indented four spaces, and one block list.
    a:
        name: A   # keep me
        kind: server
        depends_on:
          - b
    b:
        name: B
        kind: switch
        sites: [high-school]
    c:
        name: C
        kind: server
        depends_on: [b]

# Reviewed in December.
"""


def test_each_dependent_gains_it_in_its_own_style_and_nothing_else_moves() -> None:
    out = add(FILE, NewSystem("ups-2", UPS, ["a", "b", "c"]))
    assert out == FILE.replace("          - b\n", "          - b\n          - ups-2\n").replace(
        "        kind: switch\n", "        kind: switch\n        depends_on: [ups-2]\n").replace(
        "        depends_on: [b]\n", "        depends_on: [b, ups-2]\n"
        "    ups-2:\n"
        '      name: "UPS: room 2"\n'
        "      kind: ups\n"
        "      sites: [high-school]\n"
        "      owner: {name: Net Admin, email: net@qcsd.example.org}\n")


def test_an_empty_flow_list_and_a_file_without_a_final_newline() -> None:
    text = "systems:\n  a:\n    name: A\n    kind: server\n    depends_on: []"
    out = add(text, NewSystem("n", UPS, ["a"]))
    assert out.startswith("systems:\n  a:\n    name: A\n    kind: server\n    depends_on: [n]\n"
                          "  n:\n")


@pytest.mark.parametrize(("text", "why"), [
    ("systems: {a: {name: A, kind: server}}\n", "on one line"),
    ("systems:\n  a:\n    name: A\n    kind: server\n    depends_on: [b,\n      c]\n"
     "  b: {name: B, kind: server}\n  c: {name: C, kind: server}\n", "several lines"),
    ("systems: [\n", "inventory.yaml line"),
])
def test_what_cannot_be_edited_safely_is_refused(text: str, why: str) -> None:
    with pytest.raises(NotEdited, match=why):
        add(text, NewSystem("n", UPS, ["a"]))


def test_windows_line_endings_are_kept(tmp_path: Path) -> None:
    (tmp_path / "inventory.yaml").write_bytes(FILE.replace("\n", "\r\n").encode("utf-8"))
    out = edited(tmp_path, [NewSystem("ups-2", UPS, ["c"])])
    assert out is not None
    assert out.replace(b"\r\n", b"").count(b"\n") == 0
    assert out.decode("utf-8").replace("\r\n", "\n") == add(FILE, NewSystem("ups-2", UPS, ["c"]))
    assert edited(tmp_path, []) is None
