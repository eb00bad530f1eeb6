"""backout-plan: a real summary, at least one real step, and a duration."""

from __future__ import annotations

import pytest

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit

SUMMARY = "summary: Boot the previous IOS 15.2 image that stays on flash and reload."
STEPS = ("  steps:\n    - Set the boot variable back to the 15.2 image.\n"
         "    - Reload the switch and restore the saved configuration if needed.\n")


def test_a_real_plan_passes(repo: Repo) -> None:
    check(repo, CHANGE, [])


@pytest.mark.parametrize("placeholder", ["n/a", "N/A", "TBD", "none", '"-"', "see above",
                                         "TODO"])
def test_placeholder_summary(repo: Repo, placeholder: str) -> None:
    check(repo, edit((SUMMARY, f"summary: {placeholder}")), [("backout-plan", 26)])


def test_no_steps(repo: Repo) -> None:
    check(repo, edit((STEPS, "  steps: []\n")), [("backout-plan", 27)])


def test_only_placeholder_steps(repo: Repo) -> None:
    check(repo, edit((STEPS, "  steps:\n    - tbd\n    - n/a\n")), [("backout-plan", 27)])


def test_missing_duration_points_at_the_section(repo: Repo) -> None:
    found = check(repo, edit(("  duration_minutes: 30\n", "")), [("backout-plan", 25)])
    assert "duration_minutes" in found[0]["message"]


def test_missing_summary_and_steps_point_at_the_section(repo: Repo) -> None:
    text = edit(("  " + SUMMARY + "\n" + STEPS, ""))
    check(repo, text, [("backout-plan", 25)])
    assert len(check(repo, text, [("backout-plan", 25)])) == 2


def test_missing_section_is_a_schema_error(repo: Repo) -> None:
    text = edit(("backout:\n  " + SUMMARY + "\n" + STEPS + "  duration_minutes: 30\n", ""))
    check(repo, text, [("schema", 2)])


def test_a_template_placeholder_step_left_unchanged_is_an_error_on_its_line(repo: Repo) -> None:
    found = check(repo, edit((STEPS, "  steps:\n    - Undo the repair.\n"
                                     "    - Keep the temporary workaround running.\n")),
                  [("backout-plan", 28), ("backout-plan", 29)])
    assert found[0]["message"].startswith("this step is the template's placeholder")


def test_a_placeholder_beside_a_real_step_is_still_named(repo: Repo) -> None:
    check(repo, edit((STEPS, "  steps:\n    - Undo the repair.\n"
                             "    - Put the old supervisor module back in slot 1.\n")),
          [("backout-plan", 28)])
