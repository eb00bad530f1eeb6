"""`cmcheck report` by risk: the share of each level and the success rate by level, counted by
hand over four changes on four systems (so that no history weighs on another)."""

from __future__ import annotations

import json
import re

from tests.conftest import Repo, run
from tests.rules.helpers import CHANGE, edit, scheduled, with_section

NOW = "2027-02-01T12:00"


def reviewed(text: str, outcome: str, day: str) -> str:
    return with_section(text, f"review:\n  outcome: {outcome}\n  completed: {day} 21:30\n"
                              "  notes: Done.\n  next_steps: None.\n")


def on(system: str, start: str, text: str = CHANGE) -> str:
    return edit(("systems: [core-switch-01]", f"systems: [{system}]"),
                text=scheduled(f"{start} 20:00", f"{start} 22:00", text))


HEAVY = (("category: firmware-upgrade", "category: os-upgrade"),
         ("sites: [high-school]", "sites: [high-school, middle-school, elementary, "
                                  "central-office]"),
         ("audiences: [all-staff, students]", "audiences: [all-staff, students, teachers]"))


def test_risk_shares_and_success_rates(repo: Repo) -> None:
    medium = reviewed(on("sw-a", "2026-12-05"), "successful", "2026-12-05")  # 3
    low = reviewed(on("sw-b", "2026-12-12", edit(
        ("category: firmware-upgrade", "category: configuration"),
        ("mission_critical_data: true", "mission_critical_data: false"))),
        "failed", "2026-12-12")  # 0
    high = reviewed(on("sw-c", "2026-12-19", edit(*HEAVY)), "backed-out", "2026-12-19")  # 6
    postponed = reviewed(on("sw-d", "2027-01-09", edit(*HEAVY)), "postponed", "2027-01-09")
    repo.commit("Four changes", "2026-11-20T09:00:00-06:00", files={
        "changes/2026/a.yaml": medium, "changes/2026/b.yaml": low,
        "changes/2026/c.yaml": high, "changes/2027/d.yaml": postponed})
    data = json.loads(run(repo.root, "report", "--format", "json", "--now", NOW).output)
    assert data["risk"] == {
        "low": {"count": 1, "percent": 25.0, "reviewed": 1, "successful": 0,
                "success_percent": 0.0},
        "medium": {"count": 1, "percent": 25.0, "reviewed": 1, "successful": 1,
                   "success_percent": 100.0},
        "high": {"count": 2, "percent": 50.0, "reviewed": 1, "successful": 0,
                 "success_percent": 0.0},
    }
    text = run(repo.root, "report", "--now", NOW).output
    assert re.search(r"High risk\s+2 \(50%\)\n", text)
    assert re.search(r"Success rate by risk\s+low 0% \(0/1\), medium 100% \(1/1\), "
                     r"high 0% \(0/1\)\n", text)
    markdown = run(repo.root, "report", "--format", "markdown", "--now", NOW).output
    assert "| High risk | 2 (50%) |" in markdown
