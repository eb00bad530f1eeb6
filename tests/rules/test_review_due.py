"""review-due: a change whose end has passed has its Change Review (a warning in validate)."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit, scheduled, with_section

PAST = with_section(edit(("kind: scheduled", "kind: unscheduled"),
                         text=scheduled("2026-11-30 10:14", "2026-11-30 12:00")),
                    "unscheduled:\n  reason: The core switch failed during classes.\n")


def test_future_change_needs_no_review(repo: Repo) -> None:
    check(repo, CHANGE, [])


def test_past_change_with_review_passes(repo: Repo) -> None:
    check(repo, with_section(PAST, "review:\n  outcome: failed\n  completed: 2026-11-30 12:00\n"
                                   "  notes: The spare would not boot; the old one runs.\n"), [])


def test_past_change_without_review_warns(repo: Repo) -> None:
    found = check(repo, PAST, [("review-due", 15)])
    assert found[0]["severity"] == "warning"
    assert found[0]["message"] == ("ended Mon 2026-11-30 12:00 and has no Change Review: add "
                                   "one (cmcheck review 2026-12-19-core-switch-ios)")
