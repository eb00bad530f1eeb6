"""The `cmcheck settings` run: the declaration and the coordinators from the work tree, the
token and repository from the same environment as `approval` and `audit`."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cmcheck.github.api import client_from
from cmcheck.github.gate import apply as gate_apply
from cmcheck.github.gate import check as gate_check
from cmcheck.github.gate.compare import Verdict, declared_ruleset


def coordinators_in(root: Path) -> list[str] | None:
    """policy.yaml's coordinators, or None where the tree has no readable policy (then
    CODEOWNERS is only checked for being there)."""
    from cmcheck.core import catalog, configuration

    try:
        return list(catalog.policy_in(root).coordinators)
    except configuration.ConfigurationError:
        return None


def verify(root: Path, environ: Mapping[str, str] = os.environ) -> Verdict:
    return gate_check.verify(client_from(environ), declared=declared_ruleset(root),
                             coordinators=coordinators_in(root), root=root)


def converge(root: Path, *, dry_run: bool, say: Callable[[str], None],
             environ: Mapping[str, str] = os.environ) -> list[gate_apply.Step]:
    """Plan every write, say it, and (unless a dry run) make it."""
    client = client_from(environ)
    declared: dict[str, Any] = declared_ruleset(root)
    steps = gate_apply.plan(client, declared)
    if dry_run:
        for step in steps:
            say(f"- would {step.says}")
    else:
        gate_apply.apply(client, steps, say=say)
    return steps
