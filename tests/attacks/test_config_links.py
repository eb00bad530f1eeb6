"""Issue 23, item 13: policy.yaml and inventory.yaml are never read through a symbolic link.

A link to a file outside the repository would print that file's keys as `schema` findings
(unknown field ...), in a pull request's log too. Change files already refuse links; the two
configuration files must as well, and their size is checked before a byte is read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Repo, run

SECRET_KEY = "aws_secret_access_key_hunter2"
INVENTORY = """\
systems:
  core-switch-01:
    name: Core switch
    kind: network
    sites: [high-school]
"""


def _secret(tmp_path: Path) -> Path:
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"{SECRET_KEY}: AKIA0000\nanother_private_key: x\n", encoding="utf-8")
    return outside


def _link(repo: Repo, name: str, target: Path) -> None:
    (repo.root / "changes").mkdir(exist_ok=True)
    file = repo.root / name
    if os.path.lexists(file):
        file.unlink()
    file.symlink_to(target)


@pytest.mark.parametrize("name", ["policy.yaml", "inventory.yaml"])
def test_a_linked_configuration_file_is_refused_in_the_work_tree(
        repo: Repo, tmp_path: Path, name: str) -> None:
    _link(repo, name, _secret(tmp_path))
    result = run(repo.root, "validate", "--now", "2026-12-01T09:00")
    assert SECRET_KEY not in result.output
    assert "another_private_key" not in result.output
    assert result.exit_code == 2
    assert f"{name}" in result.output and "symbolic link" in result.output


@pytest.mark.parametrize("name", ["policy.yaml", "inventory.yaml"])
def test_a_linked_configuration_file_in_a_pull_request_is_refused(
        repo: Repo, tmp_path: Path, name: str) -> None:
    repo.commit("CODEOWNERS", "2026-11-01T12:30:00-05:00",
                files={".github/CODEOWNERS": "* @qcsd-techcoord\n"})
    repo.branch("feature")
    _link(repo, name, _secret(tmp_path))
    repo.commit("link it", "2026-11-02T12:00:00-05:00")
    result = run(repo.root, "validate", "--base", "main", "--now", "2026-12-01T09:00")
    assert SECRET_KEY not in result.output
    assert "another_private_key" not in result.output
    assert "symbolic link" in result.output


@pytest.mark.parametrize("name", ["policy.yaml", "inventory.yaml"])
def test_a_link_committed_on_the_base_branch_is_refused_not_parsed(
        repo: Repo, tmp_path: Path, name: str) -> None:
    """git show prints a link blob (mode 120000) as its target's path: never parse that."""
    _link(repo, name, Path("outside.yaml"))
    (repo.root / "outside.yaml").write_text(INVENTORY, encoding="utf-8")
    repo.commit("link it on main", "2026-11-02T12:00:00-05:00")
    repo.branch("feature")
    repo.commit("nothing", "2026-11-03T12:00:00-05:00")
    result = run(repo.root, "validate", "--base", "main", "--now", "2026-12-01T09:00")
    assert result.exit_code == 2
    assert "symbolic link" in result.output


@pytest.mark.parametrize("name", ["policy.yaml", "inventory.yaml"])
def test_a_huge_configuration_file_is_refused_before_it_is_read(
        repo: Repo, name: str) -> None:
    """A FIFO has no end: reading it first and measuring after would hang the run."""
    (repo.root / "changes").mkdir()
    file = repo.root / name
    if file.exists():
        file.unlink()
    os.mkfifo(file)
    result = run(repo.root, "validate", "--now", "2026-12-01T09:00")
    assert result.exit_code == 2
    assert "not a regular file" in result.output


def test_an_oversized_policy_is_refused_with_its_size(repo: Repo) -> None:
    (repo.root / "changes").mkdir()
    (repo.root / "policy.yaml").write_bytes(b"# " + b"x" * (300 * 1024) + b"\n")
    result = run(repo.root, "validate", "--now", "2026-12-01T09:00")
    assert result.exit_code == 2
    assert "policy.yaml" in result.output and "KiB" in result.output
