"""Files cmcheck generates and `validate` keeps in step with the tree: the change-request issue
form (the `issue-form` rule). Kept out of the engine, which runs the change requests' rules."""

from __future__ import annotations

from pathlib import Path

from cmcheck.core.configuration import (
    INVENTORY_FILE,
    POLICY_FILE,
    ConfigurationError,
    load_inventory,
    load_policy,
    severity_of,
)
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge.findings import Finding
from cmcheck.core.judge.rules import issue_form
from cmcheck.core.model import issueform
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.policy import Policy
from cmcheck.core.reading import stamp

# Bigger than any form a district's inventory makes; a larger file is stale by definition.
_LIMIT = 4 * 1024 * 1024


def issue_form_findings(root: Path, differences: gitrepo.Differences | None, policy: Policy,
                        inventory: Graph | None) -> list[Finding]:
    """The committed form against the one this tree's policy and inventory make. In a pull
    request, only when it touches the form, policy.yaml or inventory.yaml, and then against the
    pull request's own policy and inventory (the severity stays the base's)."""
    file = root / issueform.PATH
    if file.is_symlink() or not file.is_file():
        return []
    if differences is not None:
        touched = {*differences.changed, *differences.deleted}
        if not touched & {issueform.PATH, POLICY_FILE, INVENTORY_FILE}:
            return []
        try:
            head = load_policy(_read(root / POLICY_FILE), where=str(root))
            stock = root / INVENTORY_FILE
            inventory, _ = load_inventory(_read(stock) if stock.is_file() else None, head,
                                          where=str(root))
        except (ConfigurationError, OSError):
            return []  # the pull request's policy.yaml is its own finding's business
        want = issueform.render(head, inventory)
    else:
        want = issueform.render(policy, inventory)
    with file.open("rb") as handle:
        text = handle.read(_LIMIT).decode("utf-8", errors="replace")
    return [stamp(issueform.PATH, None, issue_form, problem, severity_of(issue_form, policy))
            for problem in issue_form.check(text, want, path=issueform.PATH)]


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None
