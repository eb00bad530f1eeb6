"""`cmcheck audit`: what reached `main` that the procedure forbids, for the coordinator.

"Violations of this Procedure must be reported to the Technology Coordinator." Five kinds:

- ``unapproved``: a commit that brought a change request to main without a qualifying approval
  (looked up through the pull request that merged it) or with no pull request at all;
- ``review-overdue``: a change whose end has passed with no Change Review;
- ``outside-window``: a review whose completion time lies outside the approved schedule;
- ``settings``: a repository setting the controls rest on found weaker than `.github/` declares
  (the same comparison as `cmcheck settings`, with the workflow's token), so that a rule
  turned off on Friday is in the coordinator's issue on Saturday; a declaration missing or
  below the floor is one too, and the settings are then held to the floor in code;
- ``notices``: the notify workflow's last run on main did not go through (a lost or forged
  ledger stops it until the coordinator starts the ledger again), see audit/notices.py.

The approval decision is approval.decide, with the coordinators of the policy that was on main
just before the merge: the same rule the pull request's check applied.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import NamedTuple

import git

from cmcheck.core.catalog import changes_at, policy_at
from cmcheck.core.configuration import POLICY_FILE
from cmcheck.core.git import history
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge.context import Subject
from cmcheck.core.model.localtime import localize, show
from cmcheck.core.model.policy import Policy
from cmcheck.github.api import Client
from cmcheck.github.approval import decide as approval
from cmcheck.github.approval.pull_requests import (
    fetch_pull,
    fetch_reviews,
    fetch_timeline,
    merged_pull_of,
)
from cmcheck.github.gate.compare import Unverified
from cmcheck.github.gate.declared import RULESET_FILE


class Violation(NamedTuple):
    kind: str
    change: str
    path: str
    message: str


class Audit(NamedTuple):
    violations: list[Violation]
    moment: datetime
    # settings the token could not read: said in the report, never a pass nor a violation
    unverified: list[Unverified]


def execute(root: Path, *, now: datetime | None, since: datetime | None,
            environ: Mapping[str, str] = os.environ) -> Audit:
    """The command: open the repository and the API, fix the clock, run. Times without an
    offset are local to the policy's time zone."""
    from cmcheck.github.api import client_from

    repository = gitrepo.open_repo(root)
    if repository is None:
        raise ValueError(f"{root} is not a git repository")
    history.require_history(repository)
    client = client_from(environ)
    tz = policy_at(repository, "HEAD").tz
    moment = _aware(now, tz) or datetime.now(UTC)
    found = run(repository, client, now=moment.astimezone(UTC), since=_aware(since, tz))
    gate = gate_of(root, client)
    stalled, unread = notices_of(root, client)
    return Audit(found + gate.violations + stalled, moment, gate.unverified + unread)


def notices_of(root: Path, client: Client) -> tuple[list[Violation], list[Unverified]]:
    """notify.yml's last run on main, when it did not go through (a lost ledger stops it)."""
    from cmcheck.github.audit import notices

    stalled, unread = notices.last_run(root, client)
    found = [] if stalled is None else [
        Violation("notices", "notify", notices.PLACE, notices.message(stalled))]
    return found, unread


class _Gate(NamedTuple):
    violations: list[Violation]
    unverified: list[Unverified]


def gate_of(root: Path, client: Client) -> _Gate:
    """The repository's settings against the declaration on main. The floor is in code, so a
    declaration deleted or weakened on main never switches the check off: it is a violation of
    its own, and the live settings are held to the floor instead."""
    from cmcheck.core.model.gate import floor_ruleset
    from cmcheck.github.gate import check as gate_check
    from cmcheck.github.gate import settings
    from cmcheck.github.gate.compare import DeclarationError, declared_ruleset

    found: list[Violation] = []
    try:
        declared = declared_ruleset(root)
    except DeclarationError as error:
        found.append(Violation("settings", "gate", RULESET_FILE, (
            f"{error}. Put the declaration back in a pull request (`git log -- {RULESET_FILE}` "
            "finds its last version); meanwhile GitHub's settings are held to cmcheck's floor")))
        declared = floor_ruleset()
    verdict = gate_check.verify(client, declared=declared,
                                coordinators=settings.coordinators_in(root), root=root)
    return _Gate(found + [Violation("settings", gap.setting, RULESET_FILE if gap.setting.startswith(
        ("ruleset.", "rules.")) else "", f"want {gap.want}; found {gap.got}. Threat: "
        f"{gap.threat}") for gap in verdict.findings], verdict.unverified)


def _aware(moment: datetime | None, tz: tzinfo) -> datetime | None:
    return localize(moment, tz) if moment is not None and moment.tzinfo is None else moment


def run(repository: git.Repo, client: Client, *, now: datetime,
        since: datetime | None = None) -> list[Violation]:
    """Every violation on HEAD; with `since`, only merges from then on are looked up through
    the API (each costs about five requests), while schedules and reviews are always checked."""
    policy = policy_at(repository, "HEAD")
    subjects = changes_at(repository, "HEAD", policy)
    checker = _ApprovalChecker(repository, client)
    landed = _by_id(history.landings(repository, since=since))
    found: list[Violation] = []
    for change_id in sorted(subjects):
        subject = subjects[change_id]
        for sha in landed.get(change_id, []):
            problem = checker.problem(sha)
            if problem is not None:
                found.append(Violation("unapproved", change_id, subject.path, problem))
        found.extend(schedule_violations(subject, policy, now=now))
    return found


def _by_id(landed: dict[str, list[str]]) -> dict[str, list[str]]:
    """Landings by change id: an edit pushed at one path and a move to another are one change's
    history, and the unapproved edit must not be lost with the old path."""
    found: dict[str, list[str]] = {}
    for path, shas in landed.items():
        mine = found.setdefault(gitrepo.change_id(path), [])
        mine.extend(sha for sha in shas if sha not in mine)
    return found


def schedule_violations(subject: Subject, policy: Policy, *, now: datetime) -> list[Violation]:
    change, tz = subject.change, policy.tz
    review = change.review
    if review is None:
        if change.schedule.end < now:
            return [Violation("review-overdue", subject.id, subject.path,
                              f"ended {show(change.schedule.end, tz)} and has no Change Review")]
        return []
    if review.outcome == "postponed":
        return []
    if not change.schedule.start <= review.completed <= change.schedule.end:
        return [Violation("outside-window", subject.id, subject.path,
                          f"review says the work completed {show(review.completed, tz)}, outside "
                          f"the approved {show(change.schedule.start, tz)} – "
                          f"{show(change.schedule.end, tz)}")]
    return []


class _ApprovalChecker:
    """Looks each landing commit up once, however many change requests it brought."""

    def __init__(self, repository: git.Repo, client: Client) -> None:
        self.repository = repository
        self.client = client
        self.seen: dict[str, str | None] = {}
        self.policies: dict[str, list[str]] = {}

    def problem(self, sha: str) -> str | None:
        if sha not in self.seen:
            self.seen[sha] = self._judge(sha)
        return self.seen[sha]

    def _judge(self, sha: str) -> str | None:
        number = merged_pull_of(self.client, sha)
        if number is None:
            return f"reached main in commit {sha[:7]} without a pull request"
        before = history.first_parent(self.repository, sha) or sha
        coordinators = self._coordinators(before)
        pull, _ = fetch_pull(self.client, number)
        timeline = fetch_timeline(self.client, number)
        verdict = approval.decide(pull, fetch_reviews(self.client, number),
                                  coordinators=coordinators, dismissals=timeline.dismissals,
                                  labels=timeline.labels)
        if verdict.passed:
            return None
        return f"merged in commit {sha[:7]} by PR #{number}: {verdict.message}"

    def _coordinators(self, commit: str) -> list[str]:
        # policy.yaml rarely changes: parse each version once, keyed by its blob.
        blob = gitrepo.blob_id(self.repository, commit, POLICY_FILE) or commit
        if blob not in self.policies:
            self.policies[blob] = policy_at(self.repository, commit).coordinators
        return self.policies[blob]
