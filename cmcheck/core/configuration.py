"""The district's policy.yaml, read and checked before any change request is judged, and the
severity each rule has under it (a policy may tighten a rule, never loosen it)."""

from __future__ import annotations

from datetime import tzinfo

from cmcheck.core.judge import rules
from cmcheck.core.judge.findings import Finding, one_line
from cmcheck.core.judge.rules import inventory as inventory_rule
from cmcheck.core.judge.rules import schema
from cmcheck.core.judge.rules import yaml as yaml_rule
from cmcheck.core.model.inventory import (
    INVENTORY_FILE,
    MAX_INVENTORY_BYTES,
    Graph,
    Inventory,
    build,
)
from cmcheck.core.model.inventory import problems as inventory_problems
from cmcheck.core.model.loader import Document, YamlProblem, load
from cmcheck.core.model.policy import Policy
from cmcheck.core.model.verdicts import Problem, Severity
from cmcheck.core.reading import ConfigurationError, parse, stamp

POLICY_FILE = "policy.yaml"

__all__ = ["INVENTORY_FILE", "POLICY_FILE", "ConfigurationError", "load_inventory", "load_policy",
           "read_inventory", "severity_of"]


def load_policy(raw: bytes | None, *, where: str) -> Policy:
    if raw is None:
        raise ConfigurationError(f"no {POLICY_FILE} found in {where}")
    doc, policy, findings = parse(POLICY_FILE, raw, Policy, _declared_zone(raw))
    if isinstance(policy, Policy):
        findings.extend(_severity_problems(policy, doc))
    if findings or not isinstance(policy, Policy):
        raise ConfigurationError(f"{POLICY_FILE} ({where}) is not valid", findings)
    return policy


def _declared_zone(raw: bytes) -> tzinfo:
    # Blackout times in the policy are local to the zone the policy itself declares.
    from cmcheck.core.model.localtime import DEFAULT_TIMEZONE, zone

    doc, _ = yaml_rule.check(raw)
    name = doc.data.get("timezone") if doc and isinstance(doc.data, dict) else None
    try:
        return zone(name if isinstance(name, str) else DEFAULT_TIMEZONE)
    except ValueError:
        return zone(DEFAULT_TIMEZONE)


def _severity_problems(policy: Policy, doc: Document | None) -> list[Finding]:
    found = []
    for name, level in policy.severities.items():
        location = ("severities", name)
        if name not in rules.ALL:
            message = f"unknown rule {one_line(name)} in severities"
        elif Severity.parse(level) < rules.ALL[name].SEVERITY:
            message = f"{name} is {rules.ALL[name].SEVERITY} by default; a policy may only tighten"
        else:
            continue
        found.append(stamp(POLICY_FILE, doc, schema, Problem(location, message, key=True)))
    return found


def severity_of(rule: rules.RuleInfo, policy: Policy) -> Severity:
    override = policy.severities.get(rule.NAME)
    return Severity.parse(override) if override else rule.SEVERITY




def read_inventory(raw: bytes, policy: Policy) -> tuple[Graph | None, list[Finding]]:
    """inventory.yaml as a graph (None when it does not parse), and its findings: `yaml` and
    `schema` ones when it does not parse, else `inventory` ones (unknown ids, cycles, sites and
    audiences the policy does not know)."""
    try:
        doc = load(raw, limit=MAX_INVENTORY_BYTES)
    except YamlProblem as problem:
        found = Problem((), problem.message, mark=(problem.line, problem.column))
        return None, [stamp(INVENTORY_FILE, None, yaml_rule, found)]
    parsed, problems = schema.check(doc, Inventory, policy.tz)
    if parsed is None:
        return None, [stamp(INVENTORY_FILE, doc, schema, p) for p in problems]
    return build(parsed), [stamp(INVENTORY_FILE, doc, inventory_rule, p,
                                 severity_of(inventory_rule, policy))
                           for p in inventory_problems(parsed, policy)]


def load_inventory(raw: bytes | None, policy: Policy, *, where: str,
                   ) -> tuple[Graph | None, list[Finding]]:
    """The graph (None without an inventory) and the `inventory` findings on the file itself;
    an inventory that does not parse stops the run, like an invalid policy."""
    if raw is None:
        return None, []
    graph, findings = read_inventory(raw, policy)
    if graph is None:
        raise ConfigurationError(f"{INVENTORY_FILE} ({where}) is not valid", findings)
    return graph, findings
