"""Requested changes on the calendar (`cmcheck calendar --pending`): the change requests
waiting in open pull requests, in their own "Requested" state.

The calendar does not talk to GitHub: the command line reads the open pull requests and passes
their change files in as plain data (`core/requested.Request`). A requested change is never
shown as scheduled: its badge says Requested, its page says "requested, not approved" and
links the pull request, and the feeds carry it only as STATUS:TENTATIVE. Its conflicts count
the merged changes and the other requests; a merged change's own flags do not change because
someone asked for the same night (what is published as scheduled stays what was approved).
"""

from __future__ import annotations

from datetime import datetime

from cmcheck.calendar.data import SAFE_ID, Entry, State, safe_url
from cmcheck.calendar.history import History
from cmcheck.core import requested
from cmcheck.core.judge import risk
from cmcheck.core.judge.context import Subject
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.policy import Policy

REQUESTED = State("requested", "Requested", "◌")


def entries(requests: list[requested.Request], merged: dict[str, Subject], *, policy: Policy,
            now: datetime, inventory: Graph | None) -> list[Entry]:
    """The requests that parse and have not ended, sorted by start then pull request."""
    parsed, _ = requested.subjects_of(requests, policy)  # each check reports its own file
    pending = requested.deciding(parsed, merged)
    urls = {r.pull: safe_url(r.url) for r in requests if r.url.startswith("https://")
            or r.url.startswith("http://")}
    context = requested.context_for(pending, [merged[k] for k in sorted(merged)],
                                    policy=policy, now=now, inventory=inventory)
    found = []
    for subject in pending:
        if subject.span[1] <= now or not SAFE_ID.match(subject.id) or subject.pull is None:
            continue
        clashes = tuple(other.id if other.pull is None else f"#{other.pull}/{other.id}"
                        for other in requested.conflicts(subject, context)
                        if SAFE_ID.match(other.id))
        found.append(Entry(id=subject.id, path=subject.path, change=subject.change,
                           state=REQUESTED, conflicts=clashes, history=History(),
                           risk=risk.assess(subject, context), pull=subject.pull,
                           pull_url=urls.get(subject.pull)))
    return sorted(found, key=lambda e: (e.start, e.pull or 0, e.id))
