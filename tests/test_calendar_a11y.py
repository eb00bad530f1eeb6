"""WCAG 2.1 AA for the calendar, checked in Debian's chromium: axe-core (vendored as
tests/fixtures/axe.min.js by scripts/npm-fixtures, never fetched at test time) on every page kind
of two built sites at a desktop and a phone width, and the keyboard path through each page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from cmcheck.report.render import OUTCOME_COLOURS, PALETTE
from tests import calendar_scenario as scenario
from tests.conftest import FIXTURES, Repo, examples_repo, isolate_git, run
from tests.test_calendar_browser import browser, contrast  # noqa: F401  (the shared chromium)

AXE = FIXTURES / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDE = {"width": 1280, "height": 1600}
PHONE = {"width": 390, "height": 844}
GENERATED = 120  # changes added to the scenario: every state, kind and outcome, conflicts
# Every page kind of the site, by the files that stand for it (the first few of each glob).
KINDS = [("index.html", 1), ("statistics.html", 1), ("months/*.html", 4), ("changes/*.html", 4),
         ("states/*.html", 7), ("sites/*.html", 1), ("systems/index.html", 1),
         ("systems/core-switch-01.html", 1)]




def example_repo(root: Path) -> Repo:
    """The repository's own examples (changes, policy, inventory as committed; templates)."""
    return examples_repo(root)


def generated_repo(root: Path) -> Repo:
    made = Repo(root)
    shutil.copy(FIXTURES / "policy.yaml", root / "policy.yaml")
    made.commit("Add the district policy", "2026-11-01T12:00:00-05:00")
    text = (FIXTURES / "change.yaml").read_text(encoding="utf-8")
    return scenario.generated(made, text, GENERATED)


def built(repo: Repo, out: Path, now: str = scenario.NOW) -> Path:
    assert run(repo.root, "calendar", "--out", str(out), "--now", now).exit_code == 0
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The example repository's site and the larger generated one's, built once."""
    folder = tmp_path_factory.mktemp("a11y")
    with pytest.MonkeyPatch.context() as monkeypatch:
        # The module's sites are built once, outside the per-test git isolation of conftest.
        isolate_git(monkeypatch, folder / "home")
        yield {"example": built(example_repo(folder / "example"), folder / "example-site"),
               "generated": built(generated_repo(folder / "generated"),
                                  folder / "generated-site")}


def pages(site: Path) -> list[str]:
    found = []
    for pattern, count in KINDS:
        found += [p.relative_to(site).as_posix() for p in sorted(site.glob(pattern))][:count]
    return found


def axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))  # into the test's copy of the page only
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                           "resultTypes: ['violations']})", TAGS)
    return list(result["violations"])


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("name", ["example", "generated"])
def test_axe_finds_no_violation_on_any_page_kind(browser: Browser,  # noqa: F811
                                                 sites: dict[str, Path], name: str,
                                                 viewport: dict[str, int]) -> None:
    site = sites[name]
    shown = pages(site)
    assert {"index.html", "statistics.html"} <= set(shown) and len(shown) >= 12, shown
    context = browser.new_context(viewport=viewport)
    problems = []
    try:
        page = context.new_page()
        for path in shown:
            page.goto((site / path).as_uri())
            for violation in axe(page):
                problems += [f"{violation['id']} ({violation['impact']}) on {path}: "
                             f"{node['target']} – {violation['help']}"
                             for node in violation["nodes"]]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_axe_is_the_vendored_release_and_sees_a_violation(browser: Browser) -> None:  # noqa: F811
    # The check can fail: the same run on a page with the old grey day number reports it.
    assert AXE.read_text(encoding="utf-8").startswith("/*! axe v4.14.1")
    page = browser.new_page(viewport=WIDE)
    try:
        page.set_content('<!doctype html><html lang="en"><title>t</title><main>'
                         '<p style="color:#9ca3af;background:#f9fafb">29</p></main></html>')
        assert [v["id"] for v in axe(page)] == ["color-contrast"]
    finally:
        page.close()


FOCUSABLE = """() => [...document.querySelectorAll('a[href], summary, [tabindex="0"]')]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'
               && !e.closest('details:not([open]) > :not(summary)'))
  .map((e, n) => { e.dataset.stop = n; return n; })"""
RING = """e => { const s = getComputedStyle(e);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow]; }"""


def tab_stops(page: Page, limit: int) -> list[str]:
    """The data-stop of each element that Tab reaches, in order, until focus leaves the page."""
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate("document.activeElement.dataset.stop ?? null")
        if stop is None or stop in reached:
            break
        reached.append(stop)
    return reached


@pytest.mark.parametrize("path", ["index.html", "statistics.html", "months/2026-12.html",
                                  "changes/2026-12-19-core-switch-ios.html",
                                  "systems/core-switch-01.html"])
def test_keyboard_reaches_every_link_skip_link_first_focus_visible(
        browser: Browser, sites: dict[str, Path], path: str) -> None:  # noqa: F811
    page = browser.new_page(viewport=WIDE)
    try:
        page.goto((sites["example"] / path).as_uri())
        stops = page.evaluate(FOCUSABLE)
        reached = tab_stops(page, len(stops) + 5)
        assert sorted(map(int, reached)) == stops, path  # every link, once each
        page.goto((sites["example"] / path).as_uri())
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        assert skip.get_attribute("class") == "skip-link" and skip.get_attribute("href") == "#main"
        box = skip.bounding_box()
        assert box is not None and box["y"] >= 0 and box["height"] > 10  # seen when focused
        # Focus is visible on every stop: the site's ring, which the element lacks unfocused.
        for stop in page.evaluate(FOCUSABLE):
            element = page.locator(f'[data-stop="{stop}"]')
            element.focus()
            page.evaluate("document.activeElement.matches(':focus-visible') || "
                          "(() => { throw new Error('not focus-visible') })()")
            focused = element.evaluate(RING)
            assert focused[:2] == ["solid", "3px"], focused
            assert contrast(focused[2], "rgb(255, 255, 255)") >= 3, focused
            page.evaluate("document.activeElement.blur()")
            assert element.evaluate(RING)[0] == "none"
        page.goto((sites["example"] / path).as_uri())
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the skip link: the next Tab lands inside <main>
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('main')"), path
    finally:
        page.close()


def test_chart_colours_stand_out_from_the_page() -> None:
    for colour in (*PALETTE, *OUTCOME_COLOURS.values()):
        rgb = f"rgb({int(colour[1:3], 16)}, {int(colour[3:5], 16)}, {int(colour[5:7], 16)})"
        assert contrast(rgb, "rgb(255, 255, 255)") >= 3, colour
