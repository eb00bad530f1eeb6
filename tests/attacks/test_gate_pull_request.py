"""Issue 23, item 5: a pull request that lowers the declaration below the floor, or deletes it,
passes `validate`.

The attack: a pull request edits `.github/rulesets/main.json` to drop code-owner review (or
adds a bypass actor, or deletes the file). `validate` gave it a `scope` notice and exit 0; it
was caught only by `cmcheck settings` and the audit, after the merge, when the declaration on
`main` already said less.

The defence: the `gate` rule holds the pull request's declaration to the floor in code (the one
`cmcheck settings` and the audit use), an error on the line that lowers it, which no
`exceptions` entry waives; deleting the declaration is the same error.
"""

from __future__ import annotations

import copy
import json
import os
import shutil

import pytest

from cmcheck.github.gate import declared as gate
from tests.conftest import REPO_ROOT, Repo, run
from tests.test_settings import DECLARED

PRETTY = (REPO_ROOT / gate.RULESET_FILE).read_text(encoding="utf-8")


@pytest.fixture
def declared(repo: Repo) -> Repo:
    """main with the committed declaration; the pull request's branch checked out."""
    shutil.copy(REPO_ROOT / gate.RULESET_FILE, repo.write(gate.RULESET_FILE, ""))
    repo.commit("Declare the gate", "2026-11-01T13:00:00-05:00")
    repo.branch("loosen")
    return repo


def validate(repo: Repo) -> tuple[int, list[dict[str, object]]]:
    result = run(repo.root, "validate", "--base", "main", "--format", "json",
                 "--now", "2026-11-25T09:00")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [f for f in json.loads(result.output)["findings"]
                              if f["rule"] == "gate"]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_turning_code_owner_review_off_is_an_error_on_its_line(declared: Repo) -> None:
    lowered = PRETTY.replace('"require_code_owner_review": true',
                             '"require_code_owner_review": false')
    declared.commit("Loosen the gate", "2026-11-24T09:00:00-06:00",
                    {gate.RULESET_FILE: lowered})
    code, found = validate(declared)
    assert code == 1, found
    (finding,) = found
    assert finding["severity"] == "error" and finding["path"] == gate.RULESET_FILE
    assert finding["line"] == line_of(lowered, "require_code_owner_review")
    assert "rules.pull_request.require_code_owner_review" in str(finding["message"])


def test_a_bypass_actor_is_an_error(declared: Repo) -> None:
    loose = copy.deepcopy(DECLARED)
    loose["bypass_actors"] = [{"actor_id": 4, "actor_type": "RepositoryRole",
                               "bypass_mode": "always"}]
    declared.commit("Let writers bypass", "2026-11-24T09:00:00-06:00",
                    {gate.RULESET_FILE: json.dumps(loose, indent=2)})
    code, found = validate(declared)
    assert code == 1 and [f["severity"] for f in found] == ["error"], found
    assert "bypass_actors" in str(found[0]["message"])


def test_deleting_the_declaration_is_an_error(declared: Repo) -> None:
    declared.commit("Remove the gate", "2026-11-24T09:00:00-06:00",
                    remove=[gate.RULESET_FILE])
    code, found = validate(declared)
    assert code == 1, found
    (finding,) = found
    assert finding["severity"] == "error" and finding["path"] == gate.RULESET_FILE
    assert "deletes" in str(finding["message"])


def test_a_link_in_place_of_the_declaration_is_an_error(declared: Repo) -> None:
    (declared.root / gate.RULESET_FILE).unlink()
    declared.write("elsewhere.json", PRETTY)
    os.symlink("../../elsewhere.json", declared.root / gate.RULESET_FILE)
    declared.commit("Point the gate elsewhere", "2026-11-24T09:00:00-06:00")
    code, found = validate(declared)
    assert code == 1 and [f["severity"] for f in found] == ["error"], found


def test_an_exception_does_not_waive_it(declared: Repo, change_text: str) -> None:
    lowered = PRETTY.replace('"required_approving_review_count": 1',
                             '"required_approving_review_count": 0')
    asking = change_text + "exceptions:\n  - rule: gate\n    reason: fewer reviews\n"
    declared.commit("Loosen the gate with a waiver", "2026-11-24T09:00:00-06:00",
                    {gate.RULESET_FILE: lowered, "changes/2026/2026-12-19-switch.yaml": asking})
    code, found = validate(declared)
    assert code == 1 and [f["severity"] for f in found] == ["error"], found


def test_a_stricter_declaration_passes(declared: Repo) -> None:
    """The control: raising the gate (2 approvals, signed commits) is not this rule's concern."""
    stricter = copy.deepcopy(DECLARED)
    stricter["rules"][2]["parameters"]["required_approving_review_count"] = 2
    stricter["rules"].append({"type": "required_signatures"})
    declared.commit("Tighten the gate", "2026-11-24T09:00:00-06:00",
                    {gate.RULESET_FILE: json.dumps(stricter, indent=2)})
    assert validate(declared) == (0, [])


def test_not_json_is_an_error_on_its_line(declared: Repo) -> None:
    declared.commit("Break the gate", "2026-11-24T09:00:00-06:00",
                    {gate.RULESET_FILE: '{\n  "name": "main",\n  oops\n}\n'})
    code, found = validate(declared)
    assert code == 1 and [(f["severity"], f["line"]) for f in found] == [("error", 3)], found
