"""Shared fixtures: real git repositories with explicit commit dates, and the CLI."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import git
import pytest
from click.testing import CliRunner, Result

from cmcheck.cli.main import cli

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).parent.parent


def isolate_git(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Git as every test sees it: a home of its own, no system configuration, a fixed identity."""
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{name}_NAME", "Test Tech")
        monkeypatch.setenv(f"GIT_{name}_EMAIL", "tech@qcsd.example.org")


@pytest.fixture(autouse=True)
def _isolated_git(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin identity and ignore the developer's git configuration, like pre-commit's tests."""
    isolate_git(monkeypatch, tmp_path_factory.mktemp("home"))
    for name in ("GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH",
                 "GITHUB_STEP_SUMMARY", "CMCHECK_NOW"):
        monkeypatch.delenv(name, raising=False)


class Repo:
    """A real git repository in a temporary folder, committed with explicit dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.git = git.Repo.init(root, initial_branch="main")

    def write(self, path: str, text: str | bytes) -> Path:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            file.write_bytes(text)
        else:
            file.write_text(text, encoding="utf-8")
        return file

    def commit(self, message: str, date: str, files: dict[str, str | bytes] | None = None,
               remove: list[str] | None = None) -> str:
        """Commit everything in the work tree; date is ISO 8601 with an offset."""
        for path, text in (files or {}).items():
            self.write(path, text)
        for path in remove or []:
            (self.root / path).unlink()
        self.git.git.add("--all")
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        self.git.git.commit("--allow-empty", "-m", message, env=env)
        return self.git.head.commit.hexsha

    def branch(self, name: str) -> None:
        self.git.git.checkout("-b", name)

    def checkout(self, name: str) -> None:
        self.git.git.checkout(name)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A repository whose first commit holds the fixed test policy."""
    made = Repo(tmp_path / "repo")
    shutil.copy(FIXTURES / "policy.yaml", made.root / "policy.yaml")
    made.commit("Add the district policy", "2026-11-01T12:00:00-05:00")
    return made


def run(root: Path, *args: str) -> Result:
    """cmcheck -C root ARGS..., with exceptions propagating (a traceback fails the test)."""
    return CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)


@pytest.fixture
def change_text() -> Iterator[str]:
    """A valid change request for Saturday 2026-12-19 20:00-22:00, to edit in tests."""
    yield (FIXTURES / "change.yaml").read_text(encoding="utf-8")


# The examples the tests read, as committed: a technician's own change request in the clone's
# changes/ (not committed yet, or staged) is daily work, not a reason for the tests to fail
# (issue 24). Templates are read live: they are code a developer edits and tests.
EXAMPLE_DATA = ("changes", "policy.yaml", "inventory.yaml")


def export_examples(dest: Path, *, source: Path = REPO_ROOT) -> None:
    """Write the example data as committed at source's HEAD into dest (git archive). Outside a
    git checkout (an unpacked sdist has no history) the files are copied as they are."""
    dest.mkdir(parents=True, exist_ok=True)
    try:
        tar = subprocess.run(["git", "-C", str(source), "archive", "--format=tar", "HEAD", "--",
                              *EXAMPLE_DATA], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        for name in EXAMPLE_DATA:
            (shutil.copytree if (source / name).is_dir() else shutil.copy)(source / name,
                                                                            dest / name)
        return
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(dest, filter="data")


def examples_repo(root: Path, *, source: Path = REPO_ROOT) -> Repo:
    """A repository holding the committed examples (changes, policy, inventory) and the live
    templates, committed when this repository first committed them (the examples' notice and
    the unscheduled change's report time are judged from it)."""
    made = Repo(root)
    export_examples(root, source=source)
    shutil.copytree(source / "templates", root / "templates")
    made.commit("The example district", "2026-11-29T02:00:00+00:00")
    return made


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The committed examples in a repository of their own, built once: read them, don't write."""
    folder = tmp_path_factory.mktemp("examples")
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate_git(monkeypatch, folder / "home")
        yield examples_repo(folder / "repo").root
