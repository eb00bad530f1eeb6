"""The calendar at a glance, as a new reader meets it, measured in Debian's chromium: the month
on the first screen, the week's evening work in view, blocks that keep their state and conflict in
view, site names, unscheduled work said, keys whole on a phone, charts that fit a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.calendar_scenario import SITES
from tests.conftest import isolate_git
from tests.test_calendar_a11y import (  # noqa: F401  (sites: the shared fixture)
    PHONE,
    WIDE,
    built,
    example_repo,
    sites,
)
from tests.test_calendar_browser import BROKEN_WORDS, browser  # noqa: F401


def _open(browser: Browser, viewport: dict[str, int], file: Path) -> Page:  # noqa: F811
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(file.as_uri())
    return page


@pytest.fixture
def wide(browser: Browser) -> Iterator[Any]:  # noqa: F811
    opened: list[Page] = []

    def open_(file: Path) -> Page:
        opened.append(_open(browser, WIDE, file))
        return opened[-1]
    yield open_
    for page in opened:
        page.context.close()


@pytest.mark.parametrize("name", ["example", "generated"])
def test_the_current_month_grid_is_on_the_first_desktop_screen(
        wide: Any, sites: dict[str, Path], name: str) -> None:  # noqa: F811
    page = wide(sites[name] / "index.html")
    grid = page.locator("#m-2026-12").locator("xpath=..").locator("table.grid").bounding_box()
    assert grid is not None
    assert grid["y"] >= 0 and grid["y"] + grid["height"] <= WIDE["height"], grid


# Hours whose cells are drawn in the week (folded hours have none), and whether the week's
# box scrolls up or down: it must not, or a change can sit out of sight (issue 24).
ROWS = """box => ({rows: [...box.querySelectorAll('.hour[data-date="2026-12-15"]')].map(
  h => +h.dataset.hour), scrolls: box.scrollHeight > box.clientHeight + 1})"""


def test_the_week_shows_its_evening_work_without_a_box_to_scroll(
        wide: Any, sites: dict[str, Path]) -> None:  # noqa: F811
    page = wide(sites["example"] / "index.html")
    shown = page.locator(".week-scroll").evaluate(ROWS)
    assert not shown["scrolls"], shown
    # The example week's work is in the evening: those hours are drawn, the empty night folds.
    assert {19, 20, 21} <= set(shown["rows"]) and 0 not in shown["rows"], shown


# Each label of a block lies inside the block (not clipped) and, when the block shows in the
# week's box on opening, inside the box's view below the day names (not scrolled away).
INSIDE = """block => {
  const within = (r, b) => r.left >= b.left - 0.5 && r.right <= b.right + 0.5
                           && r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5;
  const b = block.getBoundingClientRect(), box = block.closest('.week-scroll');
  const view = box.getBoundingClientRect();
  const head = box.querySelector('.week-head').getBoundingClientRect();
  const seen = new DOMRect(view.left, head.bottom, view.width, view.bottom - head.bottom);
  const shows = b.bottom > seen.top && b.top < seen.bottom && b.right > seen.left
                && b.left < seen.right;
  return [...block.querySelectorAll('.chip-time, .state, .flag')].map(e => {
    const r = e.getBoundingClientRect();
    return [e.className, within(r, b) && (!shows || within(r, seen))];
  }); }"""


@pytest.fixture(scope="module")
def sis_week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site in the week of the two SIS changes that collide on Saturday 9 January."""
    folder = tmp_path_factory.mktemp("sis-week")
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate_git(monkeypatch, folder / "home")
        return built(example_repo(folder / "example"), folder / "site", now="2027-01-06T10:00")


def test_side_by_side_blocks_keep_state_and_conflict_in_view(
        wide: Any, sites: dict[str, Path], sis_week: Path) -> None:  # noqa: F811
    checked = 0
    for site, pairs in ((sis_week, ["2027-01-09"]), (sites["example"], []),
                        (sites["generated"], ["2026-12-16", "2026-12-19"])):
        page = wide(site / "index.html")
        for block in page.locator(".week .block").all():
            parts = block.evaluate(INSIDE)
            assert {"chip-time", "flag"} & {p[0] for p in parts} and all(p[1] for p in parts), (
                block.get_attribute("data-change"), parts)
            checked += 1
        for pair in pairs:  # conflicting changes side by side on that day
            side = [b.get_attribute("style") or "" for b in
                    page.locator(f'.week .block.conflict[data-date="{pair}"]').all()]
            assert len(side) >= 2 and any("left:0.0000%" not in s for s in side), (pair, side)
    assert checked >= 6


def test_cards_name_sites_as_the_header_does(wide: Any, sites: dict[str, Path]) -> None:  # noqa: F811
    page = wide(sites["example"] / "index.html")
    shown = " ".join(page.locator(".chip-sites, .listing .sites").all_inner_texts())
    assert "Quitman County High School" in shown and "Central Office" in shown
    for key in SITES:
        assert key not in shown, key


def test_an_unscheduled_change_says_so_on_the_month_grid(
        wide: Any, sites: dict[str, Path]) -> None:  # noqa: F811
    page = wide(sites["example"] / "months/2026-11.html")
    chip = page.locator('.grid .chip[data-change="2026-11-27-ups-replacement"]')
    assert "Unscheduled" in chip.inner_text()
    scheduled = page.locator('.grid .chip').filter(has_not_text="UPS")
    assert all("Unscheduled" not in text for text in scheduled.all_inner_texts())
    assert "Unscheduled" in page.locator('.listing li[data-change="2026-11-27-ups-replacement"]'
                                         ).inner_text()


KEYS = ".facts, code, .chip, .listing li, h1, .system-links"
# Keys (ids, systems, audiences, categories: words joined by hyphens) laid out on more than one
# line, though they would fit on one: a key breaks at its hyphens only when longer than a line.
SPLIT_KEYS = """() => {
  const split = [];
  // Where keys are shown (prose, where "pre-upgrade" may wrap like any word, is left out).
  for (const root of document.querySelectorAll('.facts, .listing, .grid, .system-links')) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const key of node.data.matchAll(/[a-z0-9]+(?:-[a-z0-9]+)+/g)) {
      if (key[0].length > 36) continue;
      const range = document.createRange();
      range.setStart(node, key.index);
      range.setEnd(node, key.index + key[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                             .map(r => Math.round(r.top)));
      if (tops.size > 1) split.push(key[0]);
    }
  }}
  return split; }"""


def test_hyphenated_keys_stay_whole_on_a_phone(
        browser: Browser, sites: dict[str, Path]) -> None:  # noqa: F811
    generated = sites["generated"]
    for site, path in ((generated, "changes/2026-12-16-side-by-side-0.html"),
                       (generated, "index.html"), (generated, "months/2026-12.html"),
                       (sites["example"], "systems/index.html"),
                       (sites["example"], "changes/2026-12-16-library-catalog-upgrade.html")):
        page = _open(browser, PHONE, site / path)
        try:
            assert page.evaluate(BROKEN_WORDS, KEYS) == [], path
            assert page.evaluate(SPLIT_KEYS) == [], path
            width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert width[0] <= width[1], (path, width)
        finally:
            page.context.close()


def test_charts_fit_a_phone_and_give_their_numbers(
        browser: Browser, sites: dict[str, Path]) -> None:  # noqa: F811
    page = _open(browser, PHONE, sites["example"] / "statistics.html")
    try:
        for box in page.locator(".chart-scroll").all():
            assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), box.inner_html()[:200]
        titles = page.locator(".chart svg > title").all_text_contents()
        captions = page.locator("table.chart-data caption").all_text_contents()
        assert len(titles) == 3 and captions == titles
        page.get_by_text("Outcomes of reviewed changes: the numbers").click()
        assert page.locator("table.chart-data").nth(2).is_visible()
        outcomes = page.locator("table.chart-data").nth(2).locator("tbody th").all_inner_texts()
        assert outcomes[:2] == ["successful", "failed"]
    finally:
        page.context.close()
