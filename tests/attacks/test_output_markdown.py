"""Issue 23, item 11: file names break out of the Markdown that GitHub renders.

The attack: someone who can push to main adds change files whose names are Markdown. The audit
puts each path in a code span of the coordinator's issue: a backtick in the name ends the span,
so the rest renders, with a mention that notifies, an image fetched from anywhere and a link; a
newline forges a heading of its own, and a `|` splits the table's cells. Before the fix the
audit's table cell held ``@janetech ![p](p.png) [click](http:evil.example)`` as live Markdown.

Every string from git or the API is now shown as text in every Markdown cmcheck writes (the
audit's issue, the settings report, the validate job summary, the statistics report): each
character that starts Markdown or HTML is an entity, a mention, an issue reference or a bare
link is broken by an invisible space, and a line break or another control character is shown as
its escape (``\\n``) on the one line it belongs to.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cmcheck.github.gate import report as gate_report
from cmcheck.github.gate.compare import Gap, Unverified, Verdict
from cmcheck.report import figures
from cmcheck.report import render as report_render
from tests import fake_github as gh
from tests.conftest import Repo, run
from tests.fake_gate import gated

# Names git accepts and the audit reports (they are change files, just badly named).
HOSTILE = [
    "x` @janetech ![p](p.png) [click](http:evil.example) `y",
    "a\n# Forged heading\n| forged | row |",
    "z @qcsd-techcoord #1 www.evil.example <img src=x> **bold** $x^2$ :smile: \u202egpj",
]
# What a cell's source may hold once our own <code> tags and the character references are set
# aside: nothing that starts Markdown or HTML, no line break, no bidi control.
MARKUP = re.compile(r"[`\[\]()<>!*_~|$\\#&@\n\r\u202a-\u202e\u2066-\u2069]")
# What the text may not say once GitHub has decoded it: a mention, an issue reference, a link.
LINKS = re.compile(r"@\w|#\w|://|(?i:www\.)")


@pytest.fixture
def state(monkeypatch: pytest.MonkeyPatch) -> gh.State:
    state = gh.State()
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        yield state  # type: ignore[misc]


def cells(text: str) -> list[list[str]]:
    """Each table row's cells, split where GitHub splits them: at a `|` not escaped."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("| ---"):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def inert(cell: str) -> bool:
    source = re.sub(r"</?code>", "", cell)
    return (MARKUP.search(re.sub(r"&#\d+;", "", source)) is None
            and LINKS.search(html.unescape(source)) is None)


def shown(cell: str) -> str:
    """What a reader sees in the cell: tags gone, entities decoded, invisible spaces dropped."""
    return html.unescape(re.sub(r"</?code>", "", cell)).replace("\u200b", "")


def test_file_names_pushed_to_main_stay_text_in_the_audits_issue(
        repo: Repo, change_text: str, state: gh.State) -> None:
    gated(state, repo.root)  # the audit always checks the gate; here it holds
    for n, name in enumerate(HOSTILE):
        sha = repo.commit(f"Push change {n} straight to main", f"2026-11-2{n}T09:00:00-06:00",
                          files={f"changes/2026/{name}.yaml": change_text})
        state.objects[state.repo(f"commits/{sha}/pulls")] = []
    found = json.loads(run(repo.root, "audit", "--now", "2026-12-01T09:00",
                           "--format", "json").output)
    assert sorted(v["path"] for v in found["violations"]) == sorted(
        f"changes/2026/{name}.yaml" for name in HOSTILE)  # git gave every name back whole
    result = run(repo.root, "audit", "--now", "2026-12-01T09:00", "--format", "markdown")
    assert result.exit_code == 1, result.output
    body = result.output
    assert [line for line in body.splitlines() if line.startswith("#")] == [
        "# Change management audit", "## Reached main without the coordinator's approval (3)"]
    rows = cells(body)
    assert rows[0] == ["change", "file", "finding"] and len(rows) == 4
    for row in rows[1:]:
        assert len(row) == 3, row
        assert all(inert(cell) for cell in row), row
    paths = sorted(shown(row[1]) for row in rows[1:])
    assert paths == sorted(f"changes/2026/{name}.yaml".replace("\n", "\\n").replace(
        "\u202e", "\\u202e") for name in HOSTILE)
    assert "changes/2026/a\\n# Forged heading\\n| forged | row |.yaml" in paths
    assert "\\u202egpj" in paths[-1]


def test_the_settings_report_shows_whatever_github_answered_as_text() -> None:
    # The threat is ours, by setting; what GitHub holds (a branch, a name) is in want and got.
    # Setting ids are cmcheck's own (`rules.pull_request`); the values are GitHub's answers.
    verdict = Verdict(findings=[Gap(setting="rules.pull_request", want=name, got=name)
                                for name in HOSTILE],
                      unverified=[Unverified("ruleset.bypass_actors", HOSTILE[1])])
    body = gate_report.render_markdown(verdict)
    assert [line for line in body.splitlines() if line.startswith("#")] == [
        "# Repository settings"]
    for row in cells(body)[1:]:
        assert len(row) == 4 and row[0] == "`rules.pull_request`", row
        assert all(inert(cell) for cell in row[1:]), row
    bullets = [line for line in body.splitlines() if line.startswith("- ")]
    assert len(bullets) == 1, bullets
    assert inert(bullets[0].removeprefix("- `ruleset.bypass_actors`: needs ")), bullets


def test_the_job_summary_of_validate_shows_file_names_as_text(
        repo: Repo, change_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in HOSTILE:
        repo.write(f"changes/2026/{name}.yaml", change_text)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run(repo.root, "validate", "--format", "github", "--now", "2026-12-01T09:00")
    assert result.exit_code == 1, result.output
    body = summary.read_text(encoding="utf-8")
    assert [line for line in body.splitlines() if line.startswith("#")] in (
        ["## cmcheck validate"], ["## cmcheck validate", "### Risk"])
    findings, _, risks = body.partition("### Risk")
    rows = cells(findings)
    assert rows[0] == ["file", "line", "rule", "severity", "message"] and len(rows) > 3
    for row in rows[1:]:
        assert len(row) == 5 and all(inert(cell) for cell in row), row
    assert sum(shown(row[0]) == "changes/2026/a\\n# Forged heading\\n| forged | row |.yaml"
               for row in rows) >= 1
    for row in cells(risks)[1:]:
        assert len(row) == 2 and all(inert(cell) for cell in row), row


def test_the_statistics_report_names_overdue_changes_as_text() -> None:
    report = figures.Report(
        since=None, now=datetime(2026, 12, 1, tzinfo=UTC), total=3, months=[],
        outcomes={}, reviewed=0, unscheduled=0, median_notice_days=None, exceptions={},
        reviews_overdue=HOSTILE, median_days_to_review=None)
    body = report_render.render_markdown(report)
    line = next(line for line in body.splitlines() if line.startswith("Overdue reviews: "))
    assert inert(line.removeprefix("Overdue reviews: ").replace(", ", " ")), line
