"""The week grid shows every change of the week when the page opens (issue 24): measured in
Debian's chromium at 1280×1600 on a week with a Saturday-morning change, the policy's own usual
weekend start, and evening ones. Nothing may hide a change: not a box scrolled to the evening,
not an element that clips its overflow around a link to a change page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests import calendar_scenario as scenario
from tests.conftest import REPO_ROOT, Repo, run
from tests.test_calendar_a11y import WIDE
from tests.test_calendar_browser import browser  # noqa: F401

ARTIFACTS = REPO_ROOT / "test-artifacts"
MORNING = "changes/2026/2026-12-19-saturday-morning-ups.yaml"
EMERGENCY = "changes/2026/2026-12-14-failed-uplink.yaml"


@pytest.fixture
def week_site(repo: Repo, change_text: str, tmp_path: Path) -> Path:
    """The scenario (evening changes on Tuesday and Saturday) plus Saturday 08:00–12:00 and an
    unscheduled change on Monday at 02:00, built on Monday 14 December."""
    scenario.build(repo, change_text)
    morning = scenario.with_schedule(scenario.with_title(
        change_text, "Replace the high school UPS batteries"), "2026-12-19 08:00",
        "2026-12-19 12:00").replace("systems: [core-switch-01]", "systems: [es-ups-01]")
    emergency = scenario.with_schedule(scenario.with_title(
        change_text, "Replace a failed uplink module"), "2026-12-14 02:00",
        "2026-12-14 03:00").replace("kind: scheduled", "kind: unscheduled") + (
        "unscheduled:\n  reason: The uplink failed overnight.\n")
    repo.commit("Saturday morning work and an emergency", "2026-12-01T09:00:00-06:00",
                files={MORNING: morning, EMERGENCY: emergency})
    out = tmp_path / "site"
    assert run(repo.root, "calendar", "--out", str(out), "--now", scenario.NOW).exit_code == 0
    return out


@pytest.fixture
def page(browser: Browser, week_site: Path) -> Iterator[Page]:  # noqa: F811
    opened = browser.new_context(viewport=WIDE).new_page()
    opened.goto((week_site / "index.html").as_uri())
    yield opened
    opened.context.close()


# For each link to a change page in the week: whether it lies wholly inside the first screen,
# and every ancestor (up to the page) whose overflow is not 'visible': such a box hides what
# does not fit in it.
SEEN = """() => [...document.querySelectorAll('.week a[data-change]')].map(link => {
  const r = link.getBoundingClientRect();
  const clipping = [];
  for (let e = link.parentElement; e && e !== document.body; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible')
      clipping.push(e.className || e.tagName);
  }
  return {id: link.dataset.change, date: link.dataset.date,
          onScreen: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight
                    && r.right <= innerWidth && r.height > 0,
          clipping}; })"""


def test_every_change_of_the_week_shows_at_once(page: Page) -> None:
    """The month comes first; scrolled to, the whole week is on one 1280×1600 screen, every
    change in its place, none in a box that hides what does not fit it."""
    page.locator(".week").evaluate("e => e.scrollIntoView()")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "week-first-screen.png"))
    links = page.evaluate(SEEN)
    days = {(link["id"], link["date"]) for link in links}
    assert ("2026-12-19-saturday-morning-ups", "2026-12-19") in days
    assert ("2026-12-19-core-switch-ios", "2026-12-19") in days
    assert ("2026-12-14-failed-uplink", "2026-12-14") in days
    hidden = [link for link in links if not link["onScreen"] or link["clipping"]]
    assert not hidden, hidden


def test_the_month_stays_on_the_first_screen(page: Page) -> None:
    grid = page.locator("#m-2026-12").locator("xpath=..").locator("table.grid").bounding_box()
    assert grid is not None and grid["y"] >= 0, grid
    assert grid["y"] + grid["height"] <= WIDE["height"], grid


def test_a_morning_block_lies_over_its_hours(page: Page) -> None:
    """The block of Saturday 08:00–12:00 starts at the 08:00 row and ends at the 12:00 row."""
    block = page.locator('.week .block[data-change="2026-12-19-saturday-morning-ups"]')
    box = block.bounding_box()
    eight = page.locator('.week .hour[data-date="2026-12-19"][data-hour="8"]').bounding_box()
    noon = page.locator('.week .hour[data-date="2026-12-19"][data-hour="11"]').bounding_box()
    assert box and eight and noon
    assert abs(box["y"] - eight["y"]) <= 1.5, (box, eight)
    assert abs(box["y"] + box["height"] - (noon["y"] + noon["height"])) <= 1.5, (box, noon)


def test_folded_hours_say_which_hours_they_hold(page: Page) -> None:
    """Empty hours fold into a band that names them, so nobody reads a gap as a missing hour."""
    folds = page.locator(".week .hour-labels .fold").all_inner_texts()
    assert any("04:00" in text and "08:00" in text for text in folds), folds


def test_week_blocks_say_unscheduled(page: Page) -> None:
    emergency = page.locator('.week .block[data-change="2026-12-14-failed-uplink"]')
    assert "↯ Unscheduled" in emergency.inner_text()
    morning = page.locator('.week .block[data-change="2026-12-19-saturday-morning-ups"]')
    assert "Unscheduled" not in morning.inner_text()


def test_the_window_is_shaded_on_the_hours_shown(page: Page) -> None:
    def colour(day: str, hour: int) -> str:
        cell = page.locator(f'.week-day .hour[data-date="{day}"][data-hour="{hour}"]')
        return str(cell.evaluate("e => getComputedStyle(e).backgroundColor"))
    school, saturday = colour("2026-12-15", 8), colour("2026-12-19", 8)
    assert school == "rgb(255, 255, 255)" and saturday != school
    assert colour("2026-12-14", 2) == saturday  # Monday before 05:00: still the weekend's window


def test_blackout_holiday_and_event_days_say_so_in_words(page: Page) -> None:
    """Told apart by colour alone before (WCAG 1.3.1, 1.4.1): the words are in the text now."""
    cell = page.locator('#m-2026-12 ~ table td[data-date="2026-12-17"]').first
    assert "Blackout: Semester grades" in " ".join(cell.inner_text().split())
    concert = page.locator('#m-2026-12 ~ table td[data-date="2026-12-10"]').first
    assert "Special event: Winter band concert" in " ".join(concert.inner_text().split())
    christmas = page.locator('#m-2026-12 ~ table td[data-date="2026-12-25"]').first
    assert "Holiday: Christmas Day" in " ".join(christmas.inner_text().split())
    head = page.locator('.week-day-head[data-date="2026-12-17"]')
    assert "Blackout: Semester grades" in " ".join(head.inner_text().split())


def test_rows_fold_only_stretches_of_two_or_more_empty_hours() -> None:
    from cmcheck.calendar.weekrows import week_rows
    empty = week_rows([])
    assert [(r.first, r.last, r.folded) for r in empty.rows] == [(0, 24, True)]
    # 08:00-12:00 and 13:00-14:00 (a single empty hour between stays), 23:00-24:00.
    rows = week_rows([(32, 48), (52, 56), (92, 96)])
    assert [(r.first, r.last) for r in rows.rows if r.folded] == [(0, 8), (14, 23)]
    assert [r.first for r in rows.shown] == [8, 9, 10, 11, 12, 13, 23]
    # Every quarter of a block lies on a row of its own hour, in order.
    lines = [rows.top[q] for q in range(32, 48)]
    assert lines == sorted(lines) and len(set(lines)) == 16
    assert rows.lines(92, 96) == f"{rows.top[92]} / {rows.top[95] + 1}"
