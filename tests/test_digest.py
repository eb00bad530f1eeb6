"""`cmcheck notify --digest` (issue 27): the coordinator's weekly digest of what waits in open
pull requests, read from the loopback GitHub, rendered from templates/notices/digest.*.j2,
delivered to a real SMTP server once per ISO week through the ledger."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
import yaml

from tests import fake_github as gh
from tests import queue_fake as fake
from tests.conftest import FIXTURES, REPO_ROOT, Repo, run
from tests.smtpserver import Inbox, inbox
from tests.test_queue import COORD, World, access_switches, two_requests

__all__ = ["inbox"]

MONDAY = "2026-12-07T07:00"


@pytest.fixture
def world(repo: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    shutil.copy(FIXTURES / "inventory.yaml", repo.root / "inventory.yaml")
    repo.commit("The district's templates and inventory", "2026-11-01T13:00:00-05:00")
    state = gh.State()
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        yield World(repo, state, change_text)


def digest(world: World, *args: str, now: str = MONDAY) -> tuple[int, str]:
    result = run(world.repo.root, "notify", "--digest", "--now", now, *args)
    assert gh.TOKEN not in result.output
    return result.exit_code, result.output


def test_the_coordinator_gets_what_waits_once_a_week(world: World, inbox: Inbox) -> None:
    two_requests(world)
    soon = access_switches(world.change, start="2026-12-12 20:00", end="2026-12-12 21:00")
    fake.open_pull(world.state, 9, author="janetech", created_at="2026-11-25T15:00:00Z",
                   files={"changes/2026/2026-12-12-ms-soon.yaml": soon.encode()})
    code, out = digest(world)
    assert code == 0, out
    (got,) = inbox.received
    assert got.recipients == ["technology@qcsd.example.org"]
    message = got.message
    assert message["Subject"] == ("[Quitman County School District] 3 change requests wait for "
                                  "your decision, 1 this week (2026-W50)")
    assert message["Message-ID"] == "<coordinator-digest.2026-W50@qcsd.example.org>"
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    order = [text.index(f"#{n} ") for n in (9, 7, 8)]
    assert order == sorted(order), "by days left, this week's first"
    assert "DECIDE THIS WEEK: #9 Replace the middle school access switches" in text
    assert "None of them is scheduled until a coordinator approves" in text
    assert "  conflicts with: #8 2026-12-19-ms-access" in text
    assert f"  approval: approved by {COORD}" in text
    assert "  notice problem: less than 14 days of notice" in text  # #8, opened on Dec 6
    assert "https://github.com/qcsd/changes/pull/8" in text

    assert digest(world, now="2026-12-09T07:00")[0] == 0  # the same week again: nothing
    assert len(inbox.received) == 1
    code, out = digest(world, now="2026-12-14T07:00")  # next Monday: the next week's digest
    assert code == 0, out
    assert len(inbox.received) == 2
    assert inbox.received[1].message["Subject"].endswith("(2026-W51)")


def test_a_title_is_text_in_the_html_part(world: World, inbox: Inbox) -> None:
    evil = world.change.replace(
        "title: Upgrade the high school core switch from IOS 15.2 to IOS XE 17.3",
        'title: "<img src=x onerror=alert(1)> core switch"')
    fake.open_pull(world.state, 4, author="janetech", files={
        "changes/2026/2026-12-19-evil.yaml": evil.encode()})
    assert digest(world)[0] == 0
    part = inbox.received[0].message.get_body(("html",))
    assert part is not None
    html = part.get_content()
    assert "&lt;img src=x onerror=alert(1)&gt; core switch" in html
    assert "<img" not in html


def test_nothing_waits_nothing_is_sent(world: World, inbox: Inbox) -> None:
    world.state.objects[world.state.repo("pulls")] = []
    code, out = digest(world)
    assert code == 0 and "nothing waits in open pull requests: no digest for 2026-W50" in out
    assert inbox.received == []


def test_without_smtp_it_is_a_preview_and_a_refusal_is_said(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    two_requests(world)
    monkeypatch.delenv("CMCHECK_SMTP_HOST", raising=False)
    code, out = digest(world)
    assert code == 0, out
    assert "Subject: [Quitman County School District] 2 change requests wait" in out
    assert "CMCHECK_SMTP_HOST is not set: nothing was sent or recorded." in out
    world.state.failures[world.state.repo("pulls")] = [403]
    code, out = digest(world)
    assert code == 2 and "cannot read the open pull requests: GitHub forbids this (403" in out
    result = run(world.repo.root, "notify", "--digest", "--before", "HEAD")
    assert result.exit_code == 2 and "--digest is a run of its own" in result.output


def test_the_scheduled_workflow_sends_it_on_monday_mornings() -> None:
    flow = yaml.safe_load((REPO_ROOT / ".github/workflows/notify.yml").read_text(encoding="utf-8"))
    crons = [entry["cron"] for entry in flow[True]["schedule"]]
    assert "7 13 * * 1" in crons  # Monday, 07:07 in Chicago in winter
    steps = {step.get("name", step.get("uses")): step for step in flow["jobs"]["send"]["steps"]}
    (name,) = [n for n, step in steps.items() if step.get("run") == "cmcheck notify --digest"]
    assert steps[name]["if"] == ("github.event_name == 'schedule' && "
                                 "github.event.schedule == '7 13 * * 1'")
    assert steps[name]["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    assert "CMCHECK_LEDGER_KEY" in steps[name]["env"]
    # The hourly reminders do not also run on the Monday digest's schedule.
    hourly = steps["Send reminders and whatever an unfinished run left"]
    assert "github.event.schedule != '7 13 * * 1'" in hourly["if"]


def test_a_forged_ledger_record_does_not_silence_the_digest(world: World, inbox: Inbox) -> None:
    """Attack: whoever can push refs/cmcheck/ledger seeds "this week's digest was sent" so that
    the coordinator never hears of their request. Unsigned, the record silences nothing."""
    from cmcheck.notices import digest as digests
    from cmcheck.notices import ledger
    from tests.test_ledger_forgery import write_ref

    two_requests(world)
    key = ledger.Key(digests.LEDGER_NAME, digests.KIND, "2026-W50", "technology@qcsd.example.org")
    record = ledger.sent_record(key, "<coordinator-digest.2026-W50@qcsd.example.org>")
    write_ref(world.repo, [json.dumps(record, sort_keys=True) + "\n"], "sent the digest")
    code, out = digest(world)
    assert code == 0, out
    assert len(inbox.received) == 1, "the forged record silenced the digest"
