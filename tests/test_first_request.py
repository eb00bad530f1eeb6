"""A new district's first request: a repository with no change request yet has no changes/
folder (git keeps no empty folder), and that is "no change yet", not an error."""

from __future__ import annotations

import json

from tests.conftest import Repo, run


def test_a_repository_without_changes_folder_validates_clean(repo: Repo) -> None:
    assert not (repo.root / "changes").exists()
    result = run(repo.root, "validate", "--format", "json", "--now", "2026-12-01T09:00")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"files": 0, "findings": []}


def test_a_named_path_that_does_not_exist_is_still_a_usage_error(repo: Repo) -> None:
    result = run(repo.root, "validate", "changes/2026/nothing.yaml")
    assert result.exit_code == 2
    assert "no such file or directory: changes/2026/nothing.yaml" in result.output


def test_a_pull_request_adding_the_first_change_is_judged(repo: Repo, change_text: str) -> None:
    repo.branch("first")
    repo.commit("First request", "2026-12-01T09:00:00-06:00",
                {"changes/2026/2026-12-19-core-switch-ios.yaml": change_text})
    result = run(repo.root, "validate", "--base", "main", "--format", "json",
                 "--now", "2026-12-01T09:00")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["files"] == 1
