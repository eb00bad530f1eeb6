"""Issue 23, item 17: every pip install in every workflow job is hash-locked.

approval.yml and notify.yml's preview job installed cmcheck's dependencies straight from PyPI
with whatever versions it offered that minute: a hijacked release of any of them would run in
the job that decides whether a change is approved. The check used to look only at jobs with
secrets or write tokens; it now parses every job of every workflow.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.test_workflows import FILES, unlocked_installs


def _flow(*runs: str) -> dict[str, Any]:
    return {"jobs": {"job": {"steps": [{"run": run} for run in runs]}}}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_workflow_installs_an_unlocked_package(path: Any) -> None:
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert unlocked_installs(flow) == [], path.name


@pytest.mark.parametrize("run", [
    "python -m pip install --quiet .",
    "python -m pip install --quiet ./trusted",
    "pip3 install cmcheck",
    # --no-deps before any hash-locked install: its build backend comes from the index.
    "python -m pip install --no-deps --no-build-isolation .",
    # hashes for another file do not lock cmcheck's dependencies
    "python -m pip install --require-hashes -r requirements/other.txt",
    "python -m pip install -r requirements/cmcheck.txt",
    "python -m pip install --require-hashes -r requirements/cmcheck.txt\n"
    "python -m pip install --quiet zizmor",
    "python -m pip install \\\n  --quiet ./trusted",
])
def test_the_check_finds_each_unlocked_install(run: str) -> None:
    assert unlocked_installs(_flow(run)), run


@pytest.mark.parametrize("runs", [
    ("python -m pip install --quiet --require-hashes -r requirements/cmcheck.txt",
     "python -m pip install --quiet --no-deps --no-build-isolation ."),
    ("python -m pip install --quiet --require-hashes \\\n  -r trusted/requirements/cmcheck.txt\n"
     "python -m pip install --quiet --no-deps --no-build-isolation ./trusted",),
    ("echo no install here",),
])
def test_the_check_passes_hash_locked_installs(runs: tuple[str, ...]) -> None:
    assert unlocked_installs(_flow(*runs)) == []
