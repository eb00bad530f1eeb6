"""`./scripts/test` beside a technician's daily work in the same clone (issue 24): the tests get
an environment of their own and read the examples as committed, never the clone's live
changes/ or the quick start's .venv."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

from tests.conftest import REPO_ROOT, export_examples, run

OWN_CHANGE = "changes/2026/2026-12-20-my-own-change.yaml"


def test_a_technicians_uncommitted_change_is_not_in_the_examples(tmp_path: Path) -> None:
    """A clone where a technician has begun a change of their own (invalid as yet, not
    committed, even staged): the examples the tests read do not contain it."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO_ROOT), str(clone)], check=True)
    (clone / OWN_CHANGE).write_text("title: half written\nkind: scheduled\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(clone), "add", OWN_CHANGE], check=True)
    # The live folder fails validate: this is what the examples' tests used to read.
    live = run(clone, "validate", "--format", "json", "--now", "2026-11-29T12:00")
    assert live.exit_code == 1 and "my-own-change" in live.output
    export_examples(tmp_path / "copy", source=clone)
    copied = {p.relative_to(tmp_path / "copy").as_posix()
              for p in (tmp_path / "copy").rglob("*.yaml")}
    assert OWN_CHANGE not in copied
    assert "changes/2026/2026-12-19-core-switch-ios.yaml" in copied
    assert {"policy.yaml", "inventory.yaml"} <= copied


def test_the_examples_tests_read_the_copy(examples: Path) -> None:
    result = run(examples, "validate", "--format", "json", "--now", "2026-11-29T12:00")
    assert json.loads(result.output)["files"] >= 6 and result.exit_code == 0, result.output


def _stub(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_the_script_uses_its_own_environment_and_leaves_dot_venv_alone(tmp_path: Path) -> None:
    """scripts/test run in a copy of the clone with python3 stubbed (it records each call and
    makes the venv's python a recorder too): it builds and uses .venv-test, and the quick
    start's .venv, with a running wizard's files in it, is untouched."""
    clone = tmp_path / "clone"
    (clone / "scripts").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "scripts" / "test", clone / "scripts" / "test")
    quick = clone / ".venv" / "bin"
    quick.mkdir(parents=True)
    (quick / "python").write_text("the quick start's interpreter", encoding="utf-8")
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    log = tmp_path / "calls.log"
    recorder = f'#!/bin/sh\necho "$0 $*" >> "{log}"\n'
    _stub(bin_ / "python3", recorder + 'if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin" && '
          f'printf \'%s\' \'{recorder}\' > "$3/bin/python" && chmod +x "$3/bin/python"; fi\n')
    _stub(bin_ / "chromium", "#!/bin/sh\n")
    env = {**os.environ, "PATH": f"{bin_}:{os.environ['PATH']}"}
    done = subprocess.run([str(clone / "scripts" / "test"), "-q", "tests/test_cli.py"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls[0].endswith("python3 -m venv .venv-test"), calls
    assert all(".venv/" not in call for call in calls), calls
    assert calls[-1].endswith(".venv-test/bin/python -m pytest -q tests/test_cli.py"), calls
    assert (quick / "python").read_text(encoding="utf-8") == "the quick start's interpreter"
    assert sorted(p.name for p in (clone / ".venv").rglob("*")) == ["bin", "python"]


def test_ci_runs_exactly_the_script_and_git_ignores_its_environment() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == "exec ./scripts/test"
    assert ".venv-test/" in (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").split()
