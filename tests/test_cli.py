"""The command line's contract: lazy start-up, exit codes, the format chosen under Actions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, Repo, run

HEAVY = ("git", "pydantic", "jinja2", "yaml")


def test_version_and_help_do_not_import_heavy_modules() -> None:
    # --version and --help must cost little more than starting click.
    probe = ("import sys\n"
             "from cmcheck.cli.main import cli\n"
             "for args in (['--version'], ['--help'], ['validate', '--help']):\n"
             "    try:\n"
             "        cli(args, prog_name='cmcheck')\n"
             "    except SystemExit:\n"
             "        pass\n"
             f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_missing_policy_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "changes").mkdir()
    result = run(tmp_path, "validate")
    assert result.exit_code == 2
    assert "no policy.yaml" in result.output


def test_unknown_path_is_a_usage_error(repo: Repo) -> None:
    result = run(repo.root, "validate", "changes/nope.yaml")
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_github_format_is_the_default_under_actions(repo: Repo, change_text: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    repo.write("changes/2026/2026-12-19-core-switch-ios.yaml",
               change_text.replace("duration_minutes: 30\n", ""))
    result = run(repo.root, "validate", "--now", "2026-11-20T09:00")
    assert result.exit_code == 1
    assert result.output.startswith("::error file=changes/2026/2026-12-19-core-switch-ios.yaml,")


def test_now_without_an_offset_is_local_time_in_validate_and_report(
        repo: Repo, change_text: str) -> None:
    # The change starts Sat 2026-12-19 20:00 in Chicago; 14 days' notice ends Sat 2026-12-05
    # 20:00 there. 21:00 read as UTC would be 15:00 in Chicago, still in time.
    repo.write("changes/2026/2026-12-19-core-switch-ios.yaml", change_text)
    late = run(repo.root, "validate", "--now", "2026-12-05T21:00")
    assert late.exit_code == 1 and "submitted Sat 2026-12-05 21:00" in late.output
    assert run(repo.root, "validate", "--now", "2026-12-05T19:00").exit_code == 0
    report = run(repo.root, "report", "--now", "2026-12-05T21:00")
    assert "as of 2026-12-05 21:00" in report.output


def test_notify_without_a_push_or_reminders_is_a_usage_error(repo: Repo) -> None:
    """Nothing to announce is exit 2 with both ways named, before anything is read or sent."""
    result = run(repo.root, "notify")
    assert result.exit_code == 2
    assert "nothing to announce: --before SHA for the notices a push to main makes due" \
        in result.output
    assert "or --reminders for the changes that start within policy.reminder_hours" \
        in result.output
    both = run(repo.root, "notify", "--before", "HEAD", "--reminders")
    assert both.exit_code == 2 and "give --before or --reminders, not both" in both.output
    assert not (repo.root / ".git" / "refs" / "cmcheck").exists()
