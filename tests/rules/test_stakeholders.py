"""stakeholders: mission-critical data means naming who was consulted (a warning)."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import check, edit

NONE = ("stakeholders: [Principal of the high school, District network administrator]\n", "")


def test_no_mission_critical_data_needs_no_stakeholders(repo: Repo) -> None:
    check(repo, edit(NONE, ("mission_critical_data: true", "mission_critical_data: false")), [])


def test_mission_critical_data_without_stakeholders_warns(repo: Repo) -> None:
    found = check(repo, edit(NONE), [("stakeholders", 8)])
    assert found[0]["severity"] == "warning"


def test_empty_list_warns_too(repo: Repo) -> None:
    check(repo, edit((NONE[0], "stakeholders: []\n")), [("stakeholders", 8)])
