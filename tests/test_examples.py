"""The example changes pass, and the committed schema matches the models.

The examples are read as committed (the `examples` fixture): a technician's own change request
in the clone's changes/ is not the tests' business."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO_ROOT, run


def test_examples_have_no_errors(examples: Path) -> None:
    result = run(examples, "validate", "--format", "json", "--now", "2026-11-29T12:00")
    report = json.loads(result.output)
    assert result.exit_code == 0, result.output
    assert report["files"] >= 6
    assert [f for f in report["findings"] if f["severity"] == "error"] == []


def test_examples_start_with_the_schema_line(examples: Path) -> None:
    for path in (examples / "changes").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/change-request.schema.json"


def test_schema_is_current() -> None:
    result = run(REPO_ROOT, "schema", "--check")
    assert result.exit_code == 0, result.output


def test_examples_warn_only_of_the_conflict_the_readme_explains(examples: Path) -> None:
    """A fresh clone's `cmcheck validate` shows one lesson, which the README explains: the two
    SIS changes on Saturday 2027-01-09 overlap through a dependency (the conflict warning)."""
    result = run(examples, "validate", "--format", "json", "--now", "2026-11-29T12:00")
    found = json.loads(result.output)["findings"]
    assert {(f["path"].rsplit("/", 1)[1], f["rule"]) for f in found} == {
        ("2027-01-09-sis-database-patch.yaml", "conflict"),
        ("2027-01-09-sis-server-os-upgrade.yaml", "conflict")}
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "2 warnings" in readme and "2027-01-09" in readme
