"""The small traps a newcomer met (issue 24, item 5), one test each."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cmcheck.cli.main import cli
from tests.conftest import REPO_ROOT, Repo, run

REVIEWED = "changes/2026/2026-12-19-core-switch.yaml"


def test_the_review_defaults_completed_to_the_scheduled_end(repo: Repo, change_text: str) -> None:
    """Enter at "Completed" takes the change's scheduled end (Sat 22:00), not the moment the
    technician happens to run the command the next morning."""
    repo.commit("Schedule", "2026-11-20T09:00:00-06:00", {REVIEWED: change_text})
    result = CliRunner().invoke(cli, ["-C", str(repo.root), "review", "2026-12-19-core-switch",
                                      "--now", "2026-12-21T08:30"],
                                input="successful\n\nUpgraded.\nnone\n", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "[2026-12-19 22:00]" in result.output
    review = yaml.safe_load((repo.root / REVIEWED).read_text(encoding="utf-8"))["review"]
    assert review["completed"] == "2026-12-19 22:00"


def test_a_review_before_the_scheduled_end_defaults_to_now(repo: Repo, change_text: str) -> None:
    """Work that finished early: the end has not come yet, so now is the only true default."""
    repo.commit("Schedule", "2026-11-20T09:00:00-06:00", {REVIEWED: change_text})
    result = CliRunner().invoke(cli, ["-C", str(repo.root), "review", "2026-12-19-core-switch",
                                      "--now", "2026-12-19T21:10"],
                                input="successful\n\nUpgraded.\nnone\n", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    review = yaml.safe_load((repo.root / REVIEWED).read_text(encoding="utf-8"))["review"]
    assert review["completed"] == "2026-12-19 21:10"


def test_every_rule_line_of_cmcheck_rules_ends_a_sentence() -> None:
    result = run(REPO_ROOT, "rules")
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    cut = [line for line in lines if not line.rstrip().endswith((".", ")", ":"))]
    assert not cut, cut
    assert any(line.startswith("unscheduled") for line in lines)


def test_settings_without_a_token_says_so_without_asking_github(tmp_path: Path) -> None:
    """No GITHUB_TOKEN: exit 2 and the permissions the token needs, without a request (an
    unreachable API address made a technician wait 30 s). The API address is a loopback
    socket that records any connection, instead of a stopwatch (issue 25: no timed tests)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        env = {key: value for key, value in os.environ.items() if key != "GITHUB_TOKEN"}
        env.update(GITHUB_API_URL=f"http://127.0.0.1:{listener.getsockname()[1]}",
                   GITHUB_REPOSITORY="qcsd/changes")
        done = subprocess.run([sys.executable, "-m", "cmcheck", "-C", str(REPO_ROOT),
                               "settings"], env=env, capture_output=True, text=True,
                              timeout=60)
        listener.setblocking(False)
        with pytest.raises(BlockingIOError):  # nobody knocked
            listener.accept()
    assert done.returncode == 2, done.stdout + done.stderr
    said = done.stdout + done.stderr
    assert "GITHUB_TOKEN" in said and "Administration" in said, said


def test_the_docs_name_the_rule_reference_where_it_is() -> None:
    stale = [p.relative_to(REPO_ROOT).as_posix() for p in
             [REPO_ROOT / "README.md", *(REPO_ROOT / "docs").glob("*.md"),
              *(REPO_ROOT / "cmcheck").rglob("*.py")]
             if "README's rule reference" in p.read_text(encoding="utf-8")]
    assert stale == []


def test_the_pre_commit_hook_is_installed_one_way_everywhere() -> None:
    texts = {p.relative_to(REPO_ROOT).as_posix(): p.read_text(encoding="utf-8") for p in
             [REPO_ROOT / "README.md", *(REPO_ROOT / "docs").glob("*.md"),
              REPO_ROOT / "scripts" / "pre-commit-hook"]}
    ways = {name for name, text in texts.items()
            if "ln -s" in text and "pre-commit" in text}
    assert ways == set(), ways


def test_the_change_management_leader_is_said_who_it_is() -> None:
    from cmcheck.technician import prompts
    source = Path(prompts.__file__).read_text(encoding="utf-8")
    assert "(the change-management leader)" not in source
    guide = " ".join((REPO_ROOT / "docs" / "technician.md").read_text(encoding="utf-8").split())
    assert ('leader of the change management process": in this district the Technology '
            "Coordinator") in guide


def test_who_was_consulted_defaults_to_the_sites_principals(repo: Repo) -> None:
    """No inventory: Enter at "Who was consulted" keeps the principals of the sites named."""
    from tests.test_wizard import FIRMWARE
    args = [a for i, a in enumerate(FIRMWARE)
            if a != "--stakeholder" and FIRMWARE[i - 1] != "--stakeholder"]
    result = run(repo.root, "new", *args, "--now", "2026-11-20T10:00")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(next((repo.root / "changes").rglob("*.yaml")).read_text("utf-8"))
    assert data["stakeholders"] == ["Principal, Quitman County Middle School"]
