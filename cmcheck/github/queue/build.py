"""`cmcheck queue`: every change request waiting in an open pull request, with the days left
before its start, whether its notice still holds, whether a coordinator approved its pull
request's head (the rule of `cmcheck approval`, imported, not copied) and what it conflicts
with among the merged and the other requested changes (the `conflict` rule's own test).

The policy, the inventory and the merged changes are the work tree's: the queue runs on the
default branch, which is every open pull request's base.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from cmcheck.core import catalog, requested
from cmcheck.core.judge import risk
from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.findings import Finding
from cmcheck.core.model.localtime import localize
from cmcheck.core.model.policy import Policy
from cmcheck.github.api import Client
from cmcheck.github.approval import decide as approval
from cmcheck.github.approval.pull_requests import fetch_pull, fetch_reviews, fetch_timeline
from cmcheck.github.queue.read import OpenPull, change_files, open_pulls

# A request whose start is this close needs the coordinator's decision this week.
THIS_WEEK = 7


class Conflict(NamedTuple):
    id: str
    pr: int | None  # the open pull request it waits in; None for a merged change

    def __str__(self) -> str:
        return self.id if self.pr is None else f"#{self.pr} {self.id}"


@dataclass(frozen=True, kw_only=True)
class Item:
    """One requested change, as the queue shows it (plain data: the digest and the JSON)."""

    pr: int
    id: str
    title: str
    start: datetime
    days_left: int
    approved: bool
    approval: str  # the approval check's own sentence
    notice_ok: bool
    conflicts: tuple[Conflict, ...]
    url: str
    author: str

    @property
    def urgent(self) -> bool:
        return self.days_left < THIS_WEEK


@dataclass(frozen=True, kw_only=True)
class Queue:
    items: list[Item]
    unreadable: list[Finding]  # change files of open pull requests that do not parse
    now: datetime
    policy: Policy


Verdicts = Callable[[OpenPull, list[Subject], Context], approval.Verdict]


def gather(client: Client) -> tuple[list[OpenPull], list[requested.Request]]:
    """The open pull requests that carry change files, and those files."""
    pulls, found = [], []
    for pull in open_pulls(client):
        files = change_files(client, pull)
        if files:
            pulls.append(pull)
            found.extend(files)
    return pulls, found


def build(root: Path, client: Client, *, now: datetime | None) -> Queue:
    """now: None is the current time; a time without an offset is local, as everywhere."""
    policy = catalog.policy_in(root)
    now = (now if now.tzinfo else localize(now, policy.tz)).astimezone(UTC) \
        if now is not None else datetime.now(UTC)
    pulls, files = gather(client)

    def verdict(pull: OpenPull, mine: list[Subject], context: Context) -> approval.Verdict:
        head, _ = fetch_pull(client, pull.number)
        timeline = fetch_timeline(client, pull.number)
        return approval.decide(
            head, fetch_reviews(client, pull.number), coordinators=policy.coordinators,
            exceptions=[f"{w.rule} ({s.id})" for s in mine for w in s.change.exceptions],
            dismissals=timeline.dismissals, labels=timeline.labels,
            risks={s.id: risk.assess(s, context).level for s in mine},
            high_risk_approvals=policy.risk.high_risk_approvals)

    return judge(root, pulls, files, policy=policy, now=now, verdicts=verdict)


def judge(root: Path, pulls: list[OpenPull], files: list[requested.Request], *, policy: Policy,
          now: datetime, verdicts: Verdicts) -> Queue:
    parsed, unreadable = requested.subjects_of(files, policy)
    merged = catalog.changes_in(root, policy)
    pending = requested.deciding(parsed, merged)
    context = requested.context_for(
        pending, merged.values(), policy=policy, now=now,
        inventory=catalog.inventory_in(root, policy),
        opened={pull.number: pull.opened for pull in pulls})
    items: list[Item] = []
    for pull in pulls:
        mine = [s for s in pending if s.pull == pull.number]
        if not mine:
            continue
        verdict = verdicts(pull, mine, context)
        items.extend(Item(
            pr=pull.number, id=s.id, title=s.change.title, start=s.span[0],
            days_left=requested.days_left(s, now), approved=verdict.passed,
            approval=verdict.message, notice_ok=requested.notice_ok(s, context),
            conflicts=tuple(Conflict(other.id, other.pull)
                            for other in requested.conflicts(s, context)),
            url=pull.url, author=pull.author) for s in mine)
    items.sort(key=lambda item: (item.days_left, item.start, item.pr, item.id))
    return Queue(items=items, unreadable=unreadable, now=now, policy=policy)
