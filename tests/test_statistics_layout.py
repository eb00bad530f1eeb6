"""The statistics pages at their widths (issue 24): charts that use a desktop page, tables that
scroll in their own named, focusable box so that opening them at 320 or 390 px never widens
the page, and the standalone report page that fits 320 px with its tables named apart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import REPO_ROOT, run
from tests.test_calendar_browser import browser  # noqa: F401

ARTIFACTS = REPO_ROOT / "test-artifacts"
WIDTH = "() => [document.documentElement.scrollWidth, innerWidth]"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from tests.conftest import examples_repo, isolate_git
    folder = tmp_path_factory.mktemp("statistics")
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate_git(monkeypatch, folder / "home")
        root = examples_repo(folder / "repo").root
        assert run(root, "calendar", "--out", str(folder / "site"), "--now",
                   "2026-12-14T10:00").exit_code == 0
        report = run(root, "report", "--format", "html", "--now", "2026-12-14T10:00")
        assert report.exit_code == 0
        (folder / "report.html").write_text(report.output, encoding="utf-8")
        yield folder


def _open(browser: Browser, width: int, file: Path) -> Page:  # noqa: F811
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto(file.as_uri())
    return page


def test_charts_use_a_desktop_page(browser: Browser, pages: Path) -> None:  # noqa: F811
    page = _open(browser, 1280, pages / "site" / "statistics.html")
    try:
        widths = [box["width"] for box in (svg.bounding_box() for svg in
                                           page.locator(".chart svg").all()) if box]
        assert len(widths) == 3 and min(widths) >= 480, widths
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_opened_tables_scroll_in_their_own_box_not_the_page(
        browser: Browser, pages: Path, width: int) -> None:  # noqa: F811
    page = _open(browser, width, pages / "site" / "statistics.html")
    try:
        for summary in page.locator(".chart summary").all():
            summary.click()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"statistics-tables-{width}.png"), full_page=True)
        scroll, inner = page.evaluate(WIDTH)
        assert scroll <= inner, (scroll, inner)
        boxes = page.locator(".chart .table-scroll").all()
        assert len(boxes) == 3
        names = [box.get_attribute("aria-label") for box in boxes]
        assert len(set(names)) == 3 and all(n and n.endswith(": the numbers") for n in names)
        assert all(box.get_attribute("tabindex") == "0" and
                   box.get_attribute("role") == "region" for box in boxes)
        assert all(box.evaluate("e => e.contains(e.querySelector('table.chart-data'))")
                   for box in boxes)
    finally:
        page.context.close()


def test_the_standalone_report_fits_320_px_and_names_its_tables(
        browser: Browser, pages: Path) -> None:  # noqa: F811
    page = _open(browser, 320, pages / "report.html")
    try:
        for summary in page.locator("summary").all():
            summary.click()
        scroll, inner = page.evaluate(WIDTH)
        assert scroll <= inner, (scroll, inner)
        summaries = page.locator("summary").all_inner_texts()
        assert len(summaries) == 3 and len(set(summaries)) == 3, summaries
        assert "The numbers" not in summaries
    finally:
        page.context.close()


def test_an_owners_address_stays_with_its_parenthesis_on_a_phone(
        browser: Browser, pages: Path) -> None:  # noqa: F811
    """ "Network Administrator (" ended a line, with the address on the next (issue 24)."""
    page = _open(browser, 390, pages / "site" / "systems" / "ups-hs-01.html")
    try:
        owner = page.locator(".facts dd").filter(has_text="network-admin@")
        tops = owner.evaluate("""dd => {
          const text = [...dd.querySelectorAll('*'), dd].flatMap(e => [...e.childNodes])
            .find(n => n.nodeType === 3 && n.data.includes('('));
          const range = document.createRange();
          const at = text.data.indexOf('(');
          range.setStart(text, at); range.setEnd(text, at + 1);
          const link = dd.querySelector('a').getClientRects()[0];
          return [range.getBoundingClientRect().top, link.top]; }""")
        assert abs(tops[0] - tops[1]) < 4, tops
    finally:
        page.context.close()
