"""Risk levels against hand-worked examples (the formula is in cmcheck/core/judge/risk.py and
docs/inventory.md). The test change: Sat 2026-12-19 20:00-22:00, firmware, mission-critical
data, one site, two audiences, a 30-minute backout."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from cmcheck.core import engine
from cmcheck.core.judge.risk import level_of
from cmcheck.core.model.verdicts import Risk
from tests.conftest import Repo
from tests.rules.helpers import CHANGE, edit, scheduled, with_section
from tests.validating import CHANGE_PATH

NOW = datetime.fromisoformat("2026-12-01T09:00")


def risk_of(repo: Repo, text: str, path: str = CHANGE_PATH) -> Risk:
    repo.write(path, text)
    result = engine.run(engine.Options(root=repo.root, now=NOW))
    return dict(result.risks)[path]


def test_the_base_change_is_medium(repo: Repo) -> None:
    # mission-critical data +2, firmware +1; Sunday 05:00 is far off: 3.
    assert risk_of(repo, CHANGE) == Risk(
        "medium", 3, ("mission-critical data +2", "firmware-upgrade +1"))


def test_a_small_configuration_change_is_low(repo: Repo) -> None:
    text = edit(("mission_critical_data: true", "mission_critical_data: false"),
                ("category: firmware-upgrade", "category: configuration"))
    assert risk_of(repo, text) == Risk("low", 0, ())


@pytest.mark.parametrize(("end", "points", "reason"), [
    ("2026-12-16 04:00", 0, None),  # 04:30 after the backout: 30 minutes left, one more backout
    ("2026-12-16 04:15", 1, "little room for the backout +1"),  # 15 minutes left
    ("2026-12-16 04:45", 2, "backout runs past the window +2"),  # 05:15, the window closed
])
def test_backout_room_on_a_weeknight(repo: Repo, end: str, points: int,
                                     reason: str | None) -> None:
    found = risk_of(repo, scheduled("2026-12-15 19:00", end))
    assert found.score == 3 + points
    assert found.reasons[2:] == ((reason,) if reason else ())


def test_no_backout_time_weighs_two(repo: Repo) -> None:
    found = risk_of(repo, edit(("  duration_minutes: 30\n", "")))
    assert found == Risk("medium", 5, ("mission-critical data +2", "firmware-upgrade +1",
                                       "no backout time +2"))


def test_work_without_user_impact_has_no_window_to_run_out_of(repo: Repo) -> None:
    text = edit(("user_connectivity: true", "user_connectivity: false"),
                text=scheduled("2026-12-15 19:00", "2026-12-16 04:45"))
    assert risk_of(repo, text).score == 3


def test_an_emergency_weighs_two_and_has_no_window(repo: Repo) -> None:
    text = with_section(edit(("kind: scheduled", "kind: unscheduled"),
                             text=scheduled("2026-12-15 19:00", "2026-12-16 04:45")),
                        "unscheduled:\n  reason: the switch failed during classes\n")
    assert risk_of(repo, text) == Risk("medium", 5, ("mission-critical data +2",
                                                     "firmware-upgrade +1", "unscheduled +2"))


def test_earlier_failures_on_the_same_system_weigh_up_to_two(repo: Repo) -> None:
    def earlier(day: str, outcome: str) -> str:
        text = scheduled(f"2026-11-{day} 20:00", f"2026-11-{day} 22:00")
        return with_section(text, f"review:\n  outcome: {outcome}\n  completed: 2026-11-{day} "
                                  f"21:00\n  notes: It went as it went.\n"
                                  f"  next_steps: Try again.\n")
    repo.commit("Earlier attempts", "2026-11-28T12:00:00-06:00", {
        "changes/2026/2026-11-07-first.yaml": earlier("07", "failed"),
        "changes/2026/2026-11-14-second.yaml": earlier("14", "successful"),
        "changes/2026/2026-11-21-third.yaml": earlier("21", "backed-out"),
    })
    found = risk_of(repo, CHANGE)
    assert found.score == 5 and found.reasons[-1] == "2 failed or backed-out before +2"
    repo.commit("A third failure", "2026-11-28T13:00:00-06:00",
                {"changes/2026/2026-11-28-fourth.yaml": earlier("28", "failed")})
    assert risk_of(repo, CHANGE).score == 5, "history weighs at most two"


def test_a_later_failure_does_not_count(repo: Repo) -> None:
    later = with_section(scheduled("2027-01-09 20:00", "2027-01-09 22:00"),
                         "review:\n  outcome: failed\n  completed: 2027-01-09 21:00\n"
                         "  notes: Not yet.\n  next_steps: Again.\n")
    repo.commit("A later one", "2026-11-28T12:00:00-06:00",
                {"changes/2027/2027-01-09-later.yaml": later})
    assert risk_of(repo, CHANGE).score == 3


def test_levels_at_the_thresholds() -> None:
    assert [level_of(n) for n in (0, 2, 3, 5, 6, 11)] == [
        "low", "low", "medium", "medium", "high", "high"]


def test_the_examples_hand_worked(examples: Path) -> None:
    result = engine.run(engine.Options(root=examples, now=datetime(2026, 11, 29, 12)))
    found = {path.rsplit("/", 1)[1]: (r.level, r.score) for path, r in result.risks}
    assert found == {
        # unscheduled +2, hardware +1, mission-critical +2, 4 sites +2, 6 audiences +1
        "2026-11-27-ups-replacement.yaml": ("high", 8),
        # 4 sites +2 (and nothing depends on the firewall in the inventory)
        "2026-12-15-firewall-firmware.yaml": ("low", 2),
        "2026-12-16-library-catalog-upgrade.yaml": ("low", 1),
        # firmware +1, mission-critical +2; the library catalog brings in 3 sites +1 and
        # 4 audiences +1
        "2026-12-19-core-switch-ios.yaml": ("medium", 5),
        "2027-01-09-sis-database-patch.yaml": ("medium", 4),
        # os-upgrade +1, mission-critical +2, 4 sites +2, 3 audiences +1
        "2027-01-09-sis-server-os-upgrade.yaml": ("high", 6),
        "2027-01-16-server-room-air-conditioning.yaml": ("medium", 5),
    }
