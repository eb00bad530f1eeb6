"""Which files under changes/ carry an id, for the commands that create or edit one by id."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from cmcheck import repo as gitrepo
from cmcheck.engine import discover


def paths_with_id(root: Path, change_id: str) -> list[str]:
    """Every path under changes/ (any folder, .yaml or .yml) whose stem is change_id."""
    if not (root / gitrepo.CHANGES).is_dir():
        return []
    return [path for path in discover(root, [gitrepo.CHANGES])
            if PurePosixPath(path).stem == change_id]
