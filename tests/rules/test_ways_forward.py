"""Every scheduling finding names every way forward: the earliest compliant start at a usual
hour and why, the exception the coordinator grants, and the unscheduled route where the work
could not wait. NOW is Tue 2026-12-01 09:00."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import check, only, scheduled

UNSCHEDULED = ("or, if the work cannot wait (a failure, a risk to data or safety), file it as "
               "`kind: unscheduled` with `unscheduled: {reason: <what happened>}`; it must start "
               "within 2 days of filing")


def test_work_that_could_not_wait_is_offered_the_unscheduled_route(repo: Repo) -> None:
    # Tomorrow afternoon: too little notice and closed hours; an emergency would be exempt.
    found = check(repo, scheduled("2026-12-02 14:00", "2026-12-02 15:00"),
                  [("notice-period", 14), ("maintenance-window", 14)])
    for rule in ("notice-period", "maintenance-window"):
        message = only(found, rule)["message"]
        assert "earliest compliant start: Tue 2026-12-15 19:00 (the first usual start of work " \
               "after 14 days of notice; 19:00 on a weeknight, when the closed hours end)" \
               in message
        assert f"add `exceptions: [{{rule: {rule}, reason: " in message
        assert message.endswith(UNSCHEDULED)


def test_work_weeks_away_is_not_told_to_call_itself_an_emergency(repo: Repo) -> None:
    found = check(repo, scheduled("2026-12-09 14:00", "2026-12-09 15:00"),
                  [("notice-period", 14), ("maintenance-window", 14)])
    assert all("unscheduled" not in f["message"] for f in found)


def test_a_blackout_has_no_unscheduled_route(repo: Repo) -> None:
    # Unscheduled changes are exempt from notice and window, never from a blackout.
    found = check(repo, scheduled("2026-12-17 20:00", "2026-12-17 22:00"), [("blackout", 14)])
    assert "exceptions: [{rule: blackout," in found[0]["message"]
    assert "unscheduled" not in found[0]["message"]


def usual(repo: Repo, weekend: str, weeknight: str) -> None:
    policy = repo.root / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    closed = '    - {days: [mon, tue, wed, thu, fri], start: "05:00", end: "19:00"}\n'
    assert closed in text
    policy.write_text(text.replace(closed, closed + f'  usual_start: {{weekend: "{weekend}", '
                                   f'weeknight: "{weeknight}"}}\n'))


def test_the_usual_start_of_work_comes_from_the_policy(repo: Repo) -> None:
    usual(repo, "07:30", "20:00")
    found = check(repo, scheduled("2026-12-17 20:00", "2026-12-17 22:00"), [("blackout", 14)])
    assert "earliest compliant start: Sat 2026-12-19 07:30 (the first usual start of work " \
           "after the 'Semester grades' blackout; 07:30 on a weekend day)" in found[0]["message"]
    weekday = check(repo, scheduled("2027-01-06 16:00", "2027-01-06 18:00"),
                    [("maintenance-window", 14)])
    assert "earliest compliant start: Wed 2027-01-06 20:00 (" in weekday[0]["message"]


def test_work_too_long_for_a_usual_start_gets_the_first_slot_that_fits(repo: Repo) -> None:
    # 58 hours fit only from Friday 19:00 to Monday 05:00, and the usual weeknight start is 20:00.
    usual(repo, "08:00", "20:00")
    found = check(repo, scheduled("2027-01-05 19:00", "2027-01-08 05:00"),
                  [("maintenance-window", 15)])
    assert "earliest compliant start: Fri 2027-01-08 19:00 (the first quarter hour after the " \
           "time it asks for where the whole change fits: it is too long to begin at a usual " \
           "start of work)" in found[0]["message"]


def test_the_notice_given_reads_as_words(repo: Repo) -> None:
    found = check(repo, scheduled("2026-12-06 10:00", "2026-12-06 12:00"), [("notice-period", 14)])
    assert found[0]["message"].startswith(
        "submitted Tue 2026-12-01 09:00, 5 days 1 hour before the start; the policy asks 14 days")
