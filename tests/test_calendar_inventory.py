"""The calendar with an inventory: the risk on every change page and a badge for high risk,
one page per system with its changes and dependencies, and the filter by system."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import REPO_ROOT, Repo, run
from tests.rules.helpers import edit, scheduled
from tests.rules.test_inventory import DECLARED, INVENTORY

NOW = "2026-12-14T10:00"
SWITCH = "changes/2026/2026-12-19-core-switch-ios.yaml"
DB = "changes/2026/2026-12-05-sis-db-patch.yaml"


def built(repo: Repo, tmp_path: Path, inventory: str | None = INVENTORY) -> Path:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    files = {SWITCH: DECLARED,
             DB: edit(("systems: [core-switch-01]", "systems: [sis-db]"),
                      ("category: firmware-upgrade", "category: configuration"),
                      ("mission_critical_data: true", "mission_critical_data: false"),
                      text=scheduled("2026-12-05 20:00", "2026-12-05 21:00"))}
    if inventory is not None:
        files["inventory.yaml"] = inventory
    repo.commit("Changes and the inventory", "2026-11-20T09:00:00-06:00", files=files)
    out = tmp_path / "site"
    result = run(repo.root, "calendar", "--out", str(out), "--now", NOW)
    assert result.exit_code == 0, result.output
    return out


def main(out: Path, page: str) -> str:
    return (out / page).read_text(encoding="utf-8").split("<main", 1)[1]


def test_the_change_page_shows_the_risk_and_links_its_systems(repo: Repo, tmp_path: Path) -> None:
    out = built(repo, tmp_path)
    text = main(out, "changes/2026-12-19-core-switch-ios.html")
    # 4 sites +2, 4 audiences +1, mission-critical data +2, firmware +1 = 6.
    assert ('<dt>Risk</dt><dd><span class="risk risk-high"><span aria-hidden="true">▲</span> '
            "High risk</span> score 6: 4 sites +2, 4 audiences +1, mission-critical data +2, "
            "firmware-upgrade +1</dd>") in text
    assert '<a href="../systems/core-switch-01.html">core-switch-01</a>' in text


def test_high_risk_gets_a_badge_on_the_calendar_and_lower_levels_do_not(
        repo: Repo, tmp_path: Path) -> None:
    out = built(repo, tmp_path)
    month = main(out, "months/2026-12.html")
    chips = re.findall(r'<a class="chip[^"]*"[^>]*data-change="([^"]+)".*?</a>', month, re.S)
    assert sorted(chips) == ["2026-12-05-sis-db-patch", "2026-12-19-core-switch-ios"]
    high = re.search(r'data-change="2026-12-19-core-switch-ios".*?</a>', month, re.S)
    low = re.search(r'data-change="2026-12-05-sis-db-patch".*?</a>', month, re.S)
    assert high and "risk-high" in high.group(0)
    assert low and "risk-" not in low.group(0)
    assert "Medium risk" in main(out, "changes/2026-12-05-sis-db-patch.html")


def test_a_system_page_lists_its_changes_and_both_directions(repo: Repo, tmp_path: Path) -> None:
    out = built(repo, tmp_path)
    text = main(out, "systems/sis-server.html")
    assert "<h1>SIS server</h1>" in text
    assert ('<dt>Depends on</dt><dd><a href="core-switch-01.html">core-switch-01</a></dd>'
            in text)
    assert ('<dt>Depended on by</dt><dd><a href="sis-app.html">sis-app</a>, '
            '<a href="sis-db.html">sis-db</a></dd>') in text
    switch = main(out, "systems/core-switch-01.html")
    upcoming, past = switch.split("<h2>Upcoming changes</h2>")[1].split("<h2>Past changes</h2>")
    assert "2026-12-19-core-switch-ios" in upcoming and "No changes." in past
    assert "(4 systems in all, through them)" in switch
    database = main(out, "systems/sis-db.html").split("<h2>Past changes</h2>")[1]
    assert "2026-12-05-sis-db-patch" in database


def test_the_filter_by_system(repo: Repo, tmp_path: Path) -> None:
    out = built(repo, tmp_path)
    assert '<a href="../systems/index.html">By system</a>' in (
        out / "months/2026-12.html").read_text(encoding="utf-8")
    index = main(out, "systems/index.html")
    assert '<li><a href="core-switch-01.html">High school core switch</a> ' \
           "<code>core-switch-01</code> · 1 change</li>" in index
    assert len(re.findall(r"<li>", index)) == 7


def test_inventory_text_is_escaped(repo: Repo, tmp_path: Path) -> None:
    hostile = INVENTORY.replace("name: SIS server", "name: \"<script>alert(1)</script>\"")
    out = built(repo, tmp_path, hostile)
    text = (out / "systems/sis-server.html").read_text(encoding="utf-8")
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_without_an_inventory_there_are_no_system_pages(repo: Repo, tmp_path: Path) -> None:
    out = built(repo, tmp_path, None)
    assert not (out / "systems").exists()
    assert "By system" not in (out / "index.html").read_text(encoding="utf-8")
    assert "High risk" in main(out, "changes/2026-12-19-core-switch-ios.html")
