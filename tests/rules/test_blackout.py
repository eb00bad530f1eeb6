"""blackout: no overlap with a key business process (grades Thu 2026-12-17 00:00 - Sat 00:00)."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import check, scheduled


def test_ending_when_the_blackout_starts_passes(repo: Repo) -> None:
    check(repo, scheduled("2026-12-16 22:00", "2026-12-17 00:00"), [])


def test_starting_when_the_blackout_ends_passes(repo: Repo) -> None:
    check(repo, scheduled("2026-12-19 00:00", "2026-12-19 02:00"), [])


def test_overlap_fails_and_offers_the_end_of_the_blackout(repo: Repo) -> None:
    found = check(repo, scheduled("2026-12-17 20:00", "2026-12-17 22:00"), [("blackout", 14)])
    assert found[0]["message"] == (
        "overlaps the blackout 'Semester grades' (Thu 2026-12-17 00:00 – Sat 2026-12-19 00:00): "
        "report cards are printed from the student information system; "
        "ways forward: move it, earliest compliant start: Sat 2026-12-19 08:00 (the first usual "
        "start of work after the 'Semester grades' blackout; 08:00 on a weekend day); or ask the "
        "coordinator for an exception: add `exceptions: [{rule: blackout, reason: <why it cannot "
        "move>}]`, which approving the pull request grants")


def test_one_minute_of_overlap_is_enough(repo: Repo) -> None:
    check(repo, scheduled("2026-12-16 22:00", "2026-12-17 00:01"), [("blackout", 14)])
