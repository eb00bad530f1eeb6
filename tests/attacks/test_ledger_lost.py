"""Issue 23, item 14: a deleted or untrusted ledger never means "all announced".

A push's notify run is cancelled, so its change is not announced yet. Someone who can push then
deletes refs/cmcheck/ledger, or points it at a commit the key did not sign. The next hourly run
used to take "first run ever", mark everything up to HEAD as announced, and the change was
never announced. Now the run stops with exit 2 and sends nothing until the coordinator starts
the ledger on purpose (`cmcheck notify --init`), and records signed for one repository are not
trusted in another that shares the key.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest

from cmcheck.notices import ledger
from tests import fake_github as gh
from tests.conftest import REPO_ROOT, Repo, run
from tests.fake_gate import gated
from tests.smtpserver import LEDGER_KEY, Inbox, inbox
from tests.test_ledger_forgery import git, write_ref

__all__ = ["inbox"]

PATH = "changes/2026/2026-12-19-core-switch.yaml"
AUDIENCE = ["all-staff@qcsd.example.org", "student-notices@qcsd.example.org"]
REPOSITORY = "qcsd/changes"


@pytest.fixture
def district(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    repo.commit("Add the notice templates", "2026-11-01T13:00:00-05:00")
    return repo


def hourly(repo: Repo) -> tuple[int, str]:
    result = run(repo.root, "notify", "--before", "HEAD", "--after", "HEAD")
    return result.exit_code, result.output


def started(repo: Repo, after: str = "HEAD") -> None:
    """The coordinator starts the ledger on purpose, once."""
    result = run(repo.root, "notify", "--init", "--after", after)
    assert result.exit_code == 0, result.output
    assert f"started {ledger.REF} for {REPOSITORY}" in result.output


def unfinished_push(repo: Repo, change_text: str) -> tuple[str, str]:
    """The ledger is started at `before`; the push to `after` adds a change, and its notify
    run is cancelled before it sends anything."""
    before = repo.git.head.commit.hexsha
    started(repo, before)
    after = repo.commit("Schedule the switch", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    return before, after


@pytest.mark.parametrize("how", ["deleted", "unsigned", "blob"])
def test_a_lost_ledger_stops_the_run_instead_of_marking_all_announced(
        district: Repo, inbox: Inbox, change_text: str, how: str) -> None:
    before, _ = unfinished_push(district, change_text)
    if how == "deleted":
        git(district, "update-ref", "-d", ledger.REF)
    elif how == "unsigned":
        git(district, "update-ref", "-d", ledger.REF)
        done = {"done": district.git.head.commit.hexsha}
        write_ref(district, [json.dumps(done) + "\n"])
    else:
        blob = git(district, "hash-object", "-w", "--stdin", stdin="not a ledger\n")
        git(district, "update-ref", ledger.REF, blob)
    code, output = hourly(district)
    assert code == 2, output
    assert "sends nothing rather than take every change as announced" in output
    assert "cmcheck notify --init" in output
    assert inbox.received == []
    assert ledger.load(district.git, LEDGER_KEY.encode()).last_done() is None
    # The coordinator starts it again where the notices are known to have gone out: the
    # change of the unfinished push is announced by the next hourly run.
    started(district, before)
    assert hourly(district)[0] == 0
    assert inbox.recipients() == AUDIENCE


def test_the_first_run_ever_needs_the_coordinators_start(district: Repo, inbox: Inbox,
                                                        change_text: str) -> None:
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule the switch", "2026-12-01T10:00:00-06:00",
                            {PATH: change_text})
    result = run(district.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 2 and f"{ledger.REF} does not exist" in result.output
    assert inbox.received == [] and ledger.load(district.git).head is None
    started(district, before)
    assert run(district.root, "notify", "--before", before, "--after", after).exit_code == 0
    assert inbox.recipients() == AUDIENCE


def test_starting_a_started_ledger_is_refused(district: Repo, inbox: Inbox,
                                              change_text: str) -> None:
    """--init on a ledger that knows where it stands would mark pending notices as sent."""
    unfinished_push(district, change_text)
    result = run(district.root, "notify", "--init")
    assert result.exit_code == 2 and "already started" in result.output
    assert hourly(district)[0] == 0 and inbox.recipients() == AUDIENCE


def test_init_needs_the_key_and_the_repository(district: Repo, inbox: Inbox,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY")
    result = run(district.root, "notify", "--init")
    assert result.exit_code == 2 and "GITHUB_REPOSITORY is not set" in result.output
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
    monkeypatch.delenv("CMCHECK_LEDGER_KEY")
    result = run(district.root, "notify", "--init")
    assert result.exit_code == 2 and "CMCHECK_LEDGER_KEY is not set" in result.output
    assert run(district.root, "notify", "--init", "--reminders").exit_code == 2
    assert ledger.load(district.git).head is None


def test_another_repositorys_records_under_a_shared_key_are_not_trusted(
        district: Repo, inbox: Inbox, change_text: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two repositories share a key; the other's ledger, copied here, says this change's
    notice went out (its records are genuine, for that repository)."""
    before, after = unfinished_push(district, change_text)
    monkeypatch.setenv("GITHUB_REPOSITORY", "qcsd/other-district")
    git(district, "update-ref", "-d", ledger.REF)
    other = run(district.root, "notify", "--init", "--after", before)
    assert other.exit_code == 0, other.output
    assert run(district.root, "notify", "--before", before, "--after", after).exit_code == 0
    assert inbox.recipients() == AUDIENCE  # announced in the other repository
    inbox.received.clear()
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)  # the copied ref, read here
    code, output = hourly(district)
    assert code == 2 and f"no record signed with CMCHECK_LEDGER_KEY for {REPOSITORY}" in output
    assert inbox.received == []


@pytest.fixture
def audited(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Repo, gh.State]]:
    """A repository with the notify workflow on main, audited against the loopback GitHub."""
    workflow = repo.root / ".github" / "workflows" / "notify.yml"
    workflow.parent.mkdir(parents=True)
    shutil.copy(REPO_ROOT / ".github" / "workflows" / "notify.yml", workflow)
    repo.commit("Add the notify workflow", "2026-11-01T13:00:00-05:00")
    state = gh.State()
    gated(state, repo.root)  # the audit always checks the gate; here it holds
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        yield repo, state


def _runs(state: gh.State, *conclusions: str) -> None:
    state.objects[state.repo("actions/workflows/notify.yml/runs")] = {
        "total_count": len(conclusions),
        "workflow_runs": [gh.workflow_run(10 - n, conclusion=c, at="2026-12-01T17:17:00Z",
                                          event="schedule") for n, c in enumerate(conclusions)]}


def test_the_audit_reports_a_stopped_notify_run(audited: tuple[Repo, gh.State]) -> None:
    """notify's exit 2 on a lost ledger reaches the coordinator's issue, not only a red run."""
    repo, state = audited
    _runs(state, "failure", "success")
    result = run(repo.root, "audit", "--now", "2026-12-01T12:00", "--format", "json")
    assert result.exit_code == 1, result.output
    (found,) = json.loads(result.output)["violations"]
    assert (found["kind"], found["path"]) == ("notices", ".github/workflows/notify.yml")
    assert "ended failure" in found["message"] and "cmcheck notify --init" in found["message"]
    markdown = run(repo.root, "audit", "--now", "2026-12-01T12:00", "--format", "markdown")
    assert "## Notices not going out (the notify workflow stopped) (1)" in markdown.output


def test_the_audit_is_quiet_when_notify_went_through(audited: tuple[Repo, gh.State]) -> None:
    repo, state = audited
    _runs(state, "success", "failure")
    result = run(repo.root, "audit", "--now", "2026-12-01T12:00", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["violations"] == []


def test_a_token_that_cannot_read_the_runs_is_not_verified(
        audited: tuple[Repo, gh.State]) -> None:
    repo, state = audited
    state.failures[state.repo("actions/workflows/notify.yml/runs")] = [403]
    result = run(repo.root, "audit", "--now", "2026-12-01T12:00", "--format", "json")
    assert result.exit_code == 0, result.output
    (unverified,) = [u for u in json.loads(result.output)["unverified"]
                     if u["setting"] == "notices"]
    assert "actions: read" in unverified["needs"]
