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
