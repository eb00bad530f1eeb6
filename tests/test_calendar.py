"""cmcheck calendar: what the pages say, from a real repository with real history."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import git
import pytest
import yaml

from cmcheck.calendar import data, html, site, views
from cmcheck.calendar.history import History
from cmcheck.core.catalog import policy_in
from cmcheck.core.model.localtime import localize
from cmcheck.core.model.models import ChangeRequest, Link
from cmcheck.report import figures
from cmcheck.report import load as report_load
from tests import calendar_scenario as scenario
from tests.conftest import FIXTURES, REPO_ROOT, Repo, run
from tests.test_report import NOW as REPORT_NOW
from tests.test_report import history  # noqa: F401  (the hand-counted fixture)


@pytest.fixture
def built(repo: Repo, change_text: str, tmp_path: Path) -> Path:
    scenario.build(repo, change_text)
    out = tmp_path / "site"
    result = run(repo.root, "calendar", "--out", str(out), "--now", scenario.NOW)
    assert result.exit_code == 0, result.output
    return out


def page(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def cell(html_text: str, day: str) -> str:
    """The month grid's cell for day (first month grid that shows it in its month)."""
    found = re.search(rf'<td id="d{day}-m{day[:7]}".*?</td>', html_text, re.S)
    assert found, day
    return found.group(0)


def test_the_change_sits_on_its_day_with_its_state(built: Path) -> None:
    index = page(built, "index.html")
    saturday = cell(index, "2026-12-19")
    assert "Upgrade the high school core switch" in saturday
    assert 'href="changes/2026-12-19-core-switch-ios.html"' in saturday
    assert "Scheduled" in saturday
    assert "Upgrade the high school core switch" not in cell(index, "2026-12-18")


def test_states_from_reviews_clock_and_history(built: Path) -> None:
    assert "✓</span> Done" in page(built, "changes/2026-12-05-elementary-ups.html")
    assert "Review overdue" in page(built, "changes/2026-12-12-library-patch.html")
    cancelled = page(built, "states/cancelled.html")
    assert "Retire the old print server" in cancelled
    assert "Retire the old print server" not in page(built, "states/scheduled.html")
    assert "Cancelled" in page(built, "changes/2026-12-16-print-server.html")


def test_blackouts_and_holidays_are_named_on_their_days(built: Path) -> None:
    index = page(built, "index.html")
    for day in ("2026-12-17", "2026-12-18"):
        assert "has-blackout" in cell(index, day) and "Semester grades" in cell(index, day)
    assert "Semester grades" not in cell(index, "2026-12-19")
    assert "Christmas Day" in cell(index, "2026-12-25")
    assert "Winter break" in cell(index, "2026-12-21")


def test_conflicts_are_flagged_on_both(built: Path) -> None:
    for me, other in (("core-switch-ios", "uplink-optics"), ("uplink-optics", "core-switch-ios")):
        text = page(built, f"changes/2026-12-19-{me}.html")
        assert "⚠ Conflict" in text and f'href="2026-12-19-{other}.html"' in text
    assert "Conflict" not in page(built, "changes/2026-12-05-elementary-ups.html").split(
        "<main")[1]


def test_history_shows_submission_and_reschedule(built: Path) -> None:
    text = page(built, "changes/2026-12-19-core-switch-ios.html")
    kinds = re.findall(r'<span class="event-kind">(\w+)</span>', text)
    assert kinds == ["submitted", "rescheduled"]
    assert "Wed 25 Nov 2026 09:00 CST" in text


def test_week_view_shades_the_maintenance_window(built: Path) -> None:
    index = page(built, "index.html")
    def window(day: str, hour: int) -> str:
        found = re.search(rf'data-date="{day}" data-hour="{hour}" data-window="(\w+)"', index)
        assert found
        return found.group(1)
    assert window("2026-12-15", 20) == "open"
    assert window("2026-12-19", 22) == "open"  # Saturday
    # No change this week touches the school day: its hours fold into one band that names them
    # (the morning's shading is measured in tests/test_calendar_week.py, where work is at 08:00).
    assert 'data-hour="10"' not in index
    assert 'data-date="2026-12-15" data-hours="0-20"' in index


def test_site_and_state_filters_are_pages(built: Path) -> None:
    middle = page(built, "sites/middle-school.html")
    assert "&lt;script&gt;" in middle and "core switch" not in middle
    assert "Quitman County Middle School" in page(built, "index.html")
    assert "BEGIN:VEVENT" in page(built, "sites/middle-school.ics")


def test_untrusted_text_is_escaped(built: Path) -> None:
    for path in ("index.html", "changes/2026-12-15-script-title.html", "months/2026-12.html"):
        text = page(built, path)
        assert "<script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_two_builds_are_byte_identical(repo: Repo, change_text: str, tmp_path: Path) -> None:
    scenario.build(repo, change_text)
    outputs = []
    for name in ("one", "two"):
        run(repo.root, "calendar", "--out", str(tmp_path / name), "--now", scenario.NOW)
        outputs.append(scenario.site_files(tmp_path / name))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 20


def test_a_rebuild_replaces_only_an_earlier_build(built: Path, repo: Repo,
                                                  tmp_path: Path) -> None:
    again = run(repo.root, "calendar", "--out", str(built), "--now", scenario.NOW)
    assert again.exit_code == 0
    other = tmp_path / "precious"
    (other / "notes.txt").parent.mkdir()
    (other / "notes.txt").write_text("keep me")
    refused = run(repo.root, "calendar", "--out", str(other))
    assert refused.exit_code == 2 and "not an earlier calendar build" in refused.output
    assert (other / "notes.txt").read_text() == "keep me"


def test_the_examples_build(examples: Path, tmp_path: Path) -> None:
    result = run(examples, "calendar", "--out", str(tmp_path / "site"), "--now",
                 "2026-12-14T10:00")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "changes" / "2026-12-19-core-switch-ios.html").is_file()


def test_a_javascript_link_is_a_schema_finding(repo: Repo, change_text: str) -> None:
    repo.write("changes/2026/2026-12-19-core-switch-ios.yaml", change_text +
               "links:\n  - {title: Release notes, url: 'javascript:alert(1)'}\n")
    result = run(repo.root, "validate", "--format", "json", "--now", "2026-11-01T12:00")
    assert '"rule": "schema"' in result.output and '"line": 33' in result.output
    assert result.exit_code == 1


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x",
                                 "java\tscript:alert(1)", "vbscript:x", "//evil.example/x",
                                 "https:evil"])
def test_unsafe_urls_are_refused_at_render_time(url: str) -> None:
    assert data.safe_url(url) is None


def test_safe_urls_pass() -> None:
    for url in ("https://vendor.example.com/notes?v=17.3#top", "mailto:tech@qcsd.example.org"):
        assert data.safe_url(url) == url


def test_a_link_that_bypassed_validation_renders_inert(change_text: str) -> None:
    import yaml

    from cmcheck.calendar.site import TEMPLATES
    from cmcheck.core.catalog import policy_in

    policy = policy_in(FIXTURES)
    good = ChangeRequest.model_validate(yaml.safe_load(change_text), context={"tz": policy.tz})
    evil = good.model_copy(update={"links": [
        Link.model_construct(title="<b>notes</b>", url="javascript:alert(1)"),
        Link.model_construct(title="vendor", url="https://vendor.example.com/")]})
    entry = data.Entry(id="evil", path="changes/evil.yaml", change=evil,
                       state=data.STATES["scheduled"], conflicts=(), history=History())
    site = html.Site(policy=policy, now=datetime(2026, 12, 14, tzinfo=UTC), months=[], sites=[])
    text = html.render_change(html.environment(REPO_ROOT / TEMPLATES, site), site, entry, [])
    assert "javascript:" not in text
    assert "&lt;b&gt;notes&lt;/b&gt;</span> (link removed" in text
    assert 'href="https://vendor.example.com/"' in text


def test_moving_a_file_to_another_folder_is_not_a_cancellation(
        repo: Repo, change_text: str, tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    repo.commit("Submit", "2026-11-20T09:00:00-06:00", files={scenario.SWITCH: change_text})
    repo.commit("Move to the 2027 folder", "2026-11-21T09:00:00-06:00",
                files={"changes/2027/2026-12-19-core-switch-ios.yaml": change_text},
                remove=[scenario.SWITCH])
    out = tmp_path / "site"
    assert run(repo.root, "calendar", "--out", str(out), "--now", scenario.NOW).exit_code == 0
    text = page(out, "changes/2026-12-19-core-switch-ios.html")
    assert re.findall(r'<span class="event-kind">(\w+)</span>', text) == ["submitted", "moved"]
    assert "Cancelled" not in text.split("<main")[1].split("<h2>History")[0]


def test_missing_templates_and_bad_now_exit_2(repo: Repo, tmp_path: Path) -> None:
    missing = run(repo.root, "calendar", "--out", str(tmp_path / "a"))
    assert missing.exit_code == 2 and "no calendar templates" in missing.output
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    bad = run(repo.root, "calendar", "--out", str(tmp_path / "b"), "--now", "next tuesday")
    assert bad.exit_code == 2 and "not an ISO date" in bad.output
    (repo.root / "policy.yaml").write_text("district: {}\n", encoding="utf-8")
    broken = run(repo.root, "calendar", "--out", str(tmp_path / "c"))
    assert broken.exit_code == 2 and "policy.yaml" in broken.output
    assert not (tmp_path / "c").exists()


def test_an_empty_repository_still_builds_this_month(repo: Repo, tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    result = run(repo.root, "calendar", "--out", str(tmp_path / "s"), "--now", scenario.NOW)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s/months/2026-12.html").is_file()
    assert (tmp_path / "s/months/2027-01.html").is_file()
    assert "No changes." in page(tmp_path / "s", "index.html")


def test_the_statistics_page_is_built_and_linked(built: Path) -> None:
    assert 'href="statistics.html"' in page(built, "index.html")
    statistics = page(built, "statistics.html")
    assert "<h1>Change management statistics</h1>" in statistics
    assert statistics.count("<svg") >= 1
    assert "<script" not in statistics


def test_the_statistics_page_has_the_report_figures_from_one_history_pass(
        history: Repo, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    # The calendar's own pass over history gives the report's clock (submitted, reviewed):
    # the figures equal `cmcheck report`'s, which reads history twice more on its own.
    now = localize(datetime.fromisoformat(REPORT_NOW), policy_in(history.root).tz)
    expected = figures.as_dict(report_load.load(history.root, now=now))
    logs: list[list[str]] = []
    execute = git.cmd.Git.execute

    def spy(self: git.cmd.Git, command: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(command, list) and command[1:2] == ["log"]:
            logs.append(command)
        return execute(self, command, *args, **kwargs)

    monkeypatch.setattr(git.cmd.Git, "execute", spy)
    _, _, found = site.load(history.root, now.astimezone(UTC))
    assert figures.as_dict(found()) == expected
    assert expected["median_days_to_review"] == 1.5 and expected["median_notice_days"] == 20.0
    assert len(logs) == 1, logs


def test_a_shallow_clone_is_refused_with_the_fix(repo: Repo, change_text: str,
                                                 tmp_path: Path) -> None:
    scenario.build(repo, change_text)
    clone = tmp_path / "clone"
    git.Repo.clone_from(repo.root.as_uri(), clone, depth=1)
    result = run(clone, "calendar", "--out", str(tmp_path / "s"), "--now", scenario.NOW)
    assert result.exit_code == 2
    assert "fetch-depth: 0" in result.output


def test_week_blocks_share_the_width_only_while_they_overlap(change_text: str) -> None:
    policy = policy_in(FIXTURES)

    def entry(change_id: str, start: str, end: str) -> data.Entry:
        change = ChangeRequest.model_validate(
            yaml.safe_load(scenario.with_schedule(change_text, start, end)),
            context={"tz": policy.tz})
        return data.Entry(id=change_id, path=f"changes/{change_id}.yaml", change=change,
                          state=data.STATES["scheduled"], conflicts=(), history=History())

    found = views.blocks([entry("a", "2026-12-19 20:00", "2026-12-19 22:00"),
                          entry("b", "2026-12-19 21:00", "2026-12-19 23:00"),
                          entry("c", "2026-12-19 23:00", "2026-12-20 02:00"),
                          entry("d", "2026-12-19 08:10", "2026-12-19 08:20")],
                         date(2026, 12, 19), policy)
    # Quarter-hour rows: d is drawn an hour and three quarters tall (room for its time, state
    # and conflict marker); c runs past midnight, so to the end, and keeps that height inside
    # the day by starting its drawing at 22:15, beside b.
    assert [(b.entry.id, b.top, b.bottom, b.lane, b.lanes) for b in found] == [
        ("d", 32, 39, 0, 1), ("a", 80, 88, 0, 2), ("b", 84, 92, 1, 2), ("c", 89, 96, 0, 2)]
    assert found[2].style == "margin-left:50.0000%;width:50.0000%"
    sunday = views.blocks([entry("c", "2026-12-19 23:00", "2026-12-20 02:00")],
                          date(2026, 12, 20), policy)
    assert [(b.top, b.bottom) for b in sunday] == [(0, 8)]


def test_a_future_change_with_a_copied_review_is_not_done(
        repo: Repo, change_text: str, tmp_path: Path) -> None:
    """Copying an example with a review made a next-month change "Done" and left Upcoming."""
    copied = change_text + scenario.REVIEW.replace("2026-12-05 21:30", "2026-11-10 21:30")
    repo.commit("Schedule the core switch upgrade", "2026-11-20T09:00:00-06:00",
                files={scenario.SWITCH: copied})
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    out = tmp_path / "site"
    result = run(repo.root, "calendar", "--out", str(out), "--now", "2026-12-01T10:00")
    assert result.exit_code == 0, result.output
    change_page = page(out, "changes/2026-12-19-core-switch-ios.html")
    assert "✓</span> Done" not in change_page and "Scheduled" in change_page
    assert "Upgrade the high school core switch" in page(out, "states/scheduled.html")
    assert "Upgrade the high school core switch" not in page(out, "states/done.html")
    upcoming = page(out, "index.html").split("Upcoming", 1)[1]
    assert "2026-12-19-core-switch-ios.html" in upcoming
    assert validate_review_dates(repo.root) == [("review-dates", 32)]


def validate_review_dates(root: Path) -> list[tuple[str, int]]:
    import json
    found = json.loads(run(root, "validate", "--format", "json",
                           "--now", "2026-12-01T10:00").output)["findings"]
    return [(f["rule"], f["line"]) for f in found if f["rule"] == "review-dates"]
