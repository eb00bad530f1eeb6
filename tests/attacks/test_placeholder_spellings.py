"""Issue 23, item 16: a placeholder spelled another way is still a placeholder.

`plan` and `backout-plan` compared a text's words with a list, so `T.B.D.`, `To do`, `to be
determined`, `Lorem ipsum…` and `N/A - will fill in later` all passed as a plan. Dots, spaces and
case no longer matter, and a text that *starts* with a placeholder (then a dash, a colon, ...)
is one. A real sentence that merely contains such words still passes.
"""

from __future__ import annotations

import pytest

from cmcheck.core.judge import placeholders
from tests.conftest import Repo
from tests.rules.helpers import check, edit

FIRST_STEP = "    - Back up the running configuration to the TFTP server.\n"
SUMMARY = "summary: Copy the new image to flash, set the boot variable, reload, and verify."

SPELLINGS = [
    "T.B.D.", "t. b. d.", "TBD.", "To do", "TO-DO", "to be determined", "To Be Decided",
    "Lorem ipsum…", "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "N/A - will fill in later", "n.a.", "N / A", "TBD: ask the vendor", "TODO fill in",
    "To do: write the steps", "will fill in later", "None - later", "???", "...", "Not applicable.",
]
REAL = [
    "Steps to do the upgrade are in the vendor's guide; follow section 4.",
    "To do the upgrade, copy the image to flash and reload.",
    "No users are affected: the switch has a redundant supervisor.",
    "None of the classrooms lose power; the UPS carries the rack.",
    "Later in the evening, reload the switch and check every uplink.",
    "Name the new access point AP-LIB-02 in the controller.",
    "Notify the office that the phones restart at 20:00.",
    "Unknown devices on the VLAN are moved to quarantine.",
    "TBDS-01 (the bus depot switch) is replaced with the spare.",
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_a_placeholder_spelled_another_way_is_one(text: str) -> None:
    assert placeholders.is_placeholder(text), text


@pytest.mark.parametrize("text", REAL)
def test_a_real_sentence_that_contains_such_words_is_not(text: str) -> None:
    assert not placeholders.says_nothing(text), text


@pytest.mark.parametrize("text", ["T.B.D.", "To do", "N/A - will fill in later",
                                  "Lorem ipsum…", "to be determined"])
def test_plan_and_backout_refuse_them_on_their_lines(repo: Repo, text: str) -> None:
    check(repo, edit((FIRST_STEP, f"    - {text}\n")), [("plan", 19)])
    check(repo, edit((SUMMARY, f"summary: {text}")), [("plan", 17)])
    found = check(repo, edit(("summary: Boot the previous IOS 15.2 image that stays on flash "
                              "and reload.", f"summary: {text}")), [("backout-plan", 26)])
    assert "placeholder" in found[0]["message"]


def test_real_steps_with_those_words_pass(repo: Repo) -> None:
    check(repo, edit((FIRST_STEP, f"    - {REAL[0]}\n")), [])


def test_each_text_is_normalised_once_however_many_rules_ask() -> None:
    """Speed (issue 25): the rules ask about the same text several times; the words of a
    text are worked out once."""
    text = "Reload the core switch and verify every uplink (unique 7f3a)."
    placeholders.normalised.cache_clear()
    for _ in range(5):
        placeholders.says_nothing(text)
        placeholders.is_placeholder(text)
        placeholders.from_template(text)
    info = placeholders.normalised.cache_info()
    assert info.misses == 1 and info.hits >= 14
