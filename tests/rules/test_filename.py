"""filename: a .yaml file under changes/ whose stem is a lowercase id used once."""

from __future__ import annotations

import json

from tests.conftest import Repo, run
from tests.rules.helpers import CHANGE, check


def test_a_good_name_passes(repo: Repo) -> None:
    check(repo, CHANGE, [], path="changes/2026/2026-12-19-core-switch-ios.yaml")


def test_uppercase_and_underscores_are_refused(repo: Repo) -> None:
    found = check(repo, CHANGE, [("filename", 1)], path="changes/2026/Core_Switch.yaml")
    assert "'Core_Switch' must be lowercase" in found[0]["message"]


def test_yml_suffix_is_refused(repo: Repo) -> None:
    found = check(repo, CHANGE, [("filename", 1)], path="changes/2026/core-switch.yml")
    assert found[0]["message"] == "the file must end in .yaml, not .yml"


def test_an_id_used_in_two_year_folders(repo: Repo) -> None:
    repo.write("changes/2027/core-switch.yaml", CHANGE)
    found = check(repo, CHANGE, [("filename", 1)], path="changes/2026/core-switch.yaml")
    assert "already used by changes/2027/core-switch.yaml" in found[0]["message"]


def test_a_file_outside_changes(repo: Repo) -> None:
    repo.write("drafts/core-switch.yaml", CHANGE)
    result = run(repo.root, "validate", "--format", "json", "--now", "2026-12-01T09:00",
                 "drafts/core-switch.yaml")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["line"], f["path"]) for f in findings] == [
        ("filename", 1, "drafts/core-switch.yaml")]
    assert result.exit_code == 1
