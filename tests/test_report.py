"""cmcheck report against a hand-counted set of changes in a real git repository.

The set (policy of tests/fixtures, now = 2027-01-31 12:00 local):

id kind        category              start (local)          added  notice  review (commit)
a  scheduled   firmware-upgrade      12-05 20:00-22:00      11-20  15  successful 12-07 20:00 1.92
b  scheduled   os-upgrade, window ex 12-12 20:00-23:00      11-22  20  failed 12-13 23:00     1
c  unscheduled hardware-replacement  12-09 10:00-12:00      12-09  -   backed-out 12-16 12:00 7
d  scheduled   application           2027-01-09 20:00-22:00 12-20  20  postponed 01-10 22:00  1
e  scheduled   firmware-upgrade      2027-01-16 20:00-22:00 12-30  17  none: overdue
f  scheduled   facilities            2027-02-20 20:00-22:00 01-20  31  none: not yet due

Median notice 15, 17, 20, 20, 31 → 20; median days to review 1, 1, 1.92, 7 → 1.46 → 1.5.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import Repo, run

NOW = "2027-01-31T12:00"


def change(text: str, *, kind: str, category: str, start: str, end: str,
           extra: str = "") -> str:
    body = (text.replace("kind: scheduled", f"kind: {kind}")
            .replace("category: firmware-upgrade", f"category: {category}")
            .replace("2026-12-19 20:00", start).replace("2026-12-19 22:00", end))
    return body + extra


def review(outcome: str, completed: str) -> str:
    return f"review:\n  outcome: {outcome}\n  completed: {completed}\n  notes: Done.\n"


@pytest.fixture
def history(repo: Repo, change_text: str) -> Repo:
    def add(name: str, date: str, text: str) -> None:
        repo.commit(f"Add {name}", date, {f"changes/{name}.yaml": text})

    texts = {
        "a": change(change_text, kind="scheduled", category="firmware-upgrade",
                    start="2026-12-05 20:00", end="2026-12-05 22:00"),
        "b": change(change_text, kind="scheduled", category="os-upgrade",
                    start="2026-12-12 20:00", end="2026-12-12 23:00",
                    extra="exceptions:\n  - {rule: maintenance-window, reason: vendor}\n"),
        "c": change(change_text, kind="unscheduled", category="hardware-replacement",
                    start="2026-12-09 10:00", end="2026-12-09 12:00",
                    extra="unscheduled: {reason: It failed.}\n"),
        "d": change(change_text, kind="scheduled", category="application",
                    start="2027-01-09 20:00", end="2027-01-09 22:00"),
        "e": change(change_text, kind="scheduled", category="firmware-upgrade",
                    start="2027-01-16 20:00", end="2027-01-16 22:00"),
        "f": change(change_text, kind="scheduled", category="facilities",
                    start="2027-02-20 20:00", end="2027-02-20 22:00"),
    }
    add("a", "2026-11-20T20:00:00-06:00", texts["a"])
    add("b", "2026-11-22T20:00:00-06:00", texts["b"])
    add("a", "2026-12-07T20:00:00-06:00", texts["a"] + review("successful", "2026-12-05 21:40"))
    add("c", "2026-12-09T14:00:00-06:00", texts["c"])
    add("b", "2026-12-13T23:00:00-06:00", texts["b"] + review("failed", "2026-12-12 22:50")
        + "  next_steps: Retry.\n")
    add("c", "2026-12-16T12:00:00-06:00", texts["c"] + review("backed-out", "2026-12-09 11:50")
        + "  next_steps: Retry.\n")
    add("d", "2026-12-20T20:00:00-06:00", texts["d"])
    add("e", "2026-12-30T20:00:00-06:00", texts["e"])
    add("d", "2027-01-10T22:00:00-06:00", texts["d"] + review("postponed", "2027-01-09 20:10")
        + "  next_steps: Next month.\n")
    add("f", "2027-01-20T20:00:00-06:00", texts["f"])
    return repo


def test_json_figures_match_the_hand_count(history: Repo) -> None:
    result = run(history.root, "report", "--format", "json", "--now", NOW)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["changes"] == 6
    assert data["months"] == [
        {"month": "2026-12", "total": 3,
         "by_category": {"firmware-upgrade": 1, "hardware-replacement": 1, "os-upgrade": 1},
         "by_kind": {"scheduled": 2, "unscheduled": 1}},
        {"month": "2027-01", "total": 2,
         "by_category": {"application": 1, "firmware-upgrade": 1},
         "by_kind": {"scheduled": 2}},
        {"month": "2027-02", "total": 1, "by_category": {"facilities": 1},
         "by_kind": {"scheduled": 1}},
    ]
    assert data["reviewed"] == 4
    assert data["outcomes"] == {
        "successful": {"count": 1, "percent": 25.0}, "failed": {"count": 1, "percent": 25.0},
        "backed-out": {"count": 1, "percent": 25.0}, "postponed": {"count": 1, "percent": 25.0},
        "partial": {"count": 0, "percent": 0.0}}
    assert data["unscheduled"] == {"count": 1, "percent": 16.7}
    assert data["median_notice_days"] == 20.0
    assert data["window_exceptions"] == 1
    assert data["exceptions"] == {"maintenance-window": 1}
    assert data["reviews_overdue"] == {"count": 1, "ids": ["e"]}
    assert data["median_days_to_review"] == 1.5


def test_since_keeps_later_changes_only(history: Repo) -> None:
    data = json.loads(run(history.root, "report", "--format", "json", "--since", "2027-01-01",
                          "--now", NOW).output)
    assert data["changes"] == 3
    assert data["unscheduled"] == {"count": 0, "percent": 0.0}
    assert data["median_notice_days"] == 20.0  # 17, 20, 31
    assert data["reviewed"] == 1 and data["median_days_to_review"] == 1.0
    assert data["window_exceptions"] == 0


def test_text_and_markdown(history: Repo) -> None:
    text = run(history.root, "report", "--now", NOW).output
    assert re.search(r"Unscheduled\s+1 \(16.7%\)", text)
    assert re.search(r"Median notice given\s+20 days", text)
    assert re.search(r"Reviews overdue\s+1\n", text)
    assert "2026-12      3  scheduled 2, unscheduled 1;" in text
    markdown = run(history.root, "report", "--format", "markdown", "--now", NOW).output
    assert "| Median days to review | 1.5 days |" in markdown
    assert "| 2027-02 | 1 | 1 | 0 |" in markdown
    # Escaped for where it goes: Markdown, read raw as often as rendered; nothing needless.
    assert "| Unscheduled | 1 (16.7%) |" in markdown
    assert "\\(" not in markdown and "&#" not in markdown


def test_markdown_cells_cannot_gain_columns_or_markup() -> None:
    from cmcheck.report.render import _md

    assert _md("a|b [x](https://evil.example) *y* <b> `c` _d_ ~e~ &amp; \\") == (
        "a\\|b \\[x\\](https://evil.example) \\*y\\* \\<b\\> \\`c\\` \\_d\\_ \\~e\\~ "
        "\\&amp; \\\\")


def test_html_page_has_one_svg_chart_per_measure(history: Repo, tmp_path: object) -> None:
    out = history.root / "statistics.html"
    result = run(history.root, "report", "--format", "html", "--out", str(out), "--now", NOW)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 3
    for svg in svgs:
        ET.fromstring(svg)  # well-formed
    # Per-month category bars: three segments in 2026-12, each one change of the peak of 3.
    assert svgs[0].count("<title>2026-12:") == 3
    assert 'height="60" fill' in svgs[0]
    assert "<title>failed: 1</title>" in svgs[2]


def test_untrusted_text_is_escaped_in_charts() -> None:
    from cmcheck.report.render import bar_chart

    svg = bar_chart(title="<script>alert(1)</script>", rows=[("<b>&", {"x": 1})],
                    colours={'"x': "#000", "x": "#111"})
    ET.fromstring(svg)
    assert "<script>" not in svg and "&lt;b&gt;&amp;" in svg


def test_an_empty_repository_reports_zeros(repo: Repo) -> None:
    data = json.loads(run(repo.root, "report", "--format", "json", "--now", NOW).output)
    assert data["changes"] == 0 and data["median_notice_days"] is None
    assert "–" in run(repo.root, "report", "--now", NOW).output
    html = run(repo.root, "report", "--format", "html", "--now", NOW).output
    assert html.count("<svg") == 3


def test_a_shallow_clone_is_refused_with_the_fix(history: Repo, tmp_path: object) -> None:
    import subprocess
    from pathlib import Path

    shallow = Path(str(tmp_path)) / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", history.root.as_uri(), str(shallow)],
                   check=True, capture_output=True)
    result = run(shallow, "report", "--now", NOW)
    assert result.exit_code == 2
    assert "fetch-depth: 0" in result.output


def test_a_review_validate_refuses_is_not_counted(history: Repo, change_text: str) -> None:
    """A review completed before its change started is a review-dates error in validate: the
    statistics count it as no review (the change is overdue), not as a success (issue 24)."""
    g = change(change_text, kind="scheduled", category="network",
               start="2027-01-23 20:00", end="2027-01-23 22:00")
    history.commit("Add g", "2026-12-31T20:00:00-06:00", {"changes/g.yaml": g + review(
        "successful", "2027-01-23 19:00")})
    judged = run(history.root, "validate", "changes/g.yaml", "--format", "json", "--now", NOW)
    assert "review-dates" in judged.output
    data = json.loads(run(history.root, "report", "--format", "json", "--now", NOW).output)
    assert data["reviewed"] == 4 and data["outcomes"]["successful"]["count"] == 1
    assert data["reviews_overdue"] == {"count": 2, "ids": ["e", "g"]}
