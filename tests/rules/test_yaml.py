"""yaml: the file must be plain, safe YAML (more hazards in tests/test_bad_input.py)."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit


def test_plain_yaml_passes(repo: Repo) -> None:
    assert check(repo, CHANGE, []) == []


def test_anchor_is_refused_on_its_line(repo: Repo) -> None:
    found = check(repo, edit(("kind: scheduled", "kind: &k scheduled")), [("yaml", 3)])
    assert "anchors" in found[0]["message"]


def test_duplicate_key_points_at_the_second(repo: Repo) -> None:
    text = edit(("category: firmware-upgrade\n",
                 "category: firmware-upgrade\ncategory: network\n"))
    found = check(repo, text, [("yaml", 5)])
    assert found[0]["message"] == "duplicate key 'category' (first on line 4)"


TAB = ("a tab indents this line; YAML indents with spaces only: replace the tab with spaces "
       "(set the editor to insert spaces for Tab)")


def test_tab_indentation_says_tab_and_how_to_fix_it(repo: Repo) -> None:
    # LibYAML's own words were "found character that cannot start any token".
    found = check(repo, edit(("  summary: The high school loses",
                              "\tsummary: The high school loses")), [("yaml", 12)])
    assert (found[0]["message"], found[0]["column"]) == (TAB, 1)


def test_a_tab_after_spaces_in_a_block_is_named_too(repo: Repo) -> None:
    # LibYAML: "found a tab character that violates indentation"; the tab is the 3rd character.
    found = check(repo, edit(("  verification:", "  \tverification:")), [("yaml", 23)])
    assert (found[0]["message"], found[0]["column"]) == (TAB, 3)


def test_a_tab_inside_a_value_is_no_indentation(repo: Repo) -> None:
    check(repo, edit(("kind: scheduled", "kind:\tscheduled")), [])


def test_other_syntax_errors_keep_the_parser_s_words(repo: Repo) -> None:
    found = check(repo, edit(("kind: scheduled", "kind: [scheduled")), [("yaml", 4)])
    assert found[0]["message"].startswith("invalid YAML: ")


def test_yaml_1_1_booleans_and_times_stay_text(repo: Repo) -> None:
    # `no` and `19:00` would be False and 1140 in YAML 1.1; here they are text the schema refuses.
    text = edit(("mission_critical_data: true", "mission_critical_data: no"),
                ("start: 2026-12-19 20:00", "start: 19:00"))
    found = check(repo, text, [("schema", 8), ("schema", 14)])
    assert all(f["severity"] == "error" for f in found)
