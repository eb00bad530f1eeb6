"""The ways around the controls, tried as a hostile technician would, on real git repositories.

Each test performs one attack of issue 10 with ordinary git commands and shows it refused; the
numbers are the issue's. (Items 1 and 12 are in tests/test_approval*.py and tests/test_clock.py,
items 8-11 beside the notices.) docs/coordinator.md lists every threat and its test.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests import ledgers
from tests.conftest import REPO_ROOT, Repo, run
from tests.smtpserver import Inbox, inbox

__all__ = ["inbox"]

PATH = "changes/2026/2026-12-19-switch.yaml"
MOVED = "changes/2027/2026-12-19-switch.yaml"


def merge(repo: Repo, branch: str, date: str) -> str:
    repo.checkout("main")
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    repo.git.git.merge("--no-ff", "-m", f"Merge pull request from {branch}", branch, env=env)
    return repo.git.head.commit.hexsha


def findings(root: Path, *args: str, now: str = "2026-11-25T09:00",
             code: int | None = None) -> list[dict[str, Any]]:
    result = run(root, "validate", "--format", "json", "--now", now, *args)
    assert "Traceback" not in result.output
    assert result.exit_code in ((0, 1) if code is None else (code,)), result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return found


def rules_of(found: list[dict[str, Any]]) -> set[tuple[str, str, int, str]]:
    return {(f["path"], f["rule"], f["line"], f["severity"]) for f in found}


@pytest.fixture
def merged(repo: Repo, change_text: str) -> Repo:
    repo.branch("add")
    repo.commit("Add the switch upgrade", "2026-11-20T09:00:00-06:00", files={PATH: change_text})
    merge(repo, "add", "2026-11-21T09:00:00-06:00")
    return repo


# 2. `locked` follows ids, not paths ------------------------------------------------------------

def test_2_moving_a_merged_file_hides_no_edit_and_is_no_cancellation(merged: Repo,
                                                                      change_text: str) -> None:
    merged.branch("sneaky")
    edited = change_text.replace("audiences: [all-staff, students]", "audiences: [technology]")
    edited = edited.replace("duration_minutes: 30", "duration_minutes: 5")
    (merged.root / PATH).unlink()
    merged.commit("Tidy the folders", "2026-11-24T09:00:00-06:00", files={MOVED: edited})
    found = findings(merged.root, "--base", "main")
    assert rules_of([f for f in found if f["rule"] in ("locked", "scope")]) == {
        (MOVED, "locked", 10, "error"),   # impact.audiences
        (MOVED, "locked", 30, "error"),   # backout.duration_minutes
    }, "an edit is an edit wherever the file went; a move is not a cancellation"


def test_2_a_plain_move_is_allowed(merged: Repo, change_text: str) -> None:
    merged.branch("tidy")
    (merged.root / PATH).unlink()
    merged.commit("Tidy the folders", "2026-11-24T09:00:00-06:00", files={MOVED: change_text})
    assert [f for f in findings(merged.root, "--base", "main")
            if f["rule"] in ("locked", "filename")] == []


def cancel_and_reuse(merged: Repo, change_text: str) -> str:
    merged.branch("cancel")
    merged.commit("Cancel the switch upgrade", "2026-11-22T09:00:00-06:00", remove=[PATH])
    merge(merged, "cancel", "2026-11-22T10:00:00-06:00")
    merged.branch("reuse")
    other = change_text.replace("title: Upgrade the high school core switch",
                                "title: Replace the high school core switch's power supply")
    merged.write(MOVED, other)
    return other


def test_2_an_id_once_used_on_main_is_never_given_to_another_change(merged: Repo,
                                                                     change_text: str) -> None:
    cancel_and_reuse(merged, change_text)
    (finding,) = [f for f in findings(merged.root, "--base", "main") if f["rule"] == "filename"]
    assert finding["path"] == MOVED and finding["severity"] == "error"
    assert finding["message"].startswith("the id 2026-12-19-switch belonged to a change "
                                         "cancelled on Sun 2026-11-22 10:00 (commit ")
    assert finding["message"].endswith("an id is never given to another change: choose a new "
                                       "one (or restore the cancelled file unchanged)")


def test_2_restoring_a_cancelled_change_unchanged_is_allowed(merged: Repo,
                                                            change_text: str) -> None:
    cancel_and_reuse(merged, change_text)
    (merged.root / MOVED).unlink()
    merged.write(PATH, change_text)
    assert [f for f in findings(merged.root, "--base", "main") if f["rule"] == "filename"] == []


def test_2_an_id_reused_on_main_is_found_by_a_full_run(merged: Repo, change_text: str) -> None:
    other = cancel_and_reuse(merged, change_text)
    merged.commit("Reuse the id", "2026-11-23T09:00:00-06:00", files={MOVED: other})
    merge(merged, "reuse", "2026-11-23T10:00:00-06:00")  # pushed past the check
    found = [f for f in findings(merged.root) if f["rule"] == "filename"]
    assert [(f["path"], f["severity"]) for f in found] == [(MOVED, "error")]
    assert "was given to a different change after the change it named was cancelled" in \
        found[0]["message"]


def test_2_a_reschedule_that_also_changes_audiences_reaches_the_first_ones(
        merged: Repo, change_text: str, inbox: Inbox) -> None:
    shutil.copytree(REPO_ROOT / "templates", merged.root / "templates")
    before = merged.commit("Add the notice templates", "2026-11-21T10:00:00-06:00")
    ledgers.start(merged)  # the coordinator's one-time start (notify --init)
    (merged.root / PATH).unlink()
    after = merged.commit("Move it (and tell only technology)", "2026-11-24T09:00:00-06:00",
                          files={MOVED: change_text.replace("2026-12-19 2", "2026-12-20 2").replace(
                              "audiences: [all-staff, students]", "audiences: [technology]")})
    assert run(merged.root, "notify", "--before", before, "--after", after).exit_code == 0
    (got,) = inbox.received
    assert got.message["Subject"].startswith("[Quitman County School District] Rescheduled:")
    assert got.recipients == ["technology@qcsd.example.org", "all-staff@qcsd.example.org",
                              "student-notices@qcsd.example.org"]


# 3. "unscheduled" is work that could not wait ---------------------------------------------------

EMERGENCY = ("kind: unscheduled", "kind: unscheduled\nunscheduled:\n  reason: the UPS failed")


def emergency(change_text: str, start: str, end: str) -> str:
    return (change_text.replace("kind: scheduled", "\n".join(EMERGENCY[1:]))
            .replace("2026-12-19 20:00", start).replace("2026-12-19 22:00", end))


def test_3_unscheduled_next_week_is_an_error_that_says_what_to_do(repo: Repo,
                                                                  change_text: str) -> None:
    repo.write(PATH, emergency(change_text, "2026-12-02 10:00", "2026-12-02 11:00"))
    found = findings(repo.root, now="2026-11-23T09:00")  # Monday; the work is next Wednesday
    assert rules_of(found) == {(PATH, "unscheduled", 3, "error")}, found
    assert found[0]["message"] == (
        "unscheduled, but it starts Wed 2026-12-02 10:00, more than 2 days after it was "
        "submitted (Mon 2026-11-23 09:00): work that can wait is scheduled; file it as kind: "
        "scheduled (with an exception to notice-period if it cannot give the notice)")


def test_3_a_real_emergency_still_skips_notice_and_window(repo: Repo, change_text: str) -> None:
    repo.write(PATH, emergency(change_text, "2026-11-24 10:00", "2026-11-24 11:00"))
    assert findings(repo.root, now="2026-11-24T09:30") == []


def test_3_a_commit_dated_in_the_future_does_not_shorten_the_lead(repo: Repo,
                                                                 change_text: str) -> None:
    repo.commit("An emergency, dated ahead", "2026-12-01T09:00:00-06:00",
                files={PATH: emergency(change_text, "2026-12-02 10:00", "2026-12-02 11:00")})
    found = findings(repo.root, now="2026-11-23T09:00")
    assert [(f["rule"], f["severity"]) for f in found] == [("unscheduled", "error")]


# 4. Retargeting a pull request ------------------------------------------------------------------

def event(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str) -> None:
    payload = {"action": "edited", "number": 7,
               "pull_request": {"number": 7, "created_at": "2026-12-10T15:00:00Z",
                                "base": {"ref": base}},
               "repository": {"full_name": "qcsd/changes", "default_branch": "main"}}
    file = tmp_path / "event.json"
    file.write_text(json.dumps(payload))
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(file))


def test_4_a_pull_request_against_a_weakened_branch_fails_and_is_judged_again(
        repo: Repo, change_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.branch("weak")
    policy = (repo.root / "policy.yaml").read_text().replace("notice_days: 14", "notice_days: 0")
    repo.commit("Relax the notice", "2026-11-20T09:00:00-06:00", files={"policy.yaml": policy})
    repo.branch("rushed")
    repo.commit("A change on short notice", "2026-12-10T09:00:00-06:00",
                files={PATH: change_text})
    event(tmp_path, monkeypatch, base="weak")
    result = run(repo.root, "validate", "--base", "weak", "--now", "2026-12-10T10:00")
    assert result.exit_code == 2
    assert ("this pull request targets weak, not the default branch main: change requests are "
            "judged by main's policy, coordinators and merged changes; change its base to "
            "main") in result.output
    event(tmp_path, monkeypatch, base="main")  # the `edited` event after the switch
    found = findings(repo.root, "--base", "main", now="2026-12-10T10:00")
    assert ("notice-period", "error") in {(f["rule"], f["severity"]) for f in found}


def test_4_approval_refuses_a_pull_request_not_aimed_at_the_default_branch(
        repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    event(tmp_path, monkeypatch, base="weak")
    result = run(repo.root, "approval", "--pr", "7")
    assert result.exit_code == 2
    assert "this pull request targets weak, not the default branch main" in result.output


@pytest.mark.parametrize("workflow", ["validate", "approval"])
def test_4_the_checks_run_again_when_the_base_changes(workflow: str) -> None:
    import yaml

    text = (REPO_ROOT / ".github" / "workflows" / f"{workflow}.yml").read_text()
    triggers = yaml.safe_load(text)[True]  # YAML 1.1 reads the key `on` as true
    assert "edited" in triggers["pull_request"]["types"]


# 5. changes/ replaced by a file or a symbolic link ----------------------------------------------

@pytest.mark.parametrize("how", ["file", "link", "linked-folder"])
def test_5_changes_replaced_fails_validation_and_stops_every_command(
        merged: Repo, change_text: str, how: str, tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "templates", merged.root / "templates")
    before = merged.commit("Add the templates", "2026-11-21T10:00:00-06:00")
    merged.branch("vanish")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if how == "linked-folder":
        shutil.rmtree(merged.root / "changes" / "2026")
        os.symlink(elsewhere, merged.root / "changes" / "2026")
        culprit = "changes/2026"
    else:
        shutil.rmtree(merged.root / "changes")
        if how == "file":
            merged.write("changes", "nothing to see\n")
        else:
            os.symlink(elsewhere, merged.root / "changes")
        culprit = "changes"
    after = merged.commit("Simplify", "2026-11-24T09:00:00-06:00")
    for args in ((), ("--base", "main")):
        found = findings(merged.root, *args, code=1)
        assert (culprit, "error") in {(f["path"], f["severity"]) for f in found}, (args, found)
    if how == "linked-folder":
        return  # git keeps the link as a file: the folder's changes are cancellations to notify
    commands: list[tuple[str, ...]] = [("notify", "--before", before, "--after", after),
                                       ("calendar", "--out", str(tmp_path / "site")),
                                       ("report",)]
    for args in commands:
        result = run(merged.root, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "must be a folder of change requests" in result.output
        assert "Traceback" not in result.output


# 6. Commit messages are data --------------------------------------------------------------------

def test_6_a_commit_message_cannot_shift_fields_or_forge_a_record(repo: Repo, change_text: str,
                                                                  tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    forged = "Add\x1esubmitted 2026-01-01\x1fapproved by coordinator\x1f1\x1fx"
    repo.commit(forged, "2026-11-20T09:00:00-06:00", files={PATH: change_text})
    result = run(repo.root, "calendar", "--out", str(tmp_path / "site"),
                 "--now", "2026-11-25T09:00")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "changes" / "2026-12-19-switch.html").read_text()
    assert '<span class="event-kind">submitted</span> Fri 20 Nov 2026 09:00 CST' in page
    assert ('<q class="commit-message" title="the commit\'s message, as its author wrote it">'
            "Add\\x1esubmitted 2026-01-01\\x1fapproved by coordinator\\x1f1\\x1fx</q>") in page


# 7. A number nobody can convert -----------------------------------------------------------------

def test_7_a_5000_digit_number_is_a_finding_on_its_own_file(repo: Repo, change_text: str,
                                                            tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    huge = change_text.replace("duration_minutes: 30", "duration_minutes: " + "9" * 5000)
    repo.write("changes/2026/huge.yaml", huge)
    repo.write(PATH, change_text.replace("2026-12-19", "2026-12-26"))
    found = findings(repo.root, now="2026-11-25T09:00")
    assert rules_of(found) == {("changes/2026/huge.yaml", "yaml", 30, "error")}
    assert found[0]["message"] == "a number of 5,000 digits is larger than any field takes"
    before = repo.commit("Both", "2026-11-25T09:00:00-06:00")
    assert run(repo.root, "calendar", "--out", str(tmp_path / "site")).exit_code == 0
    assert (tmp_path / "site" / "changes" / "2026-12-19-switch.html").exists()
    assert run(repo.root, "notify", "--before", f"{before}~1", "--after", before,
               "--dry-run").exit_code == 0


# 13. The pull-request pre-filter sees what the rule sees ---------------------------------------

def test_13_an_offset_the_zone_never_has_is_a_schema_finding(merged: Repo,
                                                              change_text: str) -> None:
    odd = change_text.replace("start: 2026-12-19 20:00", "start: 2026-12-21T01:59+23:59")
    merged.commit("Write the time oddly", "2026-11-22T09:00:00-06:00", files={PATH: odd})
    (finding,) = findings(merged.root)
    assert (finding["rule"], finding["line"], finding["severity"]) == ("schema", 14, "error")


def test_13_system_names_compare_the_same_in_the_pre_filter_and_the_rule(
        merged: Repo, change_text: str) -> None:
    merged.branch("clash")
    other = "changes/2026/2026-12-19-wifi.yaml"
    shouty = change_text.replace("systems: [core-switch-01]", "systems: [CORE-SWITCH-01]")
    shouty = shouty.replace("sites: [high-school]", "sites: []").replace(
        "2026-12-19 20:00", "2026-12-19 21:00").replace("2026-12-19 22:00", "2026-12-19 23:00")
    merged.write(other, shouty)
    found = findings(merged.root, "--base", "main", now="2026-11-25T09:00")
    assert ("conflict", other) in {(f["rule"], f["path"]) for f in found}
    merged.write(other, shouty.replace("CORE-SWITCH-01", "straße-sw"))
    found = findings(merged.root, "--base", "main", now="2026-11-25T09:00")
    assert (other, "schema", 6, "error") in rules_of(found)
