"""resources: on a weekend, holiday or special event the plan names its staff (a warning)."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit, scheduled

NO_STAFF = edit(("  staff: [janetech, mbrown]\n", ""))


def test_named_staff_on_a_saturday_passes(repo: Repo) -> None:
    check(repo, CHANGE, [])


def test_weeknight_without_staff_passes(repo: Repo) -> None:
    check(repo, scheduled("2027-01-06 20:00", "2027-01-06 22:00", text=NO_STAFF), [])


def test_saturday_without_staff_warns(repo: Repo) -> None:
    found = check(repo, NO_STAFF, [("resources", 16)])
    assert found[0]["severity"] == "warning"
    assert found[0]["message"].startswith("the change falls on Saturday 2026-12-19:")


def test_district_holiday_without_staff_warns(repo: Repo) -> None:
    found = check(repo, scheduled("2026-12-22 20:00", "2026-12-22 22:00", text=NO_STAFF),
                  [("resources", 16)])
    assert "Winter break (2026-12-22)" in found[0]["message"]


def test_public_holiday_without_staff_warns(repo: Repo) -> None:
    found = check(repo, scheduled("2027-01-18 20:00", "2027-01-18 22:00", text=NO_STAFF),
                  [("resources", 16)])
    assert "(2027-01-18)" in found[0]["message"]  # Martin Luther King Jr. Day


def test_special_event_without_staff_warns(repo: Repo) -> None:
    found = check(repo, scheduled("2026-12-10 20:00", "2026-12-10 21:30", text=NO_STAFF),
                  [("resources", 16)], now="2026-11-20T09:00")
    assert "Winter band concert" in found[0]["message"]
