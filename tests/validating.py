"""Running `cmcheck validate --format json` on a change request in a real repository.

Shared by the case corpus, the rule tests and the bad-input tests: each writes one change request
(uncommitted, so it is submitted "now") next to the fixed test policy and an unrelated neighbour
change that `conflict` cases can overlap.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, Repo, run

NOW = "2026-12-01T09:00"
CHANGE_PATH = "changes/2026/2026-12-19-core-switch-ios.yaml"
# Sat 2027-01-16 20:00-22:00 on core-switch-01 at the high school.
NEIGHBOUR_PATH = "changes/2027/2027-01-16-core-switch-power-supply.yaml"

Pair = tuple[str, int]


def add_neighbour(repo: Repo) -> None:
    repo.commit("Schedule the power supply replacement", "2026-11-02T10:00:00-06:00",
                files={NEIGHBOUR_PATH: (FIXTURES / "neighbour.yaml").read_text(encoding="utf-8")})


def validate(root: Path, *args: str, now: str = NOW) -> tuple[int, list[dict[str, Any]]]:
    """Exit code and findings of validate --format json; never a traceback."""
    result = run(root, "validate", "--format", "json", "--now", now, *args)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert set(report) == {"files", "findings"}
    return result.exit_code, report["findings"]


def pairs(findings: list[dict[str, Any]], path: str | None = None) -> set[Pair]:
    return {(f["rule"], f["line"]) for f in findings if path is None or f["path"] == path}


def messages(findings: list[dict[str, Any]], rule: str) -> list[str]:
    return [f["message"] for f in findings if f["rule"] == rule]


def severities(findings: list[dict[str, Any]]) -> dict[str, str]:
    return {f["rule"]: f["severity"] for f in findings}
