"""`cmcheck calendar --pending` (issue 27): the change requests of open pull requests, read from
the loopback GitHub, shown in their own Requested state on the month, week and upcoming views
and on a page of their own; only TENTATIVE in the feed; never counted, never "Scheduled"; and
the new state passes axe in chromium like every other page kind."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Browser

from tests import fake_github as gh
from tests import queue_fake as fake
from tests.conftest import FIXTURES, Repo, run
from tests.test_calendar_a11y import PHONE, WIDE, axe
from tests.test_calendar_browser import browser  # noqa: F401  (the shared chromium)
from tests.test_queue import access_switches

NOW = "2026-12-14T10:00"  # Monday: the week grid shows Saturday the 19th
MERGED = "changes/2026/2026-12-19-core-switch.yaml"
ASKED = "changes/2026/2026-12-19-ms-access.yaml"
PAGE = "requested/8-2026-12-19-ms-access.html"
TITLE = "Replace the middle school access switches"


@dataclass
class World:
    repo: Repo
    state: gh.State
    out: Path

    def build(self, *args: str) -> tuple[int, str]:
        result = run(self.repo.root, "calendar", "--out", str(self.out), "--now", NOW, *args)
        return result.exit_code, result.output

    def read(self, path: str) -> str:
        return (self.out / path).read_text(encoding="utf-8")


@pytest.fixture
def world(repo: Repo, change_text: str, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    repo.commit("Inventory and the core switch", "2026-11-02T12:00:00-06:00", files={
        "inventory.yaml": (FIXTURES / "inventory.yaml").read_text(encoding="utf-8"),
        MERGED: change_text,
        **{f"templates/calendar/{p.name}": p.read_text(encoding="utf-8")
           for p in (Path(__file__).parent.parent / "templates" / "calendar").glob("*.j2")},
        "templates/calendar/static/calendar.css": (
            Path(__file__).parent.parent / "templates/calendar/static/calendar.css").read_text(
            encoding="utf-8")})
    state = gh.State()
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        fake.open_pull(state, 8, author="mbrown",
                       files={ASKED: access_switches(change_text).encode()})
        yield World(repo, state, tmp_path / "site")


def chip(html: str, href: str) -> str:
    """The first link to href, whole."""
    found = re.search(rf'<a [^>]*href="{re.escape(href)}"[^>]*>.*?</a>', html, re.S)
    assert found, href
    return found.group(0)


def item(html: str) -> str:
    """The request's line in a listing."""
    found = re.search(r'<li class="item state-requested" data-change="2026-12-19-ms-access">'
                      r'.*?</li>', html, re.S)
    assert found, "no listing line for the request"
    return found.group(0)


def test_a_request_shows_as_requested_on_every_view_and_never_as_scheduled(
        world: World) -> None:
    code, out = world.build("--pending")
    assert code == 0, out
    assert out.endswith("(1 requested changes shown as Requested)\n")
    index, month = world.read("index.html"), world.read("months/2026-12.html")
    week_block = chip(index.split('class="week"')[1], PAGE)
    upcoming = item(index)
    for shown in (week_block, chip(month, f"../{PAGE}"), upcoming, item(month),
                  item(world.read("states/requested.html"))):
        assert "state-requested" in shown and "Requested</span>" in shown, shown
        assert "Scheduled" not in shown and "state-scheduled" not in shown, shown
        assert TITLE in shown
    page = world.read(PAGE)
    assert "requested, not approved" in page
    assert '<a href="https://github.com/qcsd/changes/pull/8">pull request #8</a>' in page
    assert "Scheduled" not in page.split("<main")[1].split("</main>")[0]
    # The request and the merged change it hangs off conflict, each way it is shown.
    assert 'href="../changes/2026-12-19-core-switch.html"' in page
    assert "⚠ Conflict" in week_block


def test_the_feed_has_it_only_as_tentative_and_the_statistics_not_at_all(world: World) -> None:
    code, out = world.build("--pending")
    assert code == 0, out
    feed = icalendar.Calendar.from_ical((world.out / "changes.ics").read_bytes())
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    asked = events["requested-8-2026-12-19-ms-access@qcsd.example.org"]
    assert str(asked["STATUS"]) == "TENTATIVE"
    assert str(asked["SUMMARY"]) == f"Requested, not approved: {TITLE} (pull request #8)"
    assert str(events["2026-12-19-core-switch@qcsd.example.org"]["STATUS"]) == "CONFIRMED"
    assert [str(e["STATUS"]) for e in feed.walk("VEVENT")].count("TENTATIVE") == 1
    for key in ("middle-school", "high-school"):
        site_feed = world.out / "sites" / f"{key}.ics"
        assert not site_feed.exists() or b"TENTATIVE" not in site_feed.read_bytes()
    statistics = world.read("statistics.html")
    assert "All 1 change requests" in statistics and TITLE not in statistics
    assert TITLE not in world.read("states/scheduled.html")


def test_without_pending_nothing_is_asked_and_nothing_shown(world: World) -> None:
    code, out = world.build()
    assert code == 0, out
    assert not (world.out / "requested").exists()
    assert TITLE not in world.read("index.html")
    assert world.state.requests == []


def test_a_refusal_stops_the_build_rather_than_show_a_free_weekend(world: World) -> None:
    world.state.failures[world.state.repo("pulls")] = [403]
    code, out = world.build("--pending")
    assert code == 2
    assert "--pending: cannot read the open pull requests: GitHub forbids this (403" in out
    assert not (world.out / "index.html").exists()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "390"])
def test_the_requested_state_passes_axe(browser: Browser, world: World,  # noqa: F811
                                        viewport: dict[str, int]) -> None:
    assert world.build("--pending")[0] == 0
    context = browser.new_context(viewport=viewport)
    problems = []
    try:
        page = context.new_page()
        for path in ("index.html", "months/2026-12.html", PAGE, "states/requested.html",
                     "changes/2026-12-19-core-switch.html"):
            page.goto((world.out / path).as_uri())
            problems += [f"{v['id']} on {path}: {node['target']}"
                         for v in axe(page) for node in v["nodes"]]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


REVIEW = """review:
  outcome: successful
  completed: 2026-12-19 21:40
  notes: Upgraded; every uplink came back.
"""


def test_a_review_pull_request_does_not_turn_an_approved_change_into_a_request(
        world: World, change_text: str) -> None:
    """Attack: the second pull request, which adds the Change Review to a merged change, keeps
    its schedule. Shown as Requested, it would tell staff that an approved change is not."""
    fake.open_pull(world.state, 12, author="janetech",
                   files={MERGED: (change_text + REVIEW).encode()})
    code, out = world.build("--pending")
    assert code == 0, out
    assert not (world.out / "requested" / "12-2026-12-19-core-switch.html").exists()
    assert "requested/12-" not in world.read("index.html")
    assert "Requested, not approved: Upgrade" not in (world.out / "changes.ics").read_text(
        encoding="utf-8")
