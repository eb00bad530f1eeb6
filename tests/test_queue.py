"""`cmcheck queue` on the loopback GitHub: open pull requests with change files, paged lists
and a refusal, over a real repository whose main branch holds the merged changes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests import fake_github as gh
from tests import queue_fake as fake
from tests.conftest import FIXTURES, Repo, run

COORD = "qcsd-techcoord"
NOW = "2026-12-07T09:00"
SWITCH = "changes/2026/2026-12-19-core-switch.yaml"
WIRELESS = "changes/2026/2026-12-19-ms-access.yaml"


def access_switches(text: str, *, start: str = "2026-12-19 20:30",
                    end: str = "2026-12-19 21:30") -> str:
    """The middle school's access switches, which depend on the high school's core switch."""
    return (text.replace("systems: [core-switch-01]", "systems: [access-sw-ms]")
            .replace("sites: [high-school]", "sites: [middle-school]")
            .replace("title: Upgrade the high school core switch from IOS 15.2 to IOS XE 17.3",
                     "title: Replace the middle school access switches")
            .replace("start: 2026-12-19 20:00", f"start: {start}")
            .replace("end: 2026-12-19 22:00", f"end: {end}"))


@dataclass
class World:
    repo: Repo
    state: gh.State
    change: str


@pytest.fixture
def world(repo: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    repo.commit("Inventory and a merged change", "2026-11-02T12:00:00-06:00", files={
        "inventory.yaml": (FIXTURES / "inventory.yaml").read_text(encoding="utf-8"),
        "changes/2027/2027-01-16-core-switch-power-supply.yaml":
            (FIXTURES / "neighbour.yaml").read_text(encoding="utf-8")})
    state = gh.State()
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        yield World(repo, state, change_text)


def queue(world: World, *args: str) -> tuple[int, str]:
    result = run(world.repo.root, "queue", "--now", NOW, *args)
    assert gh.TOKEN not in result.output
    return result.exit_code, result.output


def two_requests(world: World) -> str:
    """#7 books the core switch, #8 the access switches that hang off it, the same night."""
    head = fake.open_pull(world.state, 7, author="janetech",
                          files={SWITCH: world.change.encode()})
    world.state.objects[world.state.repo("pulls/7/reviews")] = [
        gh.review(COORD, "APPROVED", head, "2026-11-22T10:00:00Z", number=7)]
    fake.open_pull(world.state, 8, author="mbrown", created_at="2026-12-06T15:00:00Z",
                   files={WIRELESS: access_switches(world.change).encode(),
                          "README.md": b"not a change request\n"})
    return head


def test_two_overlapping_requests_show_as_conflicting(world: World) -> None:
    two_requests(world)
    code, out = queue(world, "--format", "json")
    assert code == 0, out
    assert json.loads(out) == {"pending": [
        {"pr": 7, "id": "2026-12-19-core-switch",
         "title": "Upgrade the high school core switch from IOS 15.2 to IOS XE 17.3",
         "start": "2026-12-19T20:00-06:00", "days_left": 12, "approved": True,
         "notice_ok": True, "conflicts": ["2026-12-19-ms-access"]},
        {"pr": 8, "id": "2026-12-19-ms-access",
         "title": "Replace the middle school access switches",
         "start": "2026-12-19T20:30-06:00", "days_left": 12, "approved": False,
         "notice_ok": False, "conflicts": ["2026-12-19-core-switch"]},
    ]}


def test_text_puts_this_weeks_decisions_first_and_names_the_pull_requests(
        world: World) -> None:
    two_requests(world)
    soon = access_switches(world.change, start="2026-12-12 20:00", end="2026-12-12 21:00")
    fake.open_pull(world.state, 9, author="janetech", created_at="2026-11-25T15:00:00Z",
                   files={"changes/2026/2026-12-12-ms-soon.yaml": soon.encode()})
    code, out = queue(world)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == ("3 requested changes in 3 open pull requests, by days left "
                        "(Mon 2026-12-07 09:00); none is scheduled until it is approved and "
                        "merged")
    assert lines[2] == "Decide this week (starts within 7 days):"
    assert lines[3] == "  #9 2026-12-12-ms-soon — Replace the middle school access switches"
    assert lines[4].startswith("      starts Sat 2026-12-12 20:00, 5 days left; by janetech; "
                               "https://github.com/qcsd/changes/pull/9")
    assert lines.index("Later:") > 3
    assert "      conflicts with: #8 2026-12-19-ms-access" in lines
    assert "      conflicts with: #7 2026-12-19-core-switch" in lines
    assert f"      approval: approved by {COORD} on 2026-11-22T10:00:00Z" in out
    assert ("      approval: no approval yet: a coordinator (qcsd-techcoord) must approve "
            "PR #8") in out
    assert "      notice: less than 14 days" in out  # #8 was opened on 2026-12-06


def test_a_request_overlapping_a_merged_change_names_it(world: World) -> None:
    moved = world.change.replace("2026-12-19 20:00", "2027-01-16 19:30").replace(
        "2026-12-19 22:00", "2027-01-16 21:00")
    fake.open_pull(world.state, 3, author="janetech",
                   files={"changes/2027/2027-01-16-switch.yaml": moved.encode()})
    code, out = queue(world, "--format", "json")
    assert code == 0, out
    assert json.loads(out)["pending"][0]["conflicts"] == ["2027-01-16-core-switch-power-supply"]


def test_every_page_is_read(world: World) -> None:
    world.state.page_size = 2
    for number in range(1, 6):
        start = f"2027-02-{number + 10:02d} 20:00"
        text = world.change.replace("2026-12-19 20:00", start).replace(
            "2026-12-19 22:00", start.replace("20:00", "21:00"))
        fake.open_pull(world.state, number, author="janetech", files={
            f"changes/2027/2027-02-{number + 10:02d}-a.yaml": text.encode(),
            f"changes/2027/2027-02-{number + 10:02d}-b.yaml": access_switches(
                text, start=start, end=start.replace("20:00", "21:00")).encode(),
            "docs/a.md": b"x\n"})
    code, out = queue(world, "--format", "json")
    assert code == 0, out
    found = json.loads(out)["pending"]
    assert [(p["pr"], p["id"][-1]) for p in found] == [
        (n, s) for n in range(1, 6) for s in "ab"], "every pull request, every file, in order"
    asked = [path for path, _ in world.state.requests]
    assert asked.count(world.state.repo("pulls")) == 3
    assert asked.count(world.state.repo("pulls/1/files")) == 2


def test_a_refusal_is_said_never_an_empty_queue(world: World) -> None:
    two_requests(world)
    world.state.failures[world.state.repo("pulls")] = [403]
    code, out = queue(world)
    assert code == 2
    assert "cannot read the open pull requests: GitHub forbids this (403 Forbidden)" in out
    assert "pull-requests: read" in out
    assert "no change request" not in out
    world.state.failures[world.state.repo(f"git/blobs/{fake.blob_sha(world.change.encode())}")] \
        = [403]
    code, out = queue(world, "--format", "json")
    assert code == 2
    assert "403 Forbidden" in out and "pending" not in out


def test_what_is_no_request_stays_out(world: World) -> None:
    two_requests(world)
    fake.open_pull(world.state, 11, author="janetech", base_ref="release",
                   files={"changes/2026/2026-12-19-elsewhere.yaml": world.change.encode()})
    fake.open_pull(world.state, 12, author="janetech", files={"docs/coordinator.md": b"x\n"})
    fake.open_pull(world.state, 13, author="janetech",
                   files={"changes/2026/2026-12-19-gone.yaml": world.change.encode()})
    world.state.objects[world.state.repo("pulls/13/files")][0]["status"] = "removed"
    code, out = queue(world, "--format", "json")
    assert code == 0, out
    assert [p["pr"] for p in json.loads(out)["pending"]] == [7, 8]
    asked = {path for path, _ in world.state.requests}
    assert world.state.repo("pulls/12/reviews") not in asked, "no approval asked without a request"


def test_an_unreadable_request_is_named_not_dropped(world: World) -> None:
    fake.open_pull(world.state, 5, author="janetech",
                   files={"changes/2026/2026-12-19-broken.yaml": b"title: [unclosed\n"})
    code, out = queue(world)
    assert code == 0, out
    assert out.startswith("no readable change request waits in an open pull request")
    assert "Not readable (their pull request's check names the line to fix):" in out
    assert "  changes/2026/2026-12-19-broken.yaml:" in out


def test_no_open_pull_request(world: World) -> None:
    world.state.objects[world.state.repo("pulls")] = []
    code, out = queue(world, "--format", "json")
    assert (code, json.loads(out)) == (0, {"pending": []})


def test_an_edit_that_keeps_a_merged_schedule_asks_no_decision_of_the_queue(
        world: World) -> None:
    """Attack: a review pull request (or a typo fix) of a merged change would list it as a
    fresh request with days left, and warn of a conflict with itself in other checks."""
    merged = "changes/2027/2027-01-16-core-switch-power-supply.yaml"
    text = (FIXTURES / "neighbour.yaml").read_text(encoding="utf-8").replace(
        "title: Replace the high school core switch power supply",
        "title: Replace the high school core switch power supply (typo fixed)")
    fake.open_pull(world.state, 21, author="janetech", files={merged: text.encode()})
    moved = text.replace("2027-01-16 20:00", "2027-01-23 20:00").replace(
        "2027-01-16 22:00", "2027-01-23 22:00")
    fake.open_pull(world.state, 22, author="janetech", files={merged: moved.encode()})
    code, out = queue(world, "--format", "json")
    assert code == 0, out
    # Only the reschedule asks the coordinator to decide a date.
    assert [(p["pr"], p["id"]) for p in json.loads(out)["pending"]] == [
        (22, "2027-01-16-core-switch-power-supply")]


def test_a_file_name_cannot_forge_a_workflow_command(world: World,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Attack: an open pull request's file name (its id) carries line breaks and commands; the
    scheduled workflow prints the queue to its log."""
    from tests import runner_log
    from tests.test_workflow_commands import SNEAKY

    fake.open_pull(world.state, 6, author="mallory", files={SNEAKY: world.change.encode()})
    code, plain = queue(world)
    assert code == 0, plain
    # The id is quoted on one line (a raw line break would split the listing)...
    assert "#6 x\\n::error file=a::forged\\r::warning::cr ##[add-mask]y — " \
        in plain
    # ...but the old `##[` syntax works mid-line: the control shows the runner would obey it,
    # so only the fence makes the log safe.
    assert runner_log.forged(plain, SNEAKY) != []
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, fenced = queue(world)
    assert code == 0 and runner_log.forged(fenced, SNEAKY) == []
    code, out = queue(world, "--format", "json")
    assert code == 0 and runner_log.forged(out, SNEAKY) == []
