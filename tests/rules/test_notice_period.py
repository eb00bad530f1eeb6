"""notice-period: submitted at least notice_days (14) before the start; the finding names the
earliest start that satisfies every scheduling rule at once."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit, only, scheduled, with_section


def test_exactly_fourteen_days_passes(repo: Repo) -> None:
    check(repo, CHANGE, [], now="2026-12-05T20:00")


def test_one_minute_short_fails_with_the_next_usual_start_and_every_way_forward(
        repo: Repo) -> None:
    found = check(repo, CHANGE, [("notice-period", 14)], now="2026-12-05T20:01")
    assert found[0]["message"] == (
        "submitted Sat 2026-12-05 20:01, 13 days 23 hours before the start; the policy asks 14 "
        "days of notice; ways forward: move it, earliest compliant start: Sun 2026-12-20 08:00 "
        "(the first usual start of work after 14 days of notice; 08:00 on a weekend day); or "
        "ask the coordinator for an exception: add `exceptions: [{rule: notice-period, reason: "
        "<why it cannot move>}]`, which approving the pull request grants")


def test_suggestion_skips_the_closed_hours(repo: Repo) -> None:
    # 14 days after Tue 2026-12-01 09:00 is Tue 09:00, inside closed hours: next is 19:00.
    found = check(repo, scheduled("2026-12-12 20:00", "2026-12-12 22:00"),
                  [("notice-period", 14)])
    assert "earliest compliant start: Tue 2026-12-15 19:00 (" in found[0]["message"]


def test_suggestion_satisfies_the_blackout_too(repo: Repo) -> None:
    # In the grades blackout (Thu 12-17 00:00 - Sat 12-19 00:00) and 12 days short of notice:
    # both findings offer Sun 2026-12-20 08:00: the notice floor (Sat 09:00, after the
    # blackout) has passed Saturday's usual start of work.
    found = check(repo, scheduled("2026-12-17 20:00", "2026-12-17 22:00"),
                  [("notice-period", 14), ("blackout", 14)], now="2026-12-05T09:00")
    for rule in ("notice-period", "blackout"):
        assert "earliest compliant start: Sun 2026-12-20 08:00 (" in only(found, rule)["message"]


def test_unscheduled_changes_are_exempt(repo: Repo) -> None:
    # Tomorrow, on a Wednesday morning: no notice-period, no maintenance-window.
    text = with_section(edit(("kind: scheduled", "kind: unscheduled"),
                             text=scheduled("2026-12-02 10:00", "2026-12-02 11:00")),
                        "unscheduled:\n  reason: The core switch fails over every hour.\n")
    check(repo, text, [])


def test_notice_days_comes_from_the_policy(repo: Repo) -> None:
    policy = repo.root / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("notice_days: 14",
                                                                 "notice_days: 21"))
    found = check(repo, CHANGE, [("notice-period", 14)])
    assert "the policy asks 21 days of notice" in found[0]["message"]
    assert "earliest compliant start: Tue 2026-12-22 19:00 (" in found[0]["message"]
