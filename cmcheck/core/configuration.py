"""The district's policy.yaml, read and checked before any change request is judged, and the
severity each rule has under it (a policy may tighten a rule, never loosen it)."""

from __future__ import annotations

import os
import stat
from datetime import tzinfo
from pathlib import Path

import git

from cmcheck.core.git import repo as gitrepo
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
from cmcheck.core.model.loader import Document, load
from cmcheck.core.model.policy import Policy
from cmcheck.core.model.rawtext import MAX_BYTES, YamlProblem
from cmcheck.core.model.verdicts import Problem, Severity
from cmcheck.core.reading import ConfigurationError, parse, stamp

POLICY_FILE = "policy.yaml"
LIMITS = {POLICY_FILE: MAX_BYTES, INVENTORY_FILE: MAX_INVENTORY_BYTES}

__all__ = ["INVENTORY_FILE", "POLICY_FILE", "ConfigurationError", "config_at", "config_in",
           "file_problem", "load_inventory", "load_policy", "read_inventory", "severity_of"]


def _refusal(name: str, kind: str, size: int) -> str | None:
    """Why policy.yaml or inventory.yaml is not read, or None. A link is never followed: one
    pointing outside the repository would print that file's keys as findings, in any log."""
    if kind == "symbolic link":
        return (f"{name} is a symbolic link; links are not followed (not a regular file): "
                f"commit {name} itself")
    if kind != "file":
        return f"{name} is not a regular file (it is a {kind}): commit {name} itself"
    limit = LIMITS.get(name, MAX_BYTES)
    if size > limit:
        return (f"{name} is {size:,} bytes; it may be at most {limit // 1024:,} KiB "
                "(nothing was read)")
    return None


def _refused(name: str, why: str, where: str) -> ConfigurationError:
    finding = stamp(name, None, yaml_rule, Problem((), why, mark=(1, 1)))
    return ConfigurationError(f"{name} ({where}) cannot be read", [finding])


def file_problem(root: Path, name: str) -> str | None:
    """Why the work tree's policy.yaml or inventory.yaml would not be read (None: absent or fine),
    from os.lstat alone, before a byte is read: a FIFO or /dev/zero never ends."""
    try:
        info = os.lstat(os.path.join(root, name))
    except FileNotFoundError:
        return None
    mode = info.st_mode
    kind = ("file" if stat.S_ISREG(mode) else "symbolic link" if stat.S_ISLNK(mode)
            else "folder" if stat.S_ISDIR(mode) else "special file")
    return _refusal(name, kind, info.st_size)


def config_in(root: Path, name: str) -> bytes | None:
    """The work tree's policy.yaml or inventory.yaml, None when absent; a link, anything but a
    regular file, or one over its size limit raises ConfigurationError with a finding."""
    why = file_problem(root, name)
    if why is not None:
        raise _refused(name, why, str(root))
    limit = LIMITS.get(name, MAX_BYTES)
    try:  # O_NOFOLLOW: a link swapped in after the lstat is still not followed
        handle = os.open(os.path.join(root, name), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError:
        raise _refused(name, _refusal(name, "symbolic link", 0) or "", str(root)) from None
    with os.fdopen(handle, "rb") as opened:
        if not stat.S_ISREG(os.fstat(opened.fileno()).st_mode):
            raise _refused(name, _refusal(name, "special file", 0) or "", str(root))
        raw = opened.read(limit + 1)
    if len(raw) > limit:  # it grew between lstat and the read
        raise _refused(name, _refusal(name, "file", len(raw)) or "", str(root))
    return raw


def config_at(repository: git.Repo, ref: str, name: str) -> bytes | None:
    """The same file as commit ref has it: a link there (a blob of mode 120000, which `git
    show` would print as its target's path) or a blob over the limit is refused unread."""
    entry = gitrepo.entry_at(repository, ref, name)
    if entry is None:
        return None
    why = _refusal(name, entry.kind, entry.size)
    if why is not None:
        raise _refused(name, why, ref)
    return gitrepo.show(repository, ref, name)


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
