"""Validation: pick the files to judge, build the context every rule reads, run every rule,
and decide severities and waivers in one place.
"""

from __future__ import annotations

import gc
import os
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import NamedTuple

import git

from cmcheck.core import clock, declared, nearby, proposed, requested
from cmcheck.core.configuration import (
    INVENTORY_FILE,
    POLICY_FILE,
    ConfigurationError,
    config_at,
    config_in,
    file_problem,
    load_inventory,
    load_policy,
    severity_of,
)
from cmcheck.core.git import event, history
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.git.started import Started
from cmcheck.core.judge import risk, rules
from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.findings import Finding, Result, one_line, sort_key
from cmcheck.core.judge.rules import filename, locked, scope
from cmcheck.core.judge.rules import yaml as yaml_rule
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.localtime import localize
from cmcheck.core.model.policy import Policy
from cmcheck.core.model.verdicts import Problem, Risk, Severity
from cmcheck.core.reading import (
    SUFFIXES,
    discover,
    ids_in_changes,
    read_changes,
    stamp,
)


@dataclass(frozen=True, kw_only=True)
class Options:
    root: Path
    paths: tuple[str, ...] = ()
    base: str | None = None
    now: datetime | None = None
    # In a pull request on GitHub: its event and GitHub's record of pushes to its head branch,
    # read by the command line (the core does not talk to GitHub).
    pull: clock.PullRequestClock | None = None
    # In a pull request: the change requests of the other open pull requests, read by the
    # command line, which `conflict` also judges against (core/requested.py).
    others: requested.OpenRequests | None = None
    early: history.HeadStart | None = None  # a pull request's scans, begun by the command line


class Pull(NamedTuple):
    """What a pull request's check knows besides its files."""

    base: str  # the base branch, as named
    commit: str  # base, resolved
    merge_base: str
    differences: gitrepo.Differences  # the working tree against merge_base
    deletions: Started  # the base line's deleted ids, read last (_reused)
    clock: clock.PullRequestClock | None
    others: requested.OpenRequests | None


def run(options: Options) -> Result:
    with ExitStack() as running:  # the git commands started beside the check end with it
        if options.early is not None:
            running.callback(options.early.close)
        return _run(options, running)


def _run(options: Options, running: ExitStack) -> Result:
    root = options.root.resolve()
    repository = gitrepo.open_repo(root)
    if options.base and repository is None:
        raise ConfigurationError(f"--base needs a git repository; {root} is not one")
    pull: Pull | None = None
    differences: gitrepo.Differences | None = None
    if options.base:
        assert repository is not None
        retargeted = event.base_problem(os.environ)
        if retargeted is not None:
            raise ConfigurationError(retargeted)
        base_commit = gitrepo.resolve(repository, options.base)
        # The log of the base line's deletions walks all its history (55 ms on 200 commits of
        # 10,000 changes), the untracked files are a walk of every folder and the diff a look
        # at every tracked file: started now (the first two by the command line before its
        # imports, when it could: history.head_start), they run beside the rest of the check.
        # A base that shares no history is still reported after the policy's own errors.
        early = options.early if options.early and options.early.base == options.base else None
        deletions = early.deletions if early else running.enter_context(
            history.deletions(repository, options.base))
        untracked = early.untracked if early else running.enter_context(
            gitrepo.untracked_files(repository))
        common = gitrepo.common_commit(repository, base_commit)
        status = running.enter_context(gitrepo.status_since(repository, common)) \
            if common else None
        policy = load_policy(config_at(repository, base_commit, POLICY_FILE),
                             where=f"base {options.base}")
        graph, _ = load_inventory(config_at(repository, base_commit, INVENTORY_FILE), policy,
                                  where=f"base {options.base}")
        merge_base = common or gitrepo.merge_base(repository, base_commit)
        differences = gitrepo.differences(repository, merge_base, untracked=untracked,
                                          status=status)
        pull = Pull(options.base, base_commit, merge_base, differences, deletions,
                    options.pull, options.others)
        graph, inventory_findings = proposed.in_pull_request(
            graph, _head_inventory(root, differences), policy)
        targets = [t for t in differences.changed if t.startswith(f"{gitrepo.CHANGES}/") and (
            t.endswith(SUFFIXES) or os.path.islink(os.path.join(root, t)))]
        if options.paths:
            chosen = set(discover(root, options.paths))
            targets = [t for t in targets if t in chosen]
    else:
        policy = load_policy(config_in(root, POLICY_FILE), where=str(root))
        graph, inventory_findings = load_inventory(
            config_in(root, INVENTORY_FILE), policy, where=str(root))
        # A new district's repository has no changes/ yet (git keeps no empty folder): that is
        # no change yet, not a missing path. A path named on the command line must exist.
        everything = not options.paths and not os.path.lexists(root / gitrepo.CHANGES)
        targets = [] if everything else discover(root, options.paths or (gitrepo.CHANGES,))
    problem = gitrepo.folder_problem(root)
    if problem is not None:  # nothing under it can be judged, and everything would vanish
        return Result(0, [stamp(gitrepo.CHANGES, None, filename,
                                Problem((), problem, mark=(1, 1)))])
    now = _now(options.now, policy.tz)
    base = os.fspath(root)
    targets = [t for t in targets if os.path.lexists(os.path.join(base, t))]
    risks: list[tuple[str, Risk]] = []
    findings = _judge(root, repository, policy, targets, now=now, pull=pull,
                      full=not options.paths and pull is None, inventory=graph, risks=risks)
    if not options.paths:
        findings += inventory_findings + declared.findings(root, differences, policy, graph)
        if differences is not None:
            findings += _unreadable(root, differences) + _outside_changes(
                root, repository, differences, policy,
                entries=any(f.rule == "scope" for f in inventory_findings))
    return Result(len(targets), sorted(findings, key=sort_key), tuple(sorted(risks)))


def _outside_changes(root: Path, repository: git.Repo | None,
                     differences: gitrepo.Differences, policy: Policy, *,
                     entries: bool) -> list[Finding]:
    """What a pull request does besides adding or editing change requests: cancellations
    (a merged change request deleted, not moved to another folder) and tooling changes
    (anything outside changes/; inventory.yaml's when its entries have notices of their own)."""
    inside = f"{gitrepo.CHANGES}/"
    gone = [path for path in differences.deleted
            if path.startswith(inside) and path.endswith(SUFFIXES)]
    kept = ids_in_changes(root, {gitrepo.change_id(path) for path in gone}, repository)
    found = [stamp(path, None, locked, problem, severity_of(locked, policy))
             for path in gone if gitrepo.change_id(path) not in kept
             for problem in locked.cancelled(gitrepo.change_id(path))]
    outside = sorted({*differences.changed, *differences.deleted})
    found += [stamp(path, None, scope, problem, severity_of(scope, policy))
              for path in outside if not path.startswith(inside)
              and not (entries and path == INVENTORY_FILE)
              for problem in scope.check(path)]
    return found


def _head_inventory(root: Path, differences: gitrepo.Differences) -> bytes | None:
    """The pull request's inventory.yaml when it edits it (its additions count, see proposed)."""
    if INVENTORY_FILE not in differences.changed or file_problem(root, INVENTORY_FILE):
        return None  # a link or an oversized file is its own finding (_unreadable)
    return config_in(root, INVENTORY_FILE)


def _unreadable(root: Path, differences: gitrepo.Differences) -> list[Finding]:
    """The pull request's policy.yaml or inventory.yaml made a link (or a huge or special file):
    an error, never read, so a link to a file outside the repository prints none of its keys."""
    return [stamp(name, None, yaml_rule, Problem((), why, mark=(1, 1)))
            for name in (POLICY_FILE, INVENTORY_FILE) if name in differences.changed
            for why in [file_problem(root, name)] if why is not None]


def _now(given: datetime | None, tz: tzinfo) -> datetime:
    if given is None:
        return datetime.now(UTC)
    return (given if given.tzinfo else localize(given, tz)).astimezone(UTC)


def _judge(root: Path, repository: git.Repo | None, policy: Policy, targets: list[str], *,
           now: datetime, pull: Pull | None, full: bool, inventory: Graph | None = None,
           risks: list[tuple[str, Risk]] | None = None) -> list[Finding]:
    # A full run keeps tens of thousands of long-lived, acyclic objects; the cyclic collector
    # would rescan them over and over as the heap grows (it doubled the time per file).
    gc.disable()
    try:
        return _judge_all(root, repository, policy, targets, now=now, pull=pull, full=full,
                          inventory=inventory, risks=[] if risks is None else risks)
    finally:
        gc.enable()


def _judge_all(root: Path, repository: git.Repo | None, policy: Policy, targets: list[str], *,
               now: datetime, pull: Pull | None, full: bool, inventory: Graph | None,
               risks: list[tuple[str, Risk]]) -> list[Finding]:
    tz = policy.tz
    findings: list[Finding] = []
    subjects: list[Subject] = []
    for subject, found in read_changes(root, targets, tz):
        findings.extend(found)
        if subject is not None:
            subjects.append(subject)
    # The one scan of every change file (100 ms on 10,000) runs while the subjects' own
    # files are looked into: the ids in use, the clock, their versions on the base.
    with nearby.Scan(None if full else repository, subjects, tz) as scan:
        ids = ids_in_changes(root, {gitrepo.change_id(t) for t in targets},
                             None if full else repository)
        findings.extend(stamp(path, None, filename, p, severity_of(filename, policy))
                        for path in targets
                        for p in filename.check(path, ids.get(gitrepo.change_id(path), [])))
        # In a pull request, what git would be asked again about the working tree is read
        # from its differences: the untracked files, and (when the base has not moved since
        # the branch left it) the files that differ from the base. 30 ms on 10,000 changes.
        fresh = gitrepo.untracked_in(pull.differences) if pull else None
        if pull is not None and pull.clock is not None:
            times = clock.pull_request_times(repository, subjects, pull=pull.clock,
                                             since=pull.merge_base, now=now, tz=tz, fresh=fresh)
            submitted = {key: time.at for key, time in times.items()}
            claims = {key: time.claim for key, time in times.items() if time.claim}
        else:
            submitted = clock.submission_times(repository, targets, created=None, now=now,
                                               since=pull.merge_base if pull else None,
                                               fresh=fresh)
            claims = {}
        base = pull.base if pull else None
        previous = nearby.previous(repository, base, subjects, tz)
        scope = scan.scope()
    within = scope.within if scope else None
    differ = gitrepo.differing_in(pull.differences, pull.commit) if pull else None
    neighbours = [] if full else nearby.neighbours(root, repository, subjects, tz, inventory,
                                                   within=within)
    others = pull.others if pull else None
    context = Context(
        policy=policy,
        now=now,
        submitted=submitted,
        claims=claims,
        previous=previous,
        known=subjects if full else subjects + neighbours + requested.beside(
            others, subjects, policy, neighbours),
        inventory=inventory,
        history=[] if full else nearby.history(root, repository, subjects, tz, within=within,
                                               base=base, differ=differ),
        copies=nearby.sharing_steps(root, subjects, tz, scope.copies) if scope else [],
    )
    findings += _reused(repository, base, subjects, policy, pull.deletions if pull else None)
    findings += requested.unread(others, subjects)
    for subject in subjects:
        risks.append((subject.path, risk.assess(subject, context)))
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


def _reused(repository: git.Repo | None, base: str | None, subjects: list[Subject],
            policy: Policy, deletions: Started | None = None) -> list[Finding]:
    """An id once used on the branch is never given to another change.

    Only ids that were ever deleted on the branch's own line are looked at closely, so a
    branch that never cancelled anything pays one git log.
    """
    if repository is None or not subjects or not gitrepo.has_commits(repository):
        return []
    ref = base or "HEAD"
    candidates = sorted({s.id for s in subjects}
                        & history.deleted_ids(repository, ref, started=deletions))
    records = history.id_records(repository, ref, candidates)
    return [stamp(subject.path, None, filename, problem, severity_of(filename, policy))
            for subject in subjects if subject.id in records
            for problem in filename.reused(subject.id, subject.raw, records[subject.id],
                                           in_pull_request=base is not None, tz=policy.tz)]
