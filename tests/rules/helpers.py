"""The rule tests' helper: YAML text in, exact (rule, line) pairs out.

Texts are built from tests/fixtures/change.yaml (a clean change for Sat 2026-12-19 20:00-22:00)
with small edits. Line numbers of the fixture that the tests point at:
2 title, 3 kind, 4 category, 8 mission_critical_data, 9 user_connectivity, 10 audiences,
11 sites, 14 schedule.start, 15 schedule.end, 16 plan, 24 plan.staff, 25 backout,
26 backout.summary, 27 backout.steps, 30 backout.duration_minutes, 31 stakeholders;
sections appended by `with_section` start on line 32.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import FIXTURES, Repo
from tests.validating import CHANGE_PATH, NOW, Pair, pairs, validate

CHANGE = (FIXTURES / "change.yaml").read_text(encoding="utf-8")
SCHEDULE = "start: 2026-12-19 20:00\n  end: 2026-12-19 22:00"


def edit(*replacements: tuple[str, str], text: str = CHANGE) -> str:
    for old, new in replacements:
        assert old in text, f"{old!r} is not in the text"
        text = text.replace(old, new, 1)
    return text


def scheduled(start: str, end: str, text: str = CHANGE) -> str:
    return edit((SCHEDULE, f"start: {start}\n  end: {end}"), text=text)


def with_section(text: str, section: str) -> str:
    return text + section.strip("\n") + "\n"


def check(repo: Repo, text: str, expected: list[Pair] | set[Pair], *, now: str = NOW,
          path: str = CHANGE_PATH) -> list[dict[str, Any]]:
    """Validate text as an uncommitted change request (submitted = now) and compare exactly."""
    repo.write(path, text)
    code, findings = validate(repo.root, now=now)
    mine = [f for f in findings if f["path"] == path]
    assert pairs(mine) == set(expected), mine
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)
    return mine


def only(findings: list[dict[str, Any]], rule: str) -> dict[str, Any]:
    (found,) = [f for f in findings if f["rule"] == rule]
    return found
