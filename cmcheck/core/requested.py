"""Requested changes: the change requests waiting in open pull requests, judged beside the
merged ones.

The core does not talk to GitHub. The command line reads the open pull requests (through
`github/queue/`) and passes each change file's bytes here as plain data; here they become
subjects that carry their pull request's number, and the same dependency-aware `conflict` rule
that `validate` runs finds what they overlap. A requested change is never scheduled: every
place that shows one names the pull request it waits in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import NamedTuple

from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.findings import Finding
from cmcheck.core.judge.rules import conflict, notice_period
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.policy import Policy
from cmcheck.core.model.verdicts import Problem, Severity
from cmcheck.core.reading import SUFFIXES, parse, stamp


class Request(NamedTuple):
    """One change file of an open pull request, as GitHub holds it at the pull request's head."""

    pull: int
    path: str
    raw: bytes
    url: str = ""  # the pull request's page
    opened: datetime | None = None  # when the pull request was opened (GitHub's clock)


class OpenRequests(NamedTuple):
    """What a pull request's check knows of the other open pull requests: their change files,
    or why they could not be read (then `validate` says so once, in a notice)."""

    requests: tuple[Request, ...] = ()
    unread: str | None = None


def beside(others: OpenRequests | None, subjects: list[Subject], policy: Policy,
           merged: Iterable[Subject] = ()) -> list[Subject]:
    """For a pull request's check: the other open pull requests' change requests that parse
    (their own checks report the rest) and ask for a date (`deciding`: merged are the
    neighbours already read from the branch); a version of one of its own ids is the same
    change (the two would collide as a git add/add conflict), not another."""
    if others is None:
        return []
    mine = {s.id for s in subjects}
    found, _ = subjects_of(others.requests, policy)
    return [s for s in deciding(found, {m.id: m for m in merged}) if s.id not in mine]


def unread(others: OpenRequests | None, subjects: list[Subject]) -> list[Finding]:
    """One notice, on the first change request judged, when the others could not be read."""
    if others is None or others.unread is None or not subjects:
        return []
    first = subjects[0]
    return [stamp(first.path, first.doc, conflict, Problem(
        ("schedule", "start"),
        f"the change requests of other open pull requests were not checked for conflicts: "
        f"{others.unread}; give the validate job `pull-requests: read` and pass GITHUB_TOKEN, "
        "or ask the coordinator to look at `cmcheck queue`", severity=Severity.NOTICE))]


def is_change_file(path: str) -> bool:
    return path.startswith(f"{gitrepo.CHANGES}/") and path.endswith(SUFFIXES)


def subjects_of(requests: Iterable[Request], policy: Policy) -> tuple[list[Subject], list[Finding]]:
    """The requests that parse, as subjects carrying their pull request; the findings of those
    that do not (their own pull request's check reports them on their lines)."""
    found: list[Subject] = []
    problems: list[Finding] = []
    for request in requests:
        doc, change, findings = parse(request.path, request.raw, ChangeRequest, policy.tz)
        if doc is None or not isinstance(change, ChangeRequest) or findings:
            problems.extend(findings)
            continue
        found.append(Subject(id=gitrepo.change_id(request.path), path=request.path,
                             change=change, raw=request.raw, pull=request.pull))
    return found, problems


def deciding(pending: list[Subject], merged: Mapping[str, Subject]) -> list[Subject]:
    """The requests that ask the coordinator for a date: new changes and reschedules. A pull
    request that keeps a merged change's schedule (the Change Review, a typo fixed) asks no
    scheduling decision, and showing it as requested would make an approved change look
    unapproved; its own approval check still guards it."""
    return [s for s in pending
            if s.id not in merged or merged[s.id].span != s.span]


def context_for(pending: list[Subject], merged: Iterable[Subject], *, policy: Policy,
                now: datetime, inventory: Graph | None,
                opened: dict[int, datetime] | None = None) -> Context:
    """The context that judges requested changes: the merged changes and every request, the
    merged version of a change a pull request reschedules as its previous one, and each
    request submitted when its pull request was opened (else now)."""
    merged = list(merged)
    by_id = {s.id: s for s in merged}
    return Context(
        policy=policy, now=now, known=[*merged, *pending], inventory=inventory,
        previous={s.id: by_id[s.id].change for s in pending if s.id in by_id},
        submitted={s.id: (opened or {}).get(s.pull or 0, now) for s in pending},
    )


def conflicts(subject: Subject, context: Context) -> list[Subject]:
    """The merged and requested changes that subject overlaps, by the `conflict` rule's own
    test (time, shared systems or sites, dependencies). Another pull request's version of the
    same id is the same change rescheduled, not a conflict (the context compares by id)."""
    return context.conflicts(subject)


def notice_ok(subject: Subject, context: Context) -> bool:
    """Whether the notice period holds, by the `notice-period` rule itself (an unscheduled
    change is exempt; a change whose start its pull request keeps is not judged again)."""
    return not any(p.severity is None for p in notice_period.check(subject, context))


def days_left(subject: Subject, now: datetime) -> int:
    """Whole days from now to the start, rounded down: 0 within the last day, negative once it
    has begun (timedelta.days floors)."""
    return (subject.span[0] - now).days
