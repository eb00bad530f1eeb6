"""What the repository declares besides its change requests, which `validate` holds to the
policy and to cmcheck's floor: CODEOWNERS (the `codeowners` rule), the branch rule in
`.github/rulesets/main.json` (`gate`) and the change-request issue form (`issue-form`). Kept
out of the engine, which runs the change requests' rules."""

from __future__ import annotations

import os
from pathlib import Path

from cmcheck.core.configuration import (
    INVENTORY_FILE,
    POLICY_FILE,
    ConfigurationError,
    config_in,
    load_inventory,
    load_policy,
    severity_of,
)
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge.findings import Finding
from cmcheck.core.judge.rules import codeowners, gate, issue_form
from cmcheck.core.model import issueform
from cmcheck.core.model.gate import RULESET_FILE
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.policy import Policy
from cmcheck.core.reading import stamp

# Bigger than any form a district's inventory makes; a larger file is stale by definition.
_LIMIT = 4 * 1024 * 1024


def findings(root: Path, differences: gitrepo.Differences | None, policy: Policy,
             inventory: Graph | None) -> list[Finding]:
    """Every declared file's findings; differences is None in a full run."""
    return (_codeowners(root, differences, policy) + _gate(root, differences, policy)
            + _issue_form(root, differences, policy, inventory))


def _codeowners(root: Path, differences: gitrepo.Differences | None,
                policy: Policy) -> list[Finding]:
    """CODEOWNERS against the coordinators of the same tree. In a pull request, only when it
    touches either: the head's policy.yaml is then read, since the pull request must bring
    the CODEOWNERS that matches the coordinators it proposes."""
    place = codeowners.place_in(root)
    if place is None:
        return []
    coordinators = policy.coordinators
    if differences is not None:
        touched = {*differences.changed, *differences.deleted}
        if not touched & {*codeowners.PLACES, POLICY_FILE}:
            return []
        try:  # only the coordinators come from the head; the severity stays the base's
            coordinators = load_policy(config_in(root, POLICY_FILE),
                                       where=str(root)).coordinators
        except (ConfigurationError, OSError):
            return []  # the pull request's policy.yaml is its own finding's business
    text = (root / place).read_text(encoding="utf-8", errors="replace")
    return [stamp(place, None, codeowners, problem, severity_of(codeowners, policy))
            for problem in codeowners.check(text, coordinators, path=place)]

def _gate(root: Path, differences: gitrepo.Differences | None,
          policy: Policy) -> list[Finding]:
    """The declared branch rule against the floor: in a pull request when it touches the file
    (deleting it included), in a full run when there is one."""
    if (not os.path.lexists(root / RULESET_FILE) if differences is None else
            RULESET_FILE not in {*differences.changed, *differences.deleted}):
        return []
    return [stamp(RULESET_FILE, None, gate, problem, severity_of(gate, policy))
            for problem in gate.check(root)]


def _issue_form(root: Path, differences: gitrepo.Differences | None, policy: Policy,
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
            head = load_policy(config_in(root, POLICY_FILE), where=str(root))
            inventory, _ = load_inventory(config_in(root, INVENTORY_FILE), head, where=str(root))
        except (ConfigurationError, OSError):
            return []  # the pull request's policy.yaml is its own finding's business
        want = issueform.render(head, inventory)
    else:
        want = issueform.render(policy, inventory)
    with file.open("rb") as handle:
        text = handle.read(_LIMIT).decode("utf-8", errors="replace")
    return [stamp(issueform.PATH, None, issue_form, problem, severity_of(issue_form, policy))
            for problem in issue_form.check(text, want, path=issueform.PATH)]

