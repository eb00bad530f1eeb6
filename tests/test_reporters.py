"""Every reporter over one shared set of findings, and how the CLI picks and writes them."""

from __future__ import annotations

import json
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from cmcheck.core.judge import rules
from cmcheck.core.judge.findings import Finding, Result
from cmcheck.core.judge.reporters import FORMATS, github, json_format, sarif, text
from cmcheck.core.model.verdicts import Severity
from tests.conftest import Repo, run
from tests.rules.helpers import CHANGE, edit
from tests.validating import CHANGE_PATH

HOSTILE = "100% sure\r\n::error file=x,line=1::forged"
RESULT = Result(3, [
    Finding("changes/2026/a.yaml", 14, 10, "notice-period", Severity.ERROR,
            f"submitted too late; {HOSTILE}"),
    Finding("changes/2026/odd,name:x.yaml", 3, 1, "conflict", Severity.WARNING,
            "overlaps a | b <script>alert(1)</script> [x](http://evil.example) *em* & `code`"),
    Finding("changes/2027/b.yaml", 1, 1, "yaml", Severity.NOTICE, "plain words"),
])


def test_text() -> None:
    assert text.render(RESULT) == (
        "changes/2026/a.yaml:14:10: error [notice-period] submitted too late; 100% sure\\r\\n"
        "::error file=x,line=1::forged\n"
        "changes/2026/odd,name:x.yaml:3:1: warning [conflict] overlaps a | b "
        "<script>alert(1)</script> [x](http://evil.example) *em* & `code`\n"
        "changes/2027/b.yaml:1:1: notice [yaml] plain words\n"
        "1 error, 1 warning, 1 notice in 3 files\n")


def test_text_colours_only_when_asked() -> None:
    assert "\x1b[" not in text.render(RESULT)
    assert "\x1b[31m" in text.render(RESULT, color=True)


def test_text_of_a_clean_run() -> None:
    assert text.render(Result(1, [])) == "0 errors, 0 warnings, 0 notices in 1 file\n"


def test_json_has_the_exact_shape_of_the_design() -> None:
    assert json.loads(json_format.render(RESULT)) == {
        "files": 3,
        "findings": [
            {"path": "changes/2026/a.yaml", "line": 14, "column": 10, "rule": "notice-period",
             "severity": "error", "message": f"submitted too late; {HOSTILE}"},
            {"path": "changes/2026/odd,name:x.yaml", "line": 3, "column": 1, "rule": "conflict",
             "severity": "warning", "message": RESULT.findings[1].message},
            {"path": "changes/2027/b.yaml", "line": 1, "column": 1, "rule": "yaml",
             "severity": "notice", "message": "plain words"},
        ],
    }


def test_github_escapes_data_and_properties() -> None:
    lines = github.render(RESULT).splitlines()
    assert lines == [
        "::error file=changes/2026/a.yaml,line=14,col=10,title=cmcheck notice-period::"
        "submitted too late; 100%25 sure%0D%0A::error file=x,line=1::forged",
        "::warning file=changes/2026/odd%2Cname%3Ax.yaml,line=3,col=1,title=cmcheck conflict::"
        "overlaps a | b <script>alert(1)</script> [x](http://evil.example) *em* & `code`",
        "::notice file=changes/2027/b.yaml,line=1,col=1,title=cmcheck yaml::plain words",
        "1 error, 1 warning, 1 notice in 3 files",
    ]
    assert sum(1 for line in lines if line.startswith("::")) == len(RESULT.findings)


def test_github_summary_escapes_markdown() -> None:
    summary = github.summary(RESULT)
    rows = summary.splitlines()
    assert rows[:6] == [
        "## cmcheck validate", "", "1 error, 1 warning, 1 notice in 3 files", "",
        "| file | line | rule | severity | message |", "| --- | --- | --- | --- | --- |"]
    assert len(rows) == 6 + len(RESULT.findings)
    for row in rows[6:]:
        assert row.count("|") == 6, row  # no cell can add a column
    assert "<script>" not in summary and "](http" not in summary and "*em*" not in summary
    assert "a &#124; b &#60;script&#62;" in summary
    assert "\r" not in summary and "%0A" not in summary
    assert rows[6].endswith("100% sure&#92;r&#92;n::error file=x,line=1::forged |")


def test_github_summary_of_a_clean_run_has_no_table() -> None:
    assert github.summary(Result(2, [])) == (
        "## cmcheck validate\n\n0 errors, 0 warnings, 0 notices in 2 files\n\n")


def test_sarif_has_one_rule_entry_per_rule_and_results_point_at_them() -> None:
    log = json.loads(sarif.render(RESULT))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "cmcheck"
    ids = [rule["id"] for rule in driver["rules"]]
    assert sorted(ids) == sorted(rules.ALL) and len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"] == rules.documentation(rules.ALL[rule["id"]])
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    assert [r["level"] for r in sarif_run["results"]] == ["error", "warning", "note"]
    for result, finding in zip(sarif_run["results"], RESULT.findings, strict=True):
        assert result["ruleId"] == finding.rule
        assert driver["rules"][result["ruleIndex"]]["id"] == finding.rule
        assert result["message"]["text"] == finding.message
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == urllib.parse.quote(finding.path)
        assert physical["region"] == {"startLine": finding.line, "startColumn": finding.column}


def test_every_format_is_a_cli_choice() -> None:
    assert set(FORMATS) == {"text", "json", "github", "sarif"}


LATE = edit(("start: 2026-12-19 20:00\n  end: 2026-12-19 22:00",
             "start: 2026-12-12 20:00\n  end: 2026-12-12 22:00"), text=CHANGE)


def test_github_actions_picks_the_github_format(repo: Repo,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write(CHANGE_PATH, LATE)
    assert run(repo.root, "validate", "--now", "2026-12-01T09:00").stdout.startswith(
        f"{CHANGE_PATH}:14:10: error [notice-period]")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run(repo.root, "validate", "--now", "2026-12-01T09:00")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"::error file={CHANGE_PATH},line=14,col=10,")
    # An explicit --format still wins.
    assert json.loads(run(repo.root, "validate", "--format", "json", "--now",
                          "2026-12-01T09:00").stdout)["files"] == 1


def test_the_job_summary_is_appended_under_actions(repo: Repo, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    repo.write(CHANGE_PATH, LATE.replace(
        "title: Upgrade the high school core switch from IOS 15.2 to IOS XE 17.3",
        "title: Upgrade | the <b>core</b> switch"))
    repo.write("changes/2026/2026-12-12-twin.yaml", LATE)  # conflicts: quotes the title
    result = run(repo.root, "validate", "--now", "2026-12-01T09:00")
    assert result.exit_code == 1
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n## cmcheck validate\n")
    assert "<b>" not in written
    assert "Upgrade &#124; the &#60;b&#62;core&#60;/b&#62; switch" in written
    findings, _, risks = written.partition("### Risk")
    table = [row for row in findings.splitlines() if row.startswith("| <code>changes/")]
    assert len(table) == len(result.stdout.splitlines()) - 1
    assert all(row.count("|") == 6 for row in table)
    assert [row.split(" | ")[0] for row in risks.splitlines() if row.startswith("| ")][2:] == [
        "| <code>changes/2026/2026-12-12-twin.yaml</code>", f"| <code>{CHANGE_PATH}</code>"]


SARIF_SCHEMA = Path(__file__).parent / "fixtures" / "sarif-2.1.0.schema.json"


def sarif_problems(log: dict[str, object], tmp_path: Path) -> str:
    """check-jsonschema against the official SARIF 2.1.0 schema, URI formats checked
    (rfc3986-validator); empty when the log is valid."""
    from tests.test_quality import tool

    file = tmp_path / "log.sarif"
    file.write_text(json.dumps(log), encoding="utf-8")
    done = subprocess.run([tool("check-jsonschema"), "--regex-variant", "nonunicode",
                           "--schemafile", str(SARIF_SCHEMA), str(file)],
                          capture_output=True, text=True, timeout=120, check=False)
    return "" if done.returncode == 0 else done.stdout + done.stderr


def test_the_sarif_schema_is_the_final_oasis_one_with_valid_patterns() -> None:
    """Not the pre-release 2.1.0-rtm.5, whose pattern was no valid regex (issue 24)."""
    import re

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"] == ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                            "sarif-schema-2.1.0.json")
    patterns: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.append(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(schema)
    assert len(patterns) >= 10
    for pattern in patterns:
        re.compile(pattern)


def test_sarif_validates_against_the_official_schema_with_uris_checked(tmp_path: Path) -> None:
    spaced = RESULT._replace(findings=[*RESULT.findings, Finding(
        "changes/2026/with space%.yaml", 2, 1, "schema", Severity.ERROR, "x")])
    log = json.loads(sarif.render(spaced))
    assert sarif_problems(log, tmp_path) == ""
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]]
    assert uris[-1] == "changes/2026/with%20space%25.yaml"
    # The check can fail: the raw path is no URI reference, and the format check says so.
    log["runs"][0]["results"][-1]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"] = "changes/2026/with space%.yaml"
    assert "uri" in sarif_problems(log, tmp_path)


def test_sarif_rules_have_names_and_help_that_lead_to_the_rule_reference() -> None:
    log = json.loads(sarif.render(RESULT, where="https://github.com/qcsd/changes"))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://github.com/qcsd/changes#readme"
    page = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    anchors = {sarif.anchor(line.lstrip("# ")) for line in page.splitlines()
               if line.startswith("### ")}
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert by_id["notice-period"]["name"] == "Notice period"
    assert by_id["notice-period"]["helpUri"] == (
        "https://github.com/qcsd/changes/blob/HEAD/docs/rules.md"
        "#notice-period-error-may-be-waived-by-an-exception")
    for rule in driver["rules"]:
        # A name for people: words, never the id re-capitalised ("Yaml", "NoticePeriod"),
        # which SARIF Multitool flags as SARIF1001 (it compares ignoring case).
        name, ident = rule["name"], rule["id"]
        assert name.casefold() != ident.casefold(), name
        assert name != "".join(part.capitalize() for part in ident.split("-")), name
        assert " " in name and name[0].isupper(), name
    names = [rule["name"] for rule in driver["rules"]]
    assert len(set(names)) == len(names)
    for rule in driver["rules"]:
        where, _, fragment = rule["helpUri"].partition("#")
        assert where.endswith("/docs/rules.md") and fragment in anchors, rule["helpUri"]


def test_sarif_fingerprints_are_stable_and_distinct() -> None:
    first = json.loads(sarif.render(RESULT))["runs"][0]["results"]
    again = json.loads(sarif.render(Result(3, list(RESULT.findings))))["runs"][0]["results"]
    prints = [r["partialFingerprints"][sarif.FINGERPRINT] for r in first]
    assert prints == [r["partialFingerprints"][sarif.FINGERPRINT] for r in again]
    assert len(set(prints)) == len(prints)
    twice = sarif.fingerprints([RESULT.findings[0], RESULT.findings[0]])
    assert twice[0] != twice[1]


def test_sarif_links_to_the_repository_that_runs_it() -> None:
    assert sarif.home({"GITHUB_SERVER_URL": "https://github.com",
                       "GITHUB_REPOSITORY": "district/changes"}) == (
        "https://github.com/district/changes")
    assert sarif.home({"GITHUB_REPOSITORY": "not a repository"}) == sarif.DEFAULT_HOME
