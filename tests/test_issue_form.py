"""`cmcheck issue-form`: the change-request issue form made from the model, policy.yaml and
inventory.yaml, committed, valid for GitHub, and kept in step by `validate`'s `issue-form` rule."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from cmcheck.core.model import issueform
from tests.conftest import FIXTURES, REPO_ROOT, Repo, run

FORM = issueform.PATH
UPS = """  ups-hs-02:
    name: High school UPS (second, rack B)
    kind: ups
    sites: [high-school]
    audiences: [technology]
"""


def check_jsonschema(path: Path) -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run([str(tool), "--builtin-schema", "vendor.github-issue-forms", str(path)],
                          capture_output=True, text=True, check=False)


def validate(root: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = run(root, "validate", "--format", "json", "--now", "2026-12-01T09:00", *args)
    return result.exit_code, json.loads(result.output)["findings"]


def test_the_committed_form_is_what_issue_form_writes_and_github_accepts_it() -> None:
    result = run(REPO_ROOT, "issue-form")
    assert result.exit_code == 0
    assert (REPO_ROOT / FORM).read_text(encoding="utf-8") == result.output
    checked = check_jsonschema(REPO_ROOT / FORM)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_form_follows_the_issue(tmp_path: Path) -> None:
    form = yaml.safe_load((REPO_ROOT / FORM).read_text(encoding="utf-8"))
    assert form["labels"] == ["change-request"]
    items = {item["id"]: item for item in form["body"] if "id" in item}
    for needed in ("kind", "category", "systems", "impact-summary", "impact-audiences",
                   "impact-sites", "impact-user_connectivity", "schedule-start", "schedule-end",
                   "plan-steps", "backout-steps", "backout-duration_minutes", "stakeholders"):
        assert needed in items
    for key in ("systems", "impact-audiences", "impact-sites"):
        assert items[key]["type"] == "dropdown" and items[key]["attributes"]["multiple"] is True
    assert items["systems"]["attributes"]["options"][0].startswith("ups-co-01 (")
    assert items["impact-user_connectivity"]["attributes"]["options"][:2] == ["Yes", "No"]
    assert items["kind"]["attributes"]["options"][0].startswith("scheduled ")
    assert [o.split(" ")[0] for o in items["impact-sites"]["attributes"]["options"]] == [
        "central-office", "high-school", "middle-school", "elementary"]
    assert items["plan-steps"]["type"] == "textarea"
    description = items["schedule-start"]["attributes"]["description"]
    assert "14 days" in description and "two weeks' notice" in description
    assert "Mon, Tue, Wed, Thu, Fri 05:00–19:00" in description
    assert "'n/a'" in items["backout-summary"]["attributes"]["description"]
    # a generated form (another policy and inventory) is valid for GitHub too
    made = tmp_path / "form.yml"
    made.write_text(run(_district(tmp_path / "d"), "issue-form").output, encoding="utf-8")
    assert check_jsonschema(made).returncode == 0


def _district(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "policy.yaml").write_bytes((FIXTURES / "policy.yaml").read_bytes())
    (root / "inventory.yaml").write_text(
        (FIXTURES / "inventory.yaml").read_text(encoding="utf-8") + UPS, encoding="utf-8")
    return root


def test_a_name_cannot_change_the_forms_structure(tmp_path: Path) -> None:
    root = _district(tmp_path / "d")
    inventory = (root / "inventory.yaml").read_text(encoding="utf-8")
    (root / "inventory.yaml").write_text(inventory.replace(
        "name: High school UPS (second, rack B)",
        'name: "x\\"]\\u0020- type: markdown #, (y)"'), encoding="utf-8")
    text = run(root, "issue-form").output
    form = yaml.safe_load(text)
    options = next(i for i in form["body"] if i.get("id") == "systems")["attributes"]["options"]
    assert 'ups-hs-02 (x"] - type: markdown #; y)' in options
    assert [i["type"] for i in form["body"]].count("markdown") == 1


def test_a_stale_form_is_a_finding_on_its_line(repo: Repo) -> None:
    repo.write("inventory.yaml", (FIXTURES / "inventory.yaml").read_text(encoding="utf-8"))
    repo.write(FORM, run(repo.root, "issue-form").output)
    assert validate(repo.root) == (0, [])
    repo.write("inventory.yaml", (FIXTURES / "inventory.yaml").read_text(encoding="utf-8") + UPS)
    code, found = validate(repo.root)
    assert code == 1
    assert [(f["path"], f["rule"], f["severity"]) for f in found] == [
        (FORM, "issue-form", "error")]
    assert "run `cmcheck issue-form > .github/ISSUE_TEMPLATE/change-request.yml`" in \
        found[0]["message"]
    line = found[0]["line"]
    assert "options" in (repo.root / FORM).read_text(encoding="utf-8").splitlines()[line - 1]


def test_a_system_added_in_a_pull_request_must_reach_the_form_in_it(repo: Repo) -> None:
    repo.commit("Inventory and form", "2026-11-01T13:00:00-05:00",
                {"inventory.yaml": (FIXTURES / "inventory.yaml").read_text(encoding="utf-8")})
    repo.commit("Form", "2026-11-01T13:10:00-05:00", {FORM: run(repo.root, "issue-form").output})
    repo.branch("pr")
    repo.write("inventory.yaml", (FIXTURES / "inventory.yaml").read_text(encoding="utf-8") + UPS)
    code, found = validate(repo.root, "--base", "main")
    assert ("issue-form", "error") in {(f["rule"], f["severity"]) for f in found}
    assert code == 1
    repo.write(FORM, run(repo.root, "issue-form").output)
    code, found = validate(repo.root, "--base", "main")
    assert "issue-form" not in {f["rule"] for f in found}


def test_a_pull_request_that_touches_none_of_them_is_not_judged_on_the_form(
        repo: Repo, change_text: str) -> None:
    repo.commit("Form", "2026-11-01T13:10:00-05:00", {FORM: "stale\n"})
    repo.branch("pr")
    repo.write("changes/2026/2026-12-19-core-switch-ios.yaml", change_text)
    code, found = validate(repo.root, "--base", "main")
    assert (code, found) == (0, [])
    assert "issue-form" in {f["rule"] for f in validate(repo.root)[1]}


def test_the_technicians_walk_names_every_question_of_the_form() -> None:
    guide = (REPO_ROOT / "docs" / "technician.md").read_text(encoding="utf-8")
    walk = guide[guide.index("## The change-request form on GitHub"):guide.index("## 1.")]
    rows = [line.split("|")[1] for line in walk.splitlines() if line.startswith("   | **")]
    named = {label for row in rows for label in re.findall(r"\*\*(.+?)\*\*", row)}
    form = yaml.safe_load((REPO_ROOT / FORM).read_text(encoding="utf-8"))
    labels = {item["attributes"]["label"] for item in form["body"] if "id" in item}
    assert named == labels
    from cmcheck.core.model.issueform import COMMENT_MARKER
    from cmcheck.technician import intake_comment

    assert COMMENT_MARKER == intake_comment.MARKER
    for said in ("needs your changes", "ready for the Technology Coordinator's review",
                 "Edit this issue to change them"):
        assert said in walk
        assert said in Path(intake_comment.__file__).read_text(encoding="utf-8")
