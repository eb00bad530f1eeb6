"""Every change request of a tree, for the commands that look at all of them (notify, calendar,
audit, report). Files that do not parse are skipped here: `validate` is where they are reported.
"""

from __future__ import annotations

from pathlib import Path

import git

from cmcheck.core.configuration import (
    INVENTORY_FILE,
    POLICY_FILE,
    ConfigurationError,
    config_at,
    config_in,
    load_inventory,
    load_policy,
)
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge.context import Subject
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.policy import Policy
from cmcheck.core.reading import SUFFIXES, discover, parse, read_changes


def policy_in(root: Path) -> Policy:
    """The work tree's policy.yaml (raises configuration.ConfigurationError when it is invalid)."""
    return load_policy(config_in(root, POLICY_FILE), where=str(root))


def policy_at(repository: git.Repo, ref: str) -> Policy:
    return load_policy(config_at(repository, ref, POLICY_FILE), where=ref)


def changes_in(root: Path, policy: Policy) -> dict[str, Subject]:
    """The work tree's valid change requests by id."""
    problem = gitrepo.folder_problem(root)
    if problem is not None:
        raise ConfigurationError(problem)
    found: dict[str, Subject] = {}
    folder = root / gitrepo.CHANGES
    paths = discover(root, [gitrepo.CHANGES]) if folder.is_dir() else []
    for subject, findings in read_changes(root, paths, policy.tz):
        if subject is not None and not findings:
            found[subject.id] = subject
    return found


def changes_at(repository: git.Repo, ref: str, policy: Policy) -> dict[str, Subject]:
    """The valid change requests by id as they are in commit ref."""
    found: dict[str, Subject] = {}
    try:
        problem = gitrepo.tree_problem(repository, ref)
        tree = repository.commit(ref).tree / gitrepo.CHANGES
    except (KeyError, ValueError, git.BadName):
        return found
    if problem is not None:
        raise ConfigurationError(problem)
    for item in tree.traverse():
        if not isinstance(item, git.Blob) or not str(item.path).endswith(SUFFIXES):
            continue
        path = str(item.path)
        raw = item.data_stream.read()
        doc, change, findings = parse(path, raw, ChangeRequest, policy.tz)
        if doc is not None and isinstance(change, ChangeRequest) and not findings:
            stem = gitrepo.change_id(path)
            found[stem] = Subject(id=stem, path=path, change=change, raw=raw)
    return found


def inventory_in(root: Path, policy: Policy) -> Graph | None:
    """The work tree's inventory.yaml as a graph, or None without one (raises
    configuration.ConfigurationError when it does not parse)."""
    graph, _ = load_inventory(config_in(root, INVENTORY_FILE), policy, where=str(root))
    return graph
