"""The corpus of failing change requests: every file in tests/cases is one rule or one hazard.

Expected findings are exact (rule, line) pairs in tests/cases/expected.json, so that binary-ish
cases (a BOM, Latin-1, NUL bytes) need no comments in them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import Repo
from tests.validating import add_neighbour, pairs, validate

CASES = Path(__file__).parent / "cases"
EXPECTED_FILE = CASES / "expected.json"
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RULES = {"yaml", "schema", "filename", "notice-period", "maintenance-window", "backout-plan",
         "backout-fits", "facilities", "blackout", "resources", "conflict", "unscheduled",
         "stakeholders", "audiences", "review-due"}
ERRORS = {"yaml", "schema", "filename", "notice-period", "maintenance-window", "backout-plan",
          "facilities", "blackout", "unscheduled", "audiences"}


def case_files() -> list[str]:
    return sorted(p.name for p in CASES.iterdir()
                  if p.is_file() and p != EXPECTED_FILE and not p.name.startswith("."))


def expectations() -> dict[str, list[tuple[str, int]]]:
    raw = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
    return {name: [(rule, line) for rule, line in found] for name, found in raw.items()}


def test_every_case_has_an_expectation_and_every_expectation_a_case() -> None:
    expected = expectations()
    assert sorted(expected) == case_files()
    assert all(expected.values()), "a case exists to fail: list its findings"


def test_every_rule_has_a_case() -> None:
    covered = {rule for found in expectations().values() for rule, _ in found}
    assert covered >= RULES


@pytest.mark.parametrize("name", case_files())
def test_case(name: str, repo: Repo) -> None:
    expected = set(expectations().get(name, []))
    assert expected, f"{name} has no entry in expected.json"
    stem = name.rsplit(".", 1)[0]
    if "filename" not in {rule for rule, _ in expected}:
        assert ID.fullmatch(stem), f"{name}: a case's stem must be a valid id"
    add_neighbour(repo)
    path = f"changes/2026/{name}"
    repo.write(path, (CASES / name).read_bytes())  # uncommitted: submitted = now
    code, findings = validate(repo.root)
    assert pairs(findings, path) == expected
    assert code == (1 if {rule for rule, _ in expected} & ERRORS else 0)
