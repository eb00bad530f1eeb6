"""The pre-commit hooks: a plain git hook that blocks a bad commit, and pre-commit's manifest."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO_ROOT, Repo


def install(repo: Repo, tmp_path: Path) -> dict[str, str]:
    hooks = repo.root / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    shutil.copy(REPO_ROOT / "scripts" / "pre-commit-hook", hooks / "pre-commit")
    wrapper = tmp_path / "bin" / "cmcheck"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO_ROOT}" exec "{sys.executable}" '
                       '-m cmcheck "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return {**os.environ, "PATH": f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}"}


def commit(repo: Repo, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", "--all"], cwd=repo.root, check=True, env=env)
    return subprocess.run(["git", "commit", "-m", "Add a change"], cwd=repo.root, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_git_hook_blocks_a_change_with_errors(repo: Repo, tmp_path: Path,
                                                   change_text: str) -> None:
    env = install(repo, tmp_path)
    bad = change_text.replace("2026-12-19", "2099-12-19").replace(
        "summary: Boot the previous IOS 15.2 image that stays on flash and reload.", "summary: n/a")
    repo.write("changes/2099/2099-12-19-core-switch.yaml", bad)
    done = commit(repo, env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "[backout-plan]" in done.stdout + done.stderr
    assert repo.git.git.log("--oneline").count("\n") == 0  # still only the policy commit


def test_the_git_hook_lets_a_good_change_and_other_files_through(
        repo: Repo, tmp_path: Path, change_text: str) -> None:
    env = install(repo, tmp_path)
    good = change_text.replace("2026-12-19", "2099-12-19")
    repo.write("changes/2099/2099-12-19-core-switch.yaml", good)
    done = commit(repo, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout + done.stderr
    repo.write("notes.txt", "not a change request\n")
    assert commit(repo, env).returncode == 0


def test_the_git_hook_finds_the_quick_start_venv_off_path(
        repo: Repo, tmp_path: Path, change_text: str) -> None:
    # A commit from a shell where the venv is not active: cmcheck is not on PATH, but the
    # clone's .venv/bin/cmcheck (the README's quick start) is, and the hook uses it.
    env = install(repo, tmp_path)
    env["PATH"] = os.pathsep.join(d for d in env["PATH"].split(os.pathsep)
                                  if not (Path(d) / "cmcheck").exists())
    venv = repo.root / ".venv" / "bin"
    venv.mkdir(parents=True)
    shutil.move(tmp_path / "bin" / "cmcheck", venv / "cmcheck")
    repo.write(".gitignore", ".venv/\n")
    repo.write("changes/2099/2099-12-19-core-switch.yaml",
               change_text.replace("2026-12-19", "2099-12-19").replace(
                   "summary: Boot the previous IOS 15.2 image that stays on flash and reload.",
                   "summary: n/a"))
    done = commit(repo, env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "[backout-plan]" in done.stdout + done.stderr
    (venv / "cmcheck").unlink()
    done = commit(repo, env)
    assert done.returncode == 1  # git's own status for a refusing hook
    assert ("pre-commit: cmcheck is not on PATH and .venv/bin/cmcheck is missing; install it as "
            "the README's quick start says") in done.stderr


def test_the_pre_commit_manifest() -> None:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks == [{
        "id": "cmcheck-validate", "name": "cmcheck validate",
        "description": "Check change requests against the schema and the district's policy.",
        "entry": "cmcheck validate", "language": "python", "files": r"^changes/.*\.ya?ml$",
        "pass_filenames": True}]
    pattern = re.compile(hooks[0]["files"])
    assert pattern.search("changes/2026/2026-12-19-core-switch.yaml")
    assert pattern.search("changes/x.yml")
    assert not pattern.search("policy.yaml")
    assert not pattern.search("docs/changes/x.yaml")
