"""plan: the plan's summary, steps and verification say something about this change."""

from __future__ import annotations

import pytest

from cmcheck.core.judge import placeholders
from cmcheck.technician.templates import TEMPLATES
from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit

SUMMARY = "summary: Copy the new image to flash, set the boot variable, reload, and verify."
FIRST_STEP = "    - Back up the running configuration to the TFTP server.\n"
VERIFY = ("verification: All access switches and wireless controllers are reachable; a classroom "
          "PC gets an address and reaches the SIS.")


def test_a_real_plan_passes(repo: Repo) -> None:
    check(repo, CHANGE, [])


@pytest.mark.parametrize("placeholder", ["n/a", "TBD", '"-"', "see above"])
def test_a_placeholder_step_summary_or_verification_fails(repo: Repo, placeholder: str) -> None:
    check(repo, edit((FIRST_STEP, f"    - {placeholder}\n")), [("plan", 19)])
    check(repo, edit((SUMMARY, f"summary: {placeholder}")), [("plan", 17)])
    found = check(repo, edit((VERIFY, f"verification: {placeholder}")), [("plan", 23)])
    assert found[0]["message"].startswith("the verification is a placeholder: say how")


def test_the_emergency_templates_steps_left_unchanged_fail_each_on_its_line(repo: Repo) -> None:
    steps = "".join(f"    - {s}\n" for s in TEMPLATES["emergency"].steps)
    text = edit(("".join(line + "\n" for line in CHANGE.splitlines()[18:22]), steps))
    found = check(repo, text, [("plan", 19), ("plan", 20), ("plan", 21)])
    assert found[0]["message"] == (
        "this step is the template's placeholder, true of every change and so of none: say what "
        "you will do here (which device, what you replace or check)")


def test_every_placeholder_text_is_a_template_text() -> None:
    """The core's list and the technician's templates name the same sentences."""
    texts = {text for t in TEMPLATES.values() for text in (*t.steps, *t.backout_steps)}
    assert texts >= placeholders.TEMPLATE
    emergency = TEMPLATES["emergency"]
    assert {*emergency.steps, *emergency.backout_steps} <= placeholders.TEMPLATE
