"""`cmcheck settings` names the plan as the cause when GitHub answers that the repository's
plan lacks a feature (issue 24): a private repository on GitHub Free has neither rulesets nor
environments, and "the token lacks a permission" sent a coordinator hunting for the wrong fix."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from cmcheck.core.model.codeowners import render
from cmcheck.github.gate import declared as gate
from tests import fake_github as gh
from tests.conftest import REPO_ROOT, Repo, run
from tests.fake_gate import Gate

UPGRADE = (403, {"message": "Upgrade to GitHub Pro or make this repository public to enable "
                            "this feature.",
                 "documentation_url": "https://docs.github.com/rest/repos/rules"})


@pytest.fixture
def free_private(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    made = Gate()
    made.holding()

    def route(method: str, path: str, role: str, body: Any) -> tuple[int, Any] | None:
        if "/rulesets" in path:
            return UPGRADE
        return made.route(method, path, role, body)
    for _ in gh.serve_to_cmcheck(gh.State(route=route), monkeypatch):
        yield made


def test_a_plan_without_rulesets_is_named_as_the_cause(
        free_private: Gate, repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(REPO_ROOT / gate.RULESET_FILE, repo.write(gate.RULESET_FILE, ""))
    repo.write(".github/CODEOWNERS", render(["qcsd-techcoord"]))
    repo.commit("Declare the gate", "2026-11-01T10:00:00-05:00")
    monkeypatch.setenv("GITHUB_TOKEN", gh.ADMIN_TOKEN)
    result = run(repo.root, "settings")
    # A gap in the gate (exit 1, as the audit reports it daily), with the plan as its cause.
    assert result.exit_code == 1, result.output
    assert "ruleset.enforcement: want available and set; found not available: GitHub's plan " \
        "for this repository lacks this feature" in result.output
    assert "make the repository public" in result.output and "GitHub Team" in result.output
    assert "lacks a permission" not in result.output


def test_the_coordinators_guide_gives_the_choices_and_pages() -> None:
    guide = " ".join((REPO_ROOT / "docs" / "coordinator.md").read_text(encoding="utf-8").split())
    assert "Source: **GitHub Actions**" in guide
    for choice in ("public repository", "GitHub Team", "organization"):
        assert choice in guide, choice
    assert "$4 per user per month" in guide
