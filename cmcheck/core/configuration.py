"""The district's policy.yaml, read and checked before any change request is judged, and the
severity each rule has under it (a policy may tighten a rule, never loosen it)."""

from __future__ import annotations

from datetime import tzinfo

from cmcheck.core import rules
from cmcheck.core.context import Problem
from cmcheck.core.findings import Finding, Severity, one_line
from cmcheck.core.loader import Document
from cmcheck.core.policy import Policy
from cmcheck.core.reading import ConfigurationError, parse, stamp
from cmcheck.core.rules import schema
from cmcheck.core.rules import yaml as yaml_rule

POLICY_FILE = "policy.yaml"

__all__ = ["POLICY_FILE", "ConfigurationError", "load_policy", "severity_of"]


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
    from cmcheck.core.localtime import DEFAULT_TIMEZONE, zone

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


