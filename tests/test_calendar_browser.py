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
from cmcheck.core.models import ChangeRequest, Link
from tests import calendar_scenario as scenario
from tests.conftest import FIXTURES, REPO_ROOT, Repo, run

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO_ROOT / "test-artifacts"
SWITCH = "changes/2026-12-19-core-switch-ios.html"


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
    return html.render_change(html.environment(REPO_ROOT / TEMPLATES), site, entry, [])


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
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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
        cell = page.locator(f'td.hour[data-date="{day}"][data-hour="{hour}"]')
        return str(cell.evaluate("e => getComputedStyle(e).backgroundColor"))
    shaded, plain = colour("2026-12-15", 20), colour("2026-12-15", 10)
    assert shaded != plain and plain == "rgb(255, 255, 255)"
    assert colour("2026-12-19", 10) == shaded  # Saturday: the window all day
    work = page.locator('td.hour[data-date="2026-12-19"][data-hour="20"]')
    assert "core switch" in work.inner_text()


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


def test_phone_width_has_no_horizontal_scroll(browser: Browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    phone = context.new_page()
    try:
        for path in ("index.html", "months/2026-12.html", SWITCH, "sites/high-school.html"):
            phone.goto(base + path)
            width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (path, width)
        phone.goto(base + "index.html")
        shot(phone, "calendar-phone.png")
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
