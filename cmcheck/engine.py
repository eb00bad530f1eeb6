"""Validation: find the files, read them, run every rule, stamp the findings.

Rules return problems located in the YAML; only here do they become findings with a file,
line, rule and severity, so that severities and waivers are decided in one place.
"""

from __future__ import annotations

import gc
import os
import stat
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

import git

from cmcheck import clock, rules
from cmcheck import repo as gitrepo
from cmcheck.context import Context, Problem, Subject
from cmcheck.findings import Finding, Result, Severity, one_line, sort_key
from cmcheck.loader import MAX_BYTES, Document
from cmcheck.localtime import days_between, localize
from cmcheck.models import MAX_DURATION, ChangeRequest
from cmcheck.policy import Policy
from cmcheck.rules import filename, locked, schema, scope
from cmcheck.rules import yaml as yaml_rule

POLICY_FILE = "policy.yaml"
SUFFIXES = (".yaml", ".yml")


class ConfigurationError(Exception):
    """The run cannot judge anything (exit 2); findings say where the configuration is wrong."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


@dataclass(frozen=True, kw_only=True)
class Options:
    root: Path
    paths: tuple[str, ...] = ()
    base: str | None = None
    now: datetime | None = None


def stamp(path: str, doc: Document | None, rule: rules.RuleInfo, problem: Problem,
          severity: Severity | None = None) -> Finding:
    if problem.severity is not None:
        severity = problem.severity
    if problem.mark is not None:
        line, column = problem.mark
    elif doc is not None:
        line, column = doc.mark(problem.location, key=problem.key)
    else:
        line, column = 1, 1
    # NOTICE is 0, so "severity or default" would lose it.
    chosen = severity if severity is not None else rule.SEVERITY
    return Finding(path, line, column, rule.NAME, chosen, problem.message)


def read_limited(file: str | Path) -> bytes:
    """At most one byte past the size limit, so a huge file costs nothing to refuse."""
    with open(file, "rb") as handle:
        return handle.read(MAX_BYTES + 1)


def parse(path: str, raw: bytes, model: type[ChangeRequest] | type[Policy], tz: tzinfo,
          ) -> tuple[Document | None, ChangeRequest | Policy | None, list[Finding]]:
    doc, problems = yaml_rule.check(raw)
    if doc is None:
        return None, None, [stamp(path, None, yaml_rule, p) for p in problems]
    parsed, problems = schema.check(doc, model, tz)
    return doc, parsed, [stamp(path, doc, schema, p) for p in problems]


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
    from cmcheck.localtime import DEFAULT_TIMEZONE, zone

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


def discover(root: Path, paths: Iterable[str]) -> list[str]:
    """Files named on the command line, directories expanded to their YAML files.

    String paths and os.walk rather than Path objects: a full run lists 10,000 files, and
    links are never resolved, so a finding names the file the technician wrote.
    """
    base = os.fspath(root.resolve())
    found: set[str] = set()
    for name in paths:
        full = os.path.normpath(os.path.join(base, name))
        if os.path.isdir(full) and not os.path.islink(full):
            for folder, dirs, files in os.walk(full):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                prefix = os.path.relpath(folder, base).replace(os.sep, "/") + "/"
                found.update(prefix + f for f in files if f.endswith(SUFFIXES))
        elif os.path.lexists(full):
            found.add(os.path.relpath(full, base).replace(os.sep, "/"))
        else:
            raise ConfigurationError(f"no such file or directory: {name}")
    return sorted(found)


def ids_in_changes(root: Path, wanted: set[str],
                   repository: git.Repo | None = None) -> dict[str, list[str]]:
    """Every path under changes/ whose stem is one of wanted, by stem.

    With a repository and a few ids (a pull request), git's index answers without walking a
    folder of 10,000 files; a file staged but gone from the work tree does not count.
    """
    if repository is not None and len(wanted) <= 100:
        candidates = [p for p in gitrepo.files_named(repository, sorted(wanted))
                      if os.path.lexists(os.path.join(root, p))]
    elif (root / gitrepo.CHANGES).is_dir():
        candidates = discover(root, [gitrepo.CHANGES])
    else:
        candidates = []
    ids: dict[str, list[str]] = defaultdict(list)
    for path in candidates:
        stem = gitrepo.change_id(path)
        if stem in wanted:
            ids[stem].append(path)
    return ids


def read_change(root: Path, path: str, tz: tzinfo,
                ) -> tuple[Subject | None, list[Finding]]:
    file = os.path.join(root, path)  # strings and os.lstat: this runs for every file
    try:
        regular = stat.S_ISREG(os.lstat(file).st_mode)
    except OSError:
        regular = False
    if not regular:
        problem = Problem((), "not a regular file (symbolic links are not followed)", mark=(1, 1))
        return None, [stamp(path, None, yaml_rule, problem)]
    raw = read_limited(file)
    doc, change, findings = parse(path, raw, ChangeRequest, tz)
    if doc is None or not isinstance(change, ChangeRequest):
        return None, findings
    return Subject(id=gitrepo.change_id(path), path=path, change=change, raw=raw), findings


def run(options: Options) -> Result:
    root = options.root.resolve()
    repository = gitrepo.open_repo(root)
    if options.base and repository is None:
        raise ConfigurationError(f"--base needs a git repository; {root} is not one")
    merge_base: str | None = None
    differences: gitrepo.Differences | None = None
    if options.base:
        assert repository is not None
        base_commit = gitrepo.resolve(repository, options.base)
        policy = load_policy(gitrepo.show(repository, base_commit, POLICY_FILE),
                             where=f"base {options.base}")
        merge_base = gitrepo.merge_base(repository, base_commit)
        differences = gitrepo.differences(repository, merge_base)
        targets = [t for t in differences.changed
                   if t.startswith(f"{gitrepo.CHANGES}/") and t.endswith(SUFFIXES)]
        if options.paths:
            chosen = set(discover(root, options.paths))
            targets = [t for t in targets if t in chosen]
    else:
        file = root / POLICY_FILE
        policy = load_policy(file.read_bytes() if file.is_file() else None, where=str(root))
        targets = discover(root, options.paths or (gitrepo.CHANGES,))
    now = _now(options.now, policy.tz)
    base = os.fspath(root)
    targets = [t for t in targets if os.path.lexists(os.path.join(base, t))]
    findings = _judge(root, repository, policy, targets, now=now, merge_base=merge_base,
                      base=options.base, full=not options.paths and not options.base)
    if differences is not None and not options.paths:
        findings += _outside_changes(differences, policy)
    return Result(len(targets), sorted(findings, key=sort_key))


def _outside_changes(differences: gitrepo.Differences, policy: Policy) -> list[Finding]:
    """What a pull request does besides adding or editing change requests: cancellations
    (a merged change request deleted) and tooling changes (anything outside changes/)."""
    inside = f"{gitrepo.CHANGES}/"
    found = [stamp(path, None, locked, problem, severity_of(locked, policy))
             for path in differences.deleted
             if path.startswith(inside) and path.endswith(SUFFIXES)
             for problem in locked.cancelled(gitrepo.change_id(path))]
    outside = sorted({*differences.changed, *differences.deleted})
    found += [stamp(path, None, scope, problem, severity_of(scope, policy))
              for path in outside if not path.startswith(inside)
              for problem in scope.check(path)]
    return found


def _now(given: datetime | None, tz: tzinfo) -> datetime:
    if given is None:
        return datetime.now(UTC)
    return (given if given.tzinfo else localize(given, tz)).astimezone(UTC)


def _judge(root: Path, repository: git.Repo | None, policy: Policy, targets: list[str], *,
           now: datetime, merge_base: str | None, base: str | None, full: bool,
           ) -> list[Finding]:
    # A full run keeps tens of thousands of long-lived, acyclic objects; the cyclic collector
    # would rescan them over and over as the heap grows (it doubled the time per file).
    gc.disable()
    try:
        return _judge_all(root, repository, policy, targets, now=now, merge_base=merge_base,
                          base=base, full=full)
    finally:
        gc.enable()


def _judge_all(root: Path, repository: git.Repo | None, policy: Policy, targets: list[str], *,
               now: datetime, merge_base: str | None, base: str | None, full: bool,
               ) -> list[Finding]:
    tz = policy.tz
    ids = ids_in_changes(root, {gitrepo.change_id(t) for t in targets},
                         None if full else repository)
    findings: list[Finding] = []
    subjects: list[Subject] = []
    for path in targets:
        findings.extend(stamp(path, None, filename, p, severity_of(filename, policy))
                        for p in filename.check(path, ids.get(gitrepo.change_id(path), [])))
        subject, found = read_change(root, path, tz)
        findings.extend(found)
        if subject is not None:
            subjects.append(subject)
    created = clock.pull_request_created(os.environ) if base else None
    context = Context(
        policy=policy,
        now=now,
        submitted=clock.submission_times(repository, targets, since=merge_base,
                                         created=created, now=now),
        previous=_previous(repository, base, subjects, tz),
        known=subjects if full else subjects + _neighbours(root, repository, subjects, tz),
    )
    for subject in subjects:
        problems = [(rule, problem) for rule in rules.POLICY_RULES.values()
                    for problem in rule.check(subject, context)]
        doc = subject.doc if problems else None
        findings.extend(_waive(subject, stamp(subject.path, doc, rule, problem,
                                              severity_of(rule, policy)))
                        for rule, problem in problems)
    return findings


def _waive(subject: Subject, finding: Finding) -> Finding:
    waiver = subject.change.waived(finding.rule)
    if waiver is None:
        return finding
    return finding._replace(
        severity=Severity.NOTICE,
        message=f"exception requested ({one_line(waiver.reason, limit=120)}); the "
                f"coordinator's approval grants it: {finding.message}")


def _previous(repository: git.Repo | None, base: str | None, subjects: list[Subject],
              tz: tzinfo) -> dict[str, ChangeRequest]:
    """The base branch's version of each changed file that was already merged."""
    if repository is None or base is None:
        return {}
    found: dict[str, ChangeRequest] = {}
    for subject in subjects:
        raw = gitrepo.show(repository, base, subject.path)
        if raw is not None:
            _, change, problems = parse(subject.path, raw, ChangeRequest, tz)
            if isinstance(change, ChangeRequest) and not problems:
                found[subject.id] = change
    return found


def _neighbours(root: Path, repository: git.Repo | None, subjects: list[Subject],
                tz: tzinfo) -> list[Subject]:
    """Other change requests that may conflict with the subjects.

    Only a file that mentions a date near a subject's schedule (a change lasts at most
    MAX_DURATION) and one of its systems or sites can conflict, so two git greps pick the
    candidates and a pull-request check costs the same with 10 or 10,000 changes.
    """
    if not subjects:
        return []
    if repository is None:
        candidates = discover(root, [gitrepo.CHANGES]) if (root / gitrepo.CHANGES).is_dir() \
            else []
    else:
        days = sorted({day.isoformat() for s in subjects
                       for day in days_between(s.span[0] - MAX_DURATION - timedelta(days=1),
                                               s.span[1] + timedelta(days=1), tz)})
        names = sorted({n for s in subjects for n in (*s.change.systems, *s.change.impact.sites)})
        candidates = gitrepo.grep(repository, names,
                                  paths=gitrepo.grep(repository, days, ignore_case=False))
    mine = {s.path for s in subjects}
    found = []
    for path in candidates:
        if path not in mine and path.endswith(SUFFIXES):
            other, _ = read_change(root, path, tz)
            if other is not None:
                found.append(other)
    return found
