"""`cmcheck approval`: gather the pull request, its reviews and the base policy, then decide.

The coordinator list comes from the base branch's policy.yaml (a pull request that adds its
author to `coordinators` gains nothing); the exceptions the approval grants are read from the
change requests the pull request touches.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import tzinfo
from pathlib import Path

import git

from cmcheck.core import configuration, engine, reading
from cmcheck.core.git import event, history
from cmcheck.core.git import repo as gitrepo
from cmcheck.github import api as github_api
from cmcheck.github.api import client_from
from cmcheck.github.approval import decide as approval
from cmcheck.github.approval.pull_requests import fetch_pull, fetch_reviews, fetch_timeline


def exceptions_asked(root: Path, repository: git.Repo, base: str, tz: tzinfo) -> list[str]:
    """`rule (change id)` for each exception in a change request changed since base."""
    found = []
    for path in gitrepo.changed_since(repository, gitrepo.merge_base(repository, base)):
        if not path.endswith(reading.SUFFIXES):
            continue
        subject, _ = reading.read_change(root, path, tz)
        if subject is not None:
            found += [f"{w.rule} ({gitrepo.change_id(path)})"
                      for w in subject.change.exceptions]
    return found


def run(root: Path, *, number: int, base: str | None,
        environ: Mapping[str, str] = os.environ) -> approval.Verdict:
    client = client_from(environ)
    pull, raw = fetch_pull(client, number)
    # The event may be stale or absent; the pull request itself says where it is aimed now.
    aimed = raw.get("base")
    aimed = aimed if isinstance(aimed, dict) else {}
    home_repo = aimed.get("repo")
    target = aimed.get("ref")
    home = home_repo.get("default_branch") if isinstance(home_repo, dict) else None
    if isinstance(target, str) and isinstance(home, str):
        refusal = event.aimed_elsewhere(target, home)
        if refusal is not None:
            raise configuration.ConfigurationError(refusal)
    if base is None:
        found = raw.get("base", {}).get("sha") if isinstance(raw.get("base"), dict) else None
        if not isinstance(found, str):
            raise github_api.ApiError(f"unexpected answer for pull request #{number}: no base.sha")
        base = found
    repository = gitrepo.open_repo(root)
    if repository is None:
        raise configuration.ConfigurationError(f"{root} is not a git repository")
    resolved = gitrepo.resolve(repository, base)
    policy = configuration.load_policy(
        configuration.config_at(repository, resolved, configuration.POLICY_FILE),
        where=f"base {base}")
    reviews = fetch_reviews(client, number)
    timeline = fetch_timeline(client, number)
    return approval.decide(pull, reviews, coordinators=policy.coordinators,
                           exceptions=exceptions_asked(root, repository, resolved, policy.tz),
                           dismissals=timeline.dismissals, labels=timeline.labels,
                           risks=risks_of(root, resolved),
                           high_risk_approvals=policy.risk.high_risk_approvals)


def risks_of(root: Path, base: str) -> dict[str, str]:
    """Change id -> risk level of each change request the pull request touches, judged like
    `cmcheck validate --base` does (the base's policy and inventory)."""
    try:
        result = engine.run(engine.Options(root=root, base=base))
    except history.ShallowClone as error:  # the CLI reports a ValueError with exit 2
        raise ValueError(str(error)) from None
    return {gitrepo.change_id(path): found.level for path, found in result.risks}
