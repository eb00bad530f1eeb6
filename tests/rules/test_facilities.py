"""facilities: a change touching environmental facilities names who it was coordinated with."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit, with_section

FACILITIES = edit(("category: firmware-upgrade", "category: facilities"))


def test_coordinated_facilities_change_passes(repo: Repo) -> None:
    check(repo, with_section(FACILITIES, "facilities:\n  systems: [electricity]\n"
                                         "  coordinated_with: Maintenance Director\n"), [])


def test_facilities_section_without_coordination(repo: Repo) -> None:
    found = check(repo, with_section(CHANGE, "facilities:\n  systems: [air-conditioning]\n"),
                  [("facilities", 32)])
    assert "coordinated_with" in found[0]["message"]


def test_facilities_category_without_section(repo: Repo) -> None:
    check(repo, FACILITIES, [("facilities", 4)])


def test_unknown_facility_system_is_a_schema_error(repo: Repo) -> None:
    check(repo, with_section(CHANGE, "facilities:\n  systems: [elevator]\n"
                                     "  coordinated_with: Maintenance Director\n"),
          [("schema", 33)])
