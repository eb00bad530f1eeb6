"""A system's page lists the changes that reach it through the systems it depends on (the UPS
swap on the core switch's page), each group marked with the dependency it comes through."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import REPO_ROOT, Repo, run
from tests.rules.helpers import edit, scheduled
from tests.rules.test_inventory import DECLARED, INVENTORY
from tests.test_calendar_inventory import DB, NOW, SWITCH, main

UPS = "changes/2026/2026-12-20-ups-hs-swap.yaml"
PAST_UPS = "changes/2026/2026-12-06-ups-hs-battery.yaml"


def built(repo: Repo, tmp_path: Path) -> Path:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    ups = edit(("systems: [core-switch-01]", "systems: [ups-hs]"),
               ("title: Upgrade the high school core switch from IOS 15.2 to IOS XE 17.3",
                "title: Replace the high school UPS"), text=DECLARED)
    files = {SWITCH: DECLARED, "inventory.yaml": INVENTORY,
             DB: edit(("systems: [core-switch-01]", "systems: [sis-db]"),
                      text=scheduled("2026-12-05 20:00", "2026-12-05 21:00")),
             UPS: scheduled("2026-12-20 08:00", "2026-12-20 10:00", text=ups),
             PAST_UPS: edit(("Replace the high school UPS", "Replace the UPS batteries"),
                            text=scheduled("2026-12-06 08:00", "2026-12-06 09:00", text=ups))}
    repo.commit("Changes and the inventory", "2026-11-20T09:00:00-06:00", files=files)
    out = tmp_path / "site"
    result = run(repo.root, "calendar", "--out", str(out), "--now", NOW)
    assert result.exit_code == 0, result.output
    return out


def sections(page: str) -> tuple[str, str]:
    upcoming, past = page.split("<h2>Upcoming changes</h2>")[1].split("<h2>Past changes</h2>")
    return upcoming, past


def changes(html: str) -> list[str]:
    return re.findall(r'<li class="item[^"]*" data-change="([^"]+)"', html)


def test_the_ups_swap_shows_on_the_core_switch_page_through_the_ups(
        repo: Repo, tmp_path: Path) -> None:
    out = built(repo, tmp_path)
    upcoming, past = sections(main(out, "systems/core-switch-01.html"))
    own, through = upcoming.split('<p class="through">', 1)
    assert changes(own) == ["2026-12-19-core-switch-ios"]
    assert through.startswith('Through <a href="ups-hs.html">ups-hs</a> (core-switch-01 '
                              "depends on ups-hs):</p>")
    assert changes(through) == ["2026-12-20-ups-hs-swap"]
    # Nothing of its own in the past: only what came through the UPS, and no "No changes.".
    assert "No changes." not in past
    assert past.lstrip().startswith('<p class="through">Through <a href="ups-hs.html">ups-hs')
    assert changes(past) == ["2026-12-06-ups-hs-battery"]


def test_further_down_each_change_comes_through_its_nearest_dependency(
        repo: Repo, tmp_path: Path) -> None:
    out = built(repo, tmp_path)
    upcoming, past = sections(main(out, "systems/sis-db.html"))
    groups = re.findall(r'<p class="through">Through <a href="[^"]+">([^<]+)</a> \(([^)]+)\)',
                        upcoming)
    assert groups == [
        ("core-switch-01", "sis-db depends on sis-server, which depends on core-switch-01"),
        ("ups-hs", "sis-db depends on sis-server, which depends on core-switch-01, which "
                   "depends on ups-hs")]
    assert changes(upcoming) == ["2026-12-19-core-switch-ios", "2026-12-20-ups-hs-swap"]
    assert changes(past) == ["2026-12-05-sis-db-patch", "2026-12-06-ups-hs-battery"]


def test_what_depends_on_a_system_does_not_reach_its_page(repo: Repo, tmp_path: Path) -> None:
    out = built(repo, tmp_path)
    page = main(out, "systems/ups-hs.html")
    assert '<p class="through">' not in page
    assert changes(page) == ["2026-12-20-ups-hs-swap", "2026-12-06-ups-hs-battery"]
