"""requirements/cmcheck.txt, the hash-locked install of the jobs that hold secrets or a write
token, matches pyproject.toml's dependencies (like `schema --check`, without the network).
scripts/lock-requirements writes it."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO_ROOT

LOCK = REPO_ROOT / "requirements" / "cmcheck.txt"
STAMP = "# pyproject dependencies: "


def _wanted() -> list[str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return sorted(project["project"]["dependencies"] + project["build-system"]["requires"])


def _pins(text: str) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes), from pip's requirement-file syntax with continuations."""
    pins: dict[str, tuple[str, list[str]]] = {}
    for entry in text.replace("\\\n", " ").splitlines():
        entry = entry.split("#", 1)[0].strip()
        if not entry:
            continue
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)",
                             entry)
        assert found, f"not a hash-pinned requirement: {entry!r}"
        pins[canonicalize_name(found[1])] = (found[2], re.findall(r"[0-9a-f]{64}", found[3]))
    return pins


def test_the_lock_was_made_from_pyprojects_dependencies() -> None:
    stamp = next(line for line in LOCK.read_text(encoding="utf-8").splitlines()
                 if line.startswith(STAMP))
    assert stamp[len(STAMP):].split("; ") == _wanted(), \
        "pyproject.toml's dependencies changed: run scripts/lock-requirements"


def test_every_dependency_is_pinned_within_its_range_with_hashes() -> None:
    pins = _pins(LOCK.read_text(encoding="utf-8"))
    for spec in map(Requirement, _wanted()):
        name = canonicalize_name(spec.name)
        assert name in pins, f"{spec.name} is not in {LOCK.name}: run scripts/lock-requirements"
        version, hashes = pins[name]
        assert spec.specifier.contains(version, prereleases=True), (spec, version)
        assert hashes
    assert len(pins) > len(_wanted())  # and their own dependencies


def test_the_check_can_fail() -> None:
    with pytest.raises(AssertionError, match="not a hash-pinned requirement"):
        _pins("pydantic==2.14.4\n")
