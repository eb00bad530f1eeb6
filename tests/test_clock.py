"""The notice-period clock and the base branch's authority, in real git repositories.

Commit dates are explicit. The change request starts Sat 2026-12-19 20:00 (Chicago), so it
needs to be submitted by Sat 2026-12-05 20:00.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Repo, run
from tests.rules.helpers import CHANGE, edit, scheduled
from tests.validating import CHANGE_PATH, NEIGHBOUR_PATH, add_neighbour, pairs, validate

NOTICE = ("notice-period", 14)


def test_the_first_add_date_survives_later_edits(repo: Repo) -> None:
    repo.commit("Propose the switch upgrade", "2026-11-20T10:00:00-06:00",
                files={CHANGE_PATH: CHANGE})
    repo.commit("Clarify the verification", "2026-12-10T10:00:00-06:00",
                files={CHANGE_PATH: CHANGE.replace("a classroom PC", "a library PC")})
    assert validate(repo.root, now="2026-12-12T09:00") == (0, [])


def test_a_late_first_add_is_reported_with_its_date(repo: Repo) -> None:
    repo.commit("Propose the switch upgrade", "2026-12-08T10:00:00-06:00",
                files={CHANGE_PATH: CHANGE})
    repo.commit("Clarify the verification", "2026-12-10T10:00:00-06:00",
                files={CHANGE_PATH: CHANGE.replace("a classroom PC", "a library PC")})
    _, findings = validate(repo.root, now="2026-12-12T09:00")
    assert pairs(findings) == {NOTICE}
    assert findings[0]["message"].startswith("submitted Tue 2026-12-08 10:00, 11 days 10 hours")


def test_an_uncommitted_file_is_judged_from_now(repo: Repo) -> None:
    repo.write(CHANGE_PATH, CHANGE)
    assert validate(repo.root, now="2026-12-05T20:00") == (0, [])
    code, findings = validate(repo.root, now="2026-12-06T09:00")
    assert (code, pairs(findings)) == (1, {NOTICE})
    assert findings[0]["message"].startswith("submitted Sun 2026-12-06 09:00, 13 days 11 hours")


def test_a_branch_cannot_lower_notice_days_for_itself(repo: Repo) -> None:
    repo.branch("pr")
    policy = (FIXTURES / "policy.yaml").read_text(encoding="utf-8")
    repo.commit("Schedule the switch upgrade", "2026-12-10T10:00:00-06:00", files={
        "policy.yaml": policy.replace("notice_days: 14", "notice_days: 1"),
        CHANGE_PATH: CHANGE,
    })
    # Judged by its own policy the change would pass, which is what --base must prevent.
    assert validate(repo.root, now="2026-12-10T12:00") == (0, [])
    code, findings = validate(repo.root, "--base", "main", now="2026-12-10T12:00")
    # Only the change request is judged here (main's `scope` rule adds a notice on policy.yaml).
    assert (code, pairs(findings, CHANGE_PATH)) == (1, {NOTICE})
    (late,) = [f for f in findings if f["path"] == CHANGE_PATH]
    assert "the policy asks 14 days of notice" in late["message"]


def test_a_reschedule_is_timed_from_its_own_branch(repo: Repo) -> None:
    repo.commit("Propose the switch upgrade", "2026-11-20T10:00:00-06:00",
                files={CHANGE_PATH: CHANGE})
    repo.branch("pr")
    repo.commit("Move it a day later", "2026-12-10T10:00:00-06:00",
                files={CHANGE_PATH: scheduled("2026-12-20 20:00", "2026-12-20 22:00")})
    code, findings = validate(repo.root, "--base", "main", now="2026-12-11T12:00")
    assert code == 1
    # (main's `locked` rule adds a reschedule notice on the same line; only notices besides.)
    assert NOTICE in pairs(findings)
    assert all(f["severity"] == "notice" for f in findings if f["rule"] != NOTICE[0])
    late = next(f for f in findings if f["rule"] == NOTICE[0])
    # Timed from the branch's commit, not from the original proposal of 2026-11-20.
    assert late["message"].startswith("submitted Thu 2026-12-10 10:00, 10 days 10 hours")


def write_event(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, created_at: str) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7, "created_at": created_at}}))
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))


def test_the_pull_request_time_beats_a_forged_commit_date(
        repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.branch("pr")
    repo.commit("Schedule the switch upgrade (date forged)", "2026-11-02T10:00:00-06:00",
                files={CHANGE_PATH: CHANGE})
    # The forged date alone would satisfy the notice period...
    assert validate(repo.root, "--base", "main", now="2026-12-10T12:00") == (0, [])
    # ...but the pull request was opened on Thu 2026-12-10 at 15:00 UTC (09:00 in Chicago).
    write_event(tmp_path, monkeypatch, "2026-12-10T15:00:00Z")
    code, findings = validate(repo.root, "--base", "main", now="2026-12-10T12:00")
    # ('conflict', 14): without a token, the other open pull requests were not checked.
    assert (code, pairs(findings)) == (1, {NOTICE, ("conflict", 14)})
    (late,) = [f for f in findings if f["severity"] == "error"]
    assert late["message"].startswith("submitted Thu 2026-12-10 09:00, 9 days 11 hours")
    # No record of pushes was read (this event names no head branch): the time is a claim.
    (claim,) = [f for f in findings if f["severity"] == "notice" and f["rule"] != "conflict"]
    assert "the author's own claim" in claim["message"]


def test_an_unreadable_event_file_is_exit_2(repo: Repo, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    repo.branch("pr")
    repo.commit("Schedule", "2026-12-01T10:00:00-06:00", files={CHANGE_PATH: CHANGE})
    write_event(tmp_path, monkeypatch, "yesterday")
    result = run(repo.root, "validate", "--base", "main", "--now", "2026-12-01T12:00")
    assert result.exit_code == 2
    assert "created_at" in result.output


def test_a_shallow_clone_stops_and_names_the_fix(repo: Repo, tmp_path: Path) -> None:
    repo.commit("Propose the switch upgrade", "2026-11-20T10:00:00-06:00",
                files={CHANGE_PATH: CHANGE})
    repo.commit("Clarify", "2026-11-21T10:00:00-06:00",
                files={CHANGE_PATH: CHANGE.replace("a classroom PC", "a library PC")})
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
                   check=True, capture_output=True)
    result = run(clone, "validate", "--now", "2026-12-01T09:00")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "fetch-depth: 0" in result.output
    assert "shallow" in result.output


def test_base_mode_reports_changed_files_but_sees_main_for_conflicts(repo: Repo) -> None:
    add_neighbour(repo)  # on main: Sat 2027-01-16 20:00-22:00 on core-switch-01
    old = "changes/2026/2026-12-19-core-switch-ios.yaml"
    repo.commit("An older change with a warning of its own", "2026-11-03T10:00:00-06:00",
                files={old: edit(("stakeholders: [Principal of the high school, District "
                                  "network administrator]\n", ""))})
    _, everything = validate(repo.root, now="2026-12-01T09:00")
    assert pairs(everything, old) == {("stakeholders", 8)}
    repo.branch("pr")
    mine = "changes/2027/2027-01-16-core-switch-config.yaml"
    repo.commit("Schedule a config change on the same night", "2026-12-01T08:00:00-06:00",
                files={mine: edit(  # steps of its own: the older change's are no copy
                    ("    - Check every uplink, VLAN and the DHCP relay.\n",
                     "    - Check the VLAN configuration.\n"),
                    ("    - Reload the switch and restore the saved configuration if needed.\n",
                     "    - Restore the saved configuration.\n"),
                    text=scheduled("2027-01-16 21:00", "2027-01-16 23:00"))})
    code, findings = validate(repo.root, "--base", "main", now="2026-12-01T09:00")
    assert code == 0
    assert {f["path"] for f in findings} == {mine}
    assert pairs(findings) == {("conflict", 14)}
    assert findings[0]["message"].startswith("overlaps 2027-01-16-core-switch-power-supply (")
    assert NEIGHBOUR_PATH not in {f["path"] for f in findings}
