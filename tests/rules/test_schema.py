"""schema: fields, types, enums and required sections; unknown fields refused."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit, scheduled, with_section


def test_the_fixture_passes(repo: Repo) -> None:
    check(repo, CHANGE, [])


def test_unknown_kind(repo: Repo) -> None:
    found = check(repo, edit(("kind: scheduled", "kind: emergency")), [("schema", 3)])
    assert found[0]["message"].startswith("kind: ")


def test_missing_title_points_at_the_mapping(repo: Repo) -> None:
    text = edit(("title: Upgrade the high school core switch from IOS 15.2 to IOS XE 17.3\n", ""))
    found = check(repo, text, [("schema", 2)])
    assert found[0]["message"] == "title: required field is missing"


def test_misspelt_field_is_unknown_and_the_real_one_missing(repo: Repo) -> None:
    text = edit(("  verification:", "  verifcation:"))
    found = check(repo, text, [("schema", 16), ("schema", 23)])
    assert {f["message"] for f in found} == {
        "plan.verification: required field is missing",
        "plan.verifcation: unknown field (check the spelling)",
    }


def test_end_before_start(repo: Repo) -> None:
    found = check(repo, scheduled("2026-12-19 22:00", "2026-12-19 20:00"), [("schema", 14)])
    assert "end must be after start" in found[0]["message"]


def test_exception_for_an_unknown_rule_is_a_schema_error(repo: Repo) -> None:
    text = with_section(CHANGE, "exceptions:\n  - rule: notice-periods\n    reason: vendor\n")
    check(repo, text, [("schema", 33)])


def test_exception_for_a_structural_rule_is_a_schema_error(repo: Repo) -> None:
    text = with_section(CHANGE, "exceptions:\n  - rule: audiences\n    reason: vendor\n")
    check(repo, text, [("schema", 33)])
