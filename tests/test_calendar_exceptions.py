"""A change page says its exceptions are "requested" until a merged pull request (the
coordinator's approval) granted them (issue 24): a calendar built from a branch showed
"Exceptions granted by the approval" for a change nobody approved."""

from __future__ import annotations

from pathlib import Path

from tests import calendar_scenario as scenario
from tests.conftest import REPO_ROOT, Repo, run

PATH = "changes/2026/2026-12-19-core-switch-ios.yaml"
WAIVER = ("exceptions:\n  - rule: maintenance-window\n"
          "    reason: the vendor engineer is only available on weekdays\n")


def _page(repo: Repo, out: Path) -> str:
    assert run(repo.root, "calendar", "--out", str(out), "--now", scenario.NOW).exit_code == 0
    return (out / "changes/2026-12-19-core-switch-ios.html").read_text(encoding="utf-8")


def test_exceptions_are_requested_on_a_branch_and_granted_once_merged(
        repo: Repo, change_text: str, tmp_path: Path) -> None:
    import shutil
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    repo.commit("Templates", "2026-11-01T12:30:00-05:00")
    repo.branch("core-switch")
    repo.commit("Ask for the core switch upgrade", "2026-11-20T09:00:00-06:00",
                files={PATH: change_text + WAIVER})
    branch = _page(repo, tmp_path / "branch")
    assert "Exceptions requested" in branch and "granted by the approval" not in branch
    assert "vendor engineer" in branch
    repo.checkout("main")
    repo.git.git.merge("--no-ff", "-m", "Merge pull request #7 from qcsd/core-switch",
                       "core-switch", env={"GIT_AUTHOR_DATE": "2026-11-21T09:00:00-06:00",
                                           "GIT_COMMITTER_DATE": "2026-11-21T09:00:00-06:00"})
    merged = _page(repo, tmp_path / "main")
    assert "Exceptions granted by the approval" in merged and "Exceptions requested" not in merged
