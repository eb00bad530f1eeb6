"""Which of GitHub's ruleset and the declaration is stricter, setting by setting, and the ruleset
`--apply` writes: the stricter of the two everywhere, GitHub's where they cannot be ranked."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cmcheck.core.model.gate import ACTIONS_APP_ID, floor_ruleset, rules_of
from cmcheck.github.gate.stricter import DECLARATION, GITHUB, NEITHER, differences, merged
from tests.test_settings import DECLARED


def _with(kind: str, **parameters: Any) -> dict[str, Any]:
    ruleset = copy.deepcopy(DECLARED)
    rule = next(r for r in ruleset["rules"] if r["type"] == kind)
    rule["parameters"].update(parameters)
    return ruleset


def sides(live: dict[str, Any]) -> list[tuple[str, str]]:
    return [(n.setting, n.stricter) for n in differences(live, DECLARED)]


def test_the_declaration_against_itself_and_the_floor_differ_in_nothing() -> None:
    assert differences(DECLARED, DECLARED) == []
    # GitHub fills in defaults the declaration leaves out: they are not differences.
    assert differences(floor_ruleset(), DECLARED) == []
    assert merged(DECLARED, DECLARED)["rules"] == DECLARED["rules"]


@pytest.mark.parametrize(("live", "setting", "side"), [
    (_with("pull_request", required_approving_review_count=3),
     "rules.pull_request.required_approving_review_count", GITHUB),
    (_with("pull_request", required_review_thread_resolution=True),
     "rules.pull_request.required_review_thread_resolution", GITHUB),
    (_with("pull_request", dismiss_stale_reviews_on_push=False),
     "rules.pull_request.dismiss_stale_reviews_on_push", DECLARATION),
    (_with("pull_request", allowed_merge_methods=["merge", "squash"]),
     "rules.pull_request.allowed_merge_methods", DECLARATION),
    (_with("required_status_checks", do_not_enforce_on_create=True),
     "rules.required_status_checks.do_not_enforce_on_create", DECLARATION),
    (_with("pull_request", automatic_copilot_code_review_enabled=True),
     "rules.pull_request.automatic_copilot_code_review_enabled", NEITHER),
    ({**DECLARED, "enforcement": "evaluate"}, "ruleset.enforcement", DECLARATION),
    ({**DECLARED, "conditions": {"ref_name": {"include": ["~ALL"], "exclude": []}}},
     "ruleset.conditions", NEITHER),
    ({**DECLARED, "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH", "refs/heads/x"],
                                              "exclude": []}}}, "ruleset.conditions", GITHUB),
])
def test_each_difference_names_the_stricter_side(live: dict[str, Any], setting: str,
                                                 side: str) -> None:
    assert sides(live) == [(setting, side)]


def test_merged_keeps_the_stricter_of_each_and_what_it_cannot_rank() -> None:
    live = _with("pull_request", required_approving_review_count=2,
                 require_code_owner_review=False, automatic_copilot_code_review_enabled=True)
    live["rules"].append({"type": "required_signatures"})
    live["bypass_actors"] = [{"actor_id": 5, "actor_type": "RepositoryRole",
                              "bypass_mode": "always"}]
    written = merged(live, DECLARED)
    rules = rules_of(written)
    assert rules["pull_request"]["required_approving_review_count"] == 2
    assert rules["pull_request"]["require_code_owner_review"] is True
    assert rules["pull_request"]["automatic_copilot_code_review_enabled"] is True
    assert "required_signatures" in rules
    assert written["bypass_actors"] == []
    # and GitHub's, set to it, is at least the declaration everywhere
    assert {n.stricter for n in differences(written, DECLARED)} == {GITHUB, NEITHER}
    assert differences(live, written) and differences(written, merged(written, DECLARED)) == []


def test_a_required_check_from_any_source_is_pinned_and_an_extra_one_kept() -> None:
    live = _with("required_status_checks", required_status_checks=[
        {"context": "cmcheck validate"}, {"context": "cmcheck approval",
                                          "integration_id": ACTIONS_APP_ID},
        {"context": "zizmor", "integration_id": ACTIONS_APP_ID}])
    assert sides(live) == [("rules.required_status_checks.required_status_checks", NEITHER)]
    checks = rules_of(merged(live, DECLARED))["required_status_checks"]["required_status_checks"]
    assert checks == [{"context": "cmcheck validate", "integration_id": ACTIONS_APP_ID},
                      {"context": "cmcheck approval", "integration_id": ACTIONS_APP_ID},
                      {"context": "zizmor", "integration_id": ACTIONS_APP_ID}]


def test_the_committed_declaration_asks_exactly_the_floor() -> None:
    assert rules_of(floor_ruleset()).keys() == rules_of(DECLARED).keys()
    assert differences(floor_ruleset(), DECLARED) == differences(DECLARED, floor_ruleset()) == []
