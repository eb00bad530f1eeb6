"""The statistics page in a real browser: the SVG charts draw, with no script and no network."""

from __future__ import annotations

from pathlib import Path

from playwright import sync_api

from cmcheck.report.figures import build
from cmcheck.report.render import render_statistics_html
from tests.conftest import Repo, run
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
