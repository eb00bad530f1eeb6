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
    assert found[0]["message"] == (
        "title: required field is missing: the change's title, one line (e.g. title: Replace "
        "the high school UPS)")


def test_misspelt_field_is_unknown_and_the_real_one_missing(repo: Repo) -> None:
    text = edit(("  verification:", "  verifcation:"))
    found = check(repo, text, [("schema", 16), ("schema", 23)])
    assert {f["message"] for f in found} == {
        "plan.verification: required field is missing: how success is checked (e.g. "
        "verification: Every server reports mains power.)",
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


FLOW = ('backout.steps: a list in brackets is split at every comma (here into 3 steps); write '
        'one step per line under steps:, each after "- ": "- Leave the bypass on", '
        '"- reinstall the UPS", "- return the load."')


def test_steps_as_a_flow_list_show_the_block_form(repo: Repo) -> None:
    text = edit(("  steps:\n    - Set the boot variable back to the 15.2 image.\n"
                 "    - Reload the switch and restore the saved configuration if needed.\n",
                 "  steps: [Leave the bypass on, reinstall the UPS, return the load.]\n"))
    found = check(repo, text, [("schema", 27)])
    assert found[0]["message"] == FLOW


def test_plan_steps_as_a_one_item_flow_list_are_refused_too(repo: Repo) -> None:
    steps = CHANGE[CHANGE.index("  steps:\n"):CHANGE.index("  verification:")]
    found = check(repo, edit((steps, "  steps: [Reload the switch.]\n")), [("schema", 18)])
    assert found[0]["message"] == ('plan.steps: a list in brackets is split at every comma; '
                                   'write one step per line under steps:, each after "- ": '
                                   '"- Reload the switch."')


def test_an_empty_flow_list_is_left_to_backout_plan(repo: Repo) -> None:
    steps = CHANGE[CHANGE.rindex("  steps:\n"):CHANGE.index("  duration_minutes:")]
    check(repo, edit((steps, "  steps: []\n")), [("backout-plan", 27)])


def test_systems_and_audiences_may_stay_flow_lists(repo: Repo) -> None:
    check(repo, CHANGE, [])
    assert "systems: [" in CHANGE and "audiences: [" in CHANGE
