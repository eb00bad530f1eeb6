"""The `codeowners` rule: a committed CODEOWNERS must be the one the coordinators make, on real
git repositories, in a full run and in a pull request."""

from __future__ import annotations

import json
from pathlib import Path

from cmcheck.core.model.codeowners import render
from tests.conftest import Repo, run

POLICY_DATE = "2026-11-01T10:00:00-05:00"


def findings(root: Path, *args: str) -> tuple[int, list[tuple[str, int, str]]]:
    (root / "changes").mkdir(exist_ok=True)
    result = run(root, "validate", "--format", "json", "--now", "2026-11-20T10:00", *args)
    found = json.loads(result.output)["findings"]
    return result.exit_code, [(f["path"], f["line"], f["severity"]) for f in found
                              if f["rule"] == "codeowners"]


def test_a_matching_codeowners_and_none_at_all_pass(repo: Repo) -> None:
    assert findings(repo.root) == (0, [])
    repo.commit("CODEOWNERS", POLICY_DATE, {".github/CODEOWNERS": render(["qcsd-techcoord"])})
    assert findings(repo.root) == (0, [])


def test_a_stale_codeowners_is_an_error_on_its_first_wrong_line(repo: Repo) -> None:
    stale = render(["qcsd-techcoord"]).replace("* @qcsd-techcoord", "* @someone-else")
    repo.commit("CODEOWNERS", POLICY_DATE, {".github/CODEOWNERS": stale})
    (repo.root / "changes").mkdir()
    result = run(repo.root, "validate", "--now", "2026-11-20T10:00")
    assert result.exit_code == 1
    assert (".github/CODEOWNERS:3:1: error [codeowners] .github/CODEOWNERS does not match "
            "policy.yaml's coordinators (@qcsd-techcoord): run `cmcheck codeowners > "
            ".github/CODEOWNERS` and commit it") in result.output


def test_the_file_github_uses_is_the_one_judged(repo: Repo) -> None:
    repo.commit("CODEOWNERS at the root", POLICY_DATE, {"CODEOWNERS": "* @someone-else\n"})
    assert findings(repo.root) == (1, [("CODEOWNERS", 1, "error")])


def test_a_pull_request_adding_a_coordinator_must_bring_the_new_codeowners(repo: Repo) -> None:
    repo.commit("CODEOWNERS", POLICY_DATE, {".github/CODEOWNERS": render(["qcsd-techcoord"])})
    repo.branch("pr")
    policy = (repo.root / "policy.yaml").read_text()
    repo.commit("A second coordinator", "2026-11-02T10:00:00-05:00", {"policy.yaml": policy.replace(
        "coordinators: [qcsd-techcoord]", "coordinators: [qcsd-techcoord, newcoord]")})
    assert findings(repo.root, "--base", "main") == (1, [(".github/CODEOWNERS", 3, "error")])
    repo.commit("and CODEOWNERS", "2026-11-02T11:00:00-05:00",
                {".github/CODEOWNERS": render(["qcsd-techcoord", "newcoord"])})
    assert findings(repo.root, "--base", "main") == (0, [])


def test_a_pull_request_that_touches_neither_is_not_blamed_for_main(repo: Repo,
                                                                    change_text: str) -> None:
    repo.commit("A stale CODEOWNERS", POLICY_DATE, {".github/CODEOWNERS": "* @someone-else\n"})
    repo.branch("pr")
    repo.commit("A change", "2026-11-02T10:00:00-05:00",
                {"changes/2026/2026-12-19-core-switch.yaml": change_text})
    assert findings(repo.root, "--base", "main")[1] == []
    assert findings(repo.root)[1] == [(".github/CODEOWNERS", 1, "error")]
