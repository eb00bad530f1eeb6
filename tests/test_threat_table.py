"""docs/coordinator.md names the test that defends each threat: every one it names exists."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT

DOC = REPO_ROOT / "docs" / "coordinator.md"
REFERENCE = re.compile(r"`((?:tests/)?(?:\w+/)?test_\w+\.py)?((?:::\w+)?)`")


def named_tests() -> list[tuple[str, str]]:
    """(file, test) for every `test_x.py::name` (or `tests/test_x.py::name`) and each following
    `::name` in the tables' rows; files are under tests/."""
    found: list[tuple[str, str]] = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        current = None
        for match in REFERENCE.finditer(line):
            file, name = match.group(1), match.group(2).removeprefix("::")
            current = (file if file.startswith("tests/") else f"tests/{file}") if file \
                else current
            if current is not None and (file or name):
                found.append((current, name))
    return found


def test_every_test_the_threat_tables_name_exists() -> None:
    named = named_tests()
    assert ("tests/test_ledger_forgery.py",
            "test_a_pre_seeded_record_does_not_silence_the_notice") in named
    assert ("tests/test_clock_pushes.py", "test_a_backdated_commit_date_does_not_help") in named
    for file, name in named:
        path = REPO_ROOT / file
        assert path.is_file(), file
        if name:
            assert re.search(rf"^def {name}\(", path.read_text(encoding="utf-8"), re.M), (
                f"{file}::{name}")


def red_team_rows() -> dict[int, list[tuple[str, str]]]:
    """Issue 23's section: item number -> the tests its row names."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index("### The red team of December 2026")
    section = text[start:text.index("\n### ", start + 1)]
    rows: dict[int, list[tuple[str, str]]] = {}
    for line in section.splitlines():
        number = re.match(r"\| (\d+) \|", line)
        if number is None:
            continue
        current, named = None, []
        for match in REFERENCE.finditer(line.rsplit(" | ", 1)[-1]):
            file, name = match.group(1), match.group(2).removeprefix("::")
            current = (file if file.startswith("tests/") else f"tests/{file}") if file \
                else current
            if current is not None and name:
                named.append((current, name))
        rows[int(number.group(1))] = named
    return rows


def test_each_of_the_red_teams_seventeen_names_an_attack_test() -> None:
    """Every item of issue 23 has its row, and the row names at least one test of
    tests/attacks/ that performs the attack (each test's existence is checked above)."""
    rows = red_team_rows()
    assert sorted(rows) == list(range(1, 18))
    for number, named in rows.items():
        assert any(file.startswith("tests/attacks/") for file, _ in named), (number, named)
