"""The calendar in a real browser (Debian's chromium through Playwright): what a person sees."""

from __future__ import annotations

import functools
import itertools
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, sync_playwright

from cmcheck.calendar import data, html
from cmcheck.calendar.history import History
from cmcheck.calendar.site import TEMPLATES
from cmcheck.core.catalog import policy_in
from cmcheck.core.model.models import ChangeRequest, Link
from tests import calendar_scenario as scenario
from tests.conftest import FIXTURES, REPO_ROOT, Repo, run

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO_ROOT / "test-artifacts"
SWITCH = "changes/2026-12-19-core-switch-ios.html"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Every whole word of these elements' text that the browser laid out on two lines.
BROKEN_WORDS = """selector => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.getClientRects().length) continue;  // not displayed at this width
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[A-Za-z0-9]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                               .map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""
TEXT = ".chip, .listing li, h1, h2, h3, .mark, .daynum, header.site, .card, .figures"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (scripts/test does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _evil_page(change_text: str) -> str:
    """A change page from a model that skipped validation: a javascript: link must stay inert."""
    policy = policy_in(FIXTURES)
    good = ChangeRequest.model_validate(yaml.safe_load(change_text), context={"tz": policy.tz})
    evil = good.model_copy(update={
        "title": scenario.XSS_TITLE,
        "links": [Link.model_construct(title="Release notes", url="javascript:alert(1)")]})
    entry = data.Entry(id="evil", path="changes/evil.yaml", change=evil,
                       state=data.STATES["scheduled"], conflicts=(), history=History())
    site = html.Site(policy=policy, now=datetime(2026, 12, 14, 16, tzinfo=UTC), months=[],
                     sites=[])
    return html.render_change(html.environment(REPO_ROOT / TEMPLATES, site), site, entry, [])


@pytest.fixture
def base(repo: Repo, change_text: str, tmp_path: Path) -> Iterator[str]:
    scenario.build(repo, change_text)
    out = tmp_path / "site"
    assert run(repo.root, "calendar", "--out", str(out), "--now", scenario.NOW).exit_code == 0
    (out / "changes" / "evil.html").write_text(_evil_page(change_text), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    yield opened
    context.close()


def shot(target: Page, name: str, **options: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    target.screenshot(path=str(ARTIFACTS / name), **options)


def test_the_change_is_on_its_day_and_links_there_and_back(page: Page, base: str) -> None:
    page.goto(base + "index.html")
    day = page.locator("#d2026-12-19-m2026-12")
    assert "Upgrade the high school core switch" in day.inner_text()
    assert "Scheduled" in day.inner_text()
    assert "core switch" not in page.locator("#d2026-12-18-m2026-12").inner_text()
    shot(page.locator("section.month").first, "calendar-month.png")
    day.get_by_role("link", name=re.compile("Upgrade the high school core switch")).click()
    assert page.url.endswith(SWITCH)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Upgrade the high school")
    assert "Scheduled" in page.locator(".summary-line").inner_text()
    assert "Sat 19 Dec 2026, 20:00–22:00 CST" in page.locator(".summary-line").inner_text()
    shot(page, "calendar-change.png", full_page=True)
    page.get_by_role("link", name="← Back to the forward schedule").click()
    assert page.url.endswith("/index.html")


def test_week_view_shades_the_window_and_places_the_work_in_it(page: Page, base: str) -> None:
    page.goto(base + "index.html")
    def colour(day: str, hour: int) -> str:
        cell = page.locator(f'.week-day .hour[data-date="{day}"][data-hour="{hour}"]')
        return str(cell.evaluate("e => getComputedStyle(e).backgroundColor"))
    # The week shows only the hours with work (evenings here); tests/test_calendar_week.py
    # measures a school-day morning, white, beside a Saturday morning, shaded.
    shaded = colour("2026-12-15", 20)
    assert shaded != "rgb(255, 255, 255)"
    assert colour("2026-12-19", 22) == shaded  # Saturday: the window all day


def _box(locator: Any) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None
    return {"left": box["x"], "right": box["x"] + box["width"], "top": box["y"],
            "bottom": box["y"] + box["height"], "width": box["width"]}


def test_week_grid_draws_one_block_per_change_in_equal_columns(page: Page, base: str) -> None:
    page.goto(base + "index.html")
    week = page.locator("section.week")
    switch = week.locator('.block[data-change="2026-12-19-core-switch-ios"]')
    assert switch.count() == 1
    assert week.inner_text().count("Upgrade the high school core switch") == 1
    # The block spans its hours: from the top of 20:00 to the top of 22:00 on Saturday.
    block = _box(switch)
    def hour(h: int) -> dict[str, float]:
        return _box(week.locator(f'.hour[data-date="2026-12-19"][data-hour="{h}"]'))
    assert abs(block["top"] - hour(20)["top"]) <= 2
    assert abs(block["bottom"] - hour(22)["top"]) <= 2
    # Seven columns of one width, though Tuesday holds a long unbroken title.
    widths = [_box(day)["width"] for day in week.locator(".week-day").all()]
    assert len(widths) == 7 and max(widths) - min(widths) <= 1, widths
    # The two changes that collide on Saturday evening stand side by side, not on top.
    optics = _box(week.locator('.block[data-change="2026-12-19-uplink-optics"]'))
    assert block["right"] <= optics["left"] + 1
    assert optics["top"] < block["bottom"] and block["top"] < optics["bottom"]
    assert "Conflict" in switch.inner_text()
    shot(week, "calendar-week.png")


def test_blackout_names_and_conflicts_show(page: Page, base: str) -> None:
    page.goto(base + "index.html")
    for day in ("2026-12-17", "2026-12-18"):
        assert "Semester grades" in page.locator(f"#d{day}-m2026-12").inner_text()
    assert "Semester grades" not in page.locator("#d2026-12-16-m2026-12").inner_text()
    saturday = page.locator("#d2026-12-19-m2026-12").inner_text()
    assert saturday.count("Conflict") == 2


def test_script_title_and_javascript_link_are_inert(page: Page, base: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + "changes/2026-12-15-script-title.html")
    assert page.get_by_role("heading", level=1).inner_text() == scenario.XSS_TITLE
    page.goto(base + "index.html")
    assert scenario.XSS_TITLE in page.locator("#d2026-12-15-m2026-12").inner_text()
    page.goto(base + "changes/evil.html")
    assert page.get_by_role("heading", level=1).inner_text() == scenario.XSS_TITLE
    assert page.locator('a[href^="javascript"]').count() == 0
    page.get_by_text("Release notes").click()
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page.url.endswith("changes/evil.html")


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    opened = context.new_page()
    yield opened
    context.close()


def test_phone_width_has_no_horizontal_scroll(phone: Page, base: str) -> None:
    for path in ("index.html", "months/2026-12.html", SWITCH, "sites/high-school.html",
                 "statistics.html"):
        phone.goto(base + path)
        width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], (path, width)


def test_phone_shows_an_agenda_of_the_days_that_have_something(phone: Page, base: str) -> None:
    phone.goto(base + "index.html")
    assert not phone.locator("section.week").is_visible()  # the week gives way to the agenda
    december = phone.locator("#m-2026-12").locator("xpath=..")
    shown = [day.get_attribute("data-date") for day in december.locator("td.day").all()
             if day.is_visible()]
    assert shown == ["2026-12-05", "2026-12-10", "2026-12-12", "2026-12-14", "2026-12-15",
                     "2026-12-16", "2026-12-17", "2026-12-18", "2026-12-19", "2026-12-21",
                     "2026-12-22", "2026-12-23", "2026-12-24", "2026-12-25", "2026-12-28",
                     "2026-12-29", "2026-12-30", "2026-12-31"]  # and today, the 14th
    saturday = december.locator('td.day[data-date="2026-12-19"]')
    assert saturday.locator(".daynum").inner_text().startswith("Saturday 19 December")
    assert saturday.inner_text().count("Conflict") == 2
    assert "Semester grades" in december.locator('td.day[data-date="2026-12-17"]').inner_text()
    assert "Christmas Day" in december.locator('td.day[data-date="2026-12-25"]').inner_text()
    shot(phone, "calendar-phone.png")


def test_phone_navigation_folds_into_a_few_lines(phone: Page, base: str) -> None:
    phone.goto(base + "index.html")
    header = _box(phone.locator("header.site"))
    assert header["bottom"] - header["top"] <= 180, header
    assert phone.get_by_role("link", name="Statistics").first.is_visible()
    middle = phone.locator(".filters-narrow").get_by_role(
        "link", name="Quitman County Middle School")
    assert not middle.is_visible()
    phone.get_by_text("Filter by site or state").click()
    middle.click()
    assert phone.url.endswith("sites/middle-school.html")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_no_word_is_broken_inside(browser: Browser, base: str, viewport: Any) -> None:
    context = browser.new_context(viewport=viewport)
    opened = context.new_page()
    try:
        for path in ("index.html", "months/2026-12.html", SWITCH, "statistics.html",
                     "states/scheduled.html"):
            opened.goto(base + path)
            assert opened.evaluate(BROKEN_WORDS, TEXT) == [], path
    finally:
        context.close()


def overlaps(boxes: list[list[Any]], gap: float = 2) -> list[tuple[str, str]]:
    """Pairs of [text, left, top, right, bottom] boxes that overlap or stand closer than gap
    pixels side by side (labels that touch read as one word: "backed-outpostponed")."""
    found = []
    for (a, *first), (b, *second) in itertools.combinations(boxes, 2):
        if (first[0] < second[2] + gap and second[0] < first[2] + gap
                and first[1] < second[3] - 0.5 and second[1] < first[3] - 0.5):
            found.append((a, b))
    return found


LABELS = """svg => [...svg.querySelectorAll('text')].map(t => {
  const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom];
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_statistics_page_belongs_to_the_site(browser: Browser, base: str,
                                             viewport: Any) -> None:
    context = browser.new_context(viewport=viewport)
    opened = context.new_page()
    try:
        opened.goto(base + "statistics.html")
        assert opened.locator("header.site").is_visible()
        assert opened.locator("footer.site").is_visible()
        sheet = opened.evaluate("[...document.styleSheets].map(s => s.href)")
        assert sheet == [base + "static/calendar.css"]
        # What needs the coordinator first: the overdue review and the conflicts, linked.
        cards = opened.locator(".attention .card").all_inner_texts()
        assert any("1\nreviews overdue" in card for card in cards), cards
        assert any("2\nupcoming in conflict" in card for card in cards), cards
        opened.locator(".attention").get_by_role("link", name="Patch the library server").click()
        assert opened.url.endswith("changes/2026-12-12-library-patch.html")
        opened.go_back()
        charts = opened.locator("figure.chart svg").all()
        assert len(charts) == 3
        for chart in charts:
            labels = chart.evaluate(LABELS)
            assert len(labels) >= 3 and overlaps(labels) == [], labels
        outcomes = [label[0] for label in charts[2].evaluate(LABELS)]
        assert {"backed-out", "postponed"} <= set(outcomes)
        opened.get_by_role("link", name="Forward schedule").first.click()
        assert opened.url.endswith("/index.html")
        opened.goto(base + "statistics.html")
        shot(opened, f"calendar-statistics-{viewport['width']}.png", full_page=True)
    finally:
        context.close()


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_accessibility_smoke(page: Page, base: str) -> None:
    for path in ("index.html", "months/2026-12.html", SWITCH, "states/done.html"):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.lang") == "en"
        levels = [int(t[1]) for t in page.evaluate(
            "[...document.querySelectorAll('h1,h2,h3,h4')].map(h => h.tagName)")]
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), path
        for nav in page.locator("nav").all():
            assert nav.get_attribute("aria-label") or nav.get_attribute("aria-labelledby")
    page.goto(base + "index.html")
    badges = page.locator(".legend .state, .legend .mark")
    assert badges.count() == len(data.STATES) + 3
    for badge in badges.all():
        fg, bg = badge.evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
        assert contrast(fg, bg) >= 4.5, (badge.inner_text(), fg, bg)
        assert badge.inner_text().strip()  # a text label, not colour alone


def test_print_stylesheet_hides_navigation(page: Page, base: str) -> None:
    page.goto(base + "index.html")
    page.emulate_media(media="print")
    assert not page.locator("header.site nav").is_visible()
    assert page.locator(".legend .state").first.is_visible()
