"""The statistics page in a real browser: the SVG charts draw, with no script and no network."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright import sync_api

from cmcheck.report.figures import CATEGORIES, OUTCOMES, build
from cmcheck.report.render import (
    OUTCOME_COLOURS,
    PALETTE,
    bar_chart,
    count_chart,
    render_statistics_html,
)
from tests.conftest import Repo, run
from tests.test_calendar_browser import LABELS, overlaps
from tests.test_report import NOW, history  # noqa: F401  (the hand-counted fixture)

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def test_the_charts_draw_in_chromium(history: Repo, tmp_path: Path) -> None:  # noqa: F811
    page_file = tmp_path / "statistics.html"
    assert run(history.root, "report", "--format", "html", "--out", str(page_file),
               "--now", NOW).exit_code == 0
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            page = browser.new_page(java_script_enabled=False)
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            assert page.locator("svg").count() == 3
            bars = page.locator("svg").first.locator("rect")
            sizes = [bars.nth(n).bounding_box() for n in range(bars.count())]
            assert all(box and box["height"] > 0 for box in sizes)
            assert page.locator("th", has_text="Median notice given").count() == 1
        finally:
            browser.close()
    assert requests == [page_file.as_uri()]


def test_render_statistics_html_is_a_pure_function(history: Repo) -> None:  # noqa: F811
    from datetime import UTC, datetime

    from cmcheck.core import catalog

    policy = catalog.policy_in(history.root)
    report = build(list(catalog.changes_in(history.root, policy).values()), policy=policy,
                   now=datetime(2027, 1, 31, 18, tzinfo=UTC), submitted={}, reviewed_at={})
    page = render_statistics_html(report)
    assert page == render_statistics_html(report)
    assert "<h1>Change management statistics</h1>" in page


@pytest.mark.parametrize("months", [1, 3, 24, 30, 240])
def test_chart_labels_never_overlap(months: int) -> None:
    # From one month to twenty years, every category in use, long outcome names.
    first = date(2027, 1, 1)
    rows = [((first + timedelta(days=31 * n)).strftime("%Y-%m"),
             {c: 1 + (n + k) % 3 for k, c in enumerate(CATEGORIES)}) for n in range(months)]
    svgs = [bar_chart(title="Changes per month by category", rows=rows,
                      colours={c: PALETTE[n % len(PALETTE)] for n, c in enumerate(CATEGORIES)}),
            count_chart(title="Outcomes of reviewed changes",
                        rows=[(o, n) for n, o in enumerate(OUTCOMES)], colours=OUTCOME_COLOURS)]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            page = browser.new_page()
            page.set_content("<!DOCTYPE html><body style='font-family: system-ui, sans-serif'>"
                             + "".join(svgs) + "</body>")
            for chart in page.locator("svg").all():
                labels = chart.evaluate(LABELS)
                assert overlaps(labels) == [], labels
                # Every label lies inside its chart: nothing is cut off at an edge.
                frame = chart.bounding_box()
                assert frame is not None
                assert all(frame["x"] - 0.5 <= left and right <= frame["x"] + frame["width"]
                           + 0.5 for _, left, _, right, _ in labels), labels
            shown = [label[0] for label in page.locator("svg").first.evaluate(LABELS)]
            assert shown[0] == "Changes per month by category"
            assert rows[0][0] in shown and (months > 24 or rows[-1][0] in shown)
        finally:
            browser.close()
