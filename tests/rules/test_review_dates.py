"""review-dates: a Change Review describes work that has happened (on a real git repository)."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit, scheduled, with_section

# NOW is 2026-12-01 10:00 local; the emergency ran the day before.
PAST = with_section(edit(("kind: scheduled", "kind: unscheduled"),
                         text=scheduled("2026-11-30 10:14", "2026-11-30 12:00")),
                    "unscheduled:\n  reason: The core switch failed during classes.\n")


def review(completed: str) -> str:
    return (f"review:\n  outcome: successful\n  completed: {completed}\n"
            "  notes: Replaced the supervisor module; every link came back.\n")


def test_a_review_between_start_and_now_passes(repo: Repo) -> None:
    check(repo, with_section(PAST, review("2026-11-30 11:50")), [])


def test_a_review_on_a_change_that_has_not_started_says_delete_it(repo: Repo) -> None:
    # The fixture change starts Sat 2026-12-19; the review was copied from an example.
    found = check(repo, with_section(CHANGE, review("2026-11-20 21:40")), [("review-dates", 32)])
    assert found[0]["severity"] == "error"
    message = found[0]["message"]
    assert "has not started yet" in message
    assert "delete the whole `review:` section" in message
    assert "copying an example" in message
    assert "cmcheck review 2026-12-19-core-switch-ios" in message


def test_completed_before_the_start_is_an_error_on_its_line(repo: Repo) -> None:
    found = check(repo, with_section(PAST, review("2026-11-30 09:00")), [("review-dates", 36)])
    assert found[0]["message"].startswith("completed Mon 2026-11-30 09:00 is before the change "
                                          "started (Mon 2026-11-30 10:14)")


def test_completed_in_the_future_is_an_error_on_its_line(repo: Repo) -> None:
    found = check(repo, with_section(PAST, review("2026-12-02 09:00")), [("review-dates", 36)])
    assert "is in the future" in found[0]["message"]


def test_it_cannot_be_waived(repo: Repo) -> None:
    waiver = "exceptions:\n  - rule: review-dates\n    reason: we will do it for sure\n"
    found = check(repo, with_section(with_section(CHANGE, waiver), review("2026-11-20 21:40")),
                  [("schema", 33)])
    assert "review-dates" not in found[0]["message"].split(":", 1)[1]
