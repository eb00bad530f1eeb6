"""The calendar's entries: each change with its state, conflicts, history and safe links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from urllib.parse import urlsplit

from cmcheck.calendar.history import Gone, History
from cmcheck.core.judge import risk
from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.reviews import believable
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.policy import Policy
from cmcheck.core.model.verdicts import Risk


@dataclass(frozen=True)
class State:
    key: str
    label: str
    icon: str  # a text symbol, so the state reads without colour (and on paper)


STATES: dict[str, State] = {s.key: s for s in (
    State("scheduled", "Scheduled", "◷"),
    State("in-progress", "In progress", "▶"),
    State("done", "Done", "✓"),
    State("failed", "Failed / backed out", "✗"),
    State("postponed", "Postponed", "↷"),
    State("cancelled", "Cancelled", "⊘"),
    State("overdue", "Review overdue", "!"),
)}
_OUTCOMES = {"successful": "done", "partial": "done", "failed": "failed",
             "backed-out": "failed", "postponed": "postponed"}
SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")
SAFE_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True, kw_only=True)
class Entry:
    id: str
    path: str
    change: ChangeRequest
    state: State
    conflicts: tuple[str, ...]
    history: History
    risk: Risk | None = None  # None for a cancelled change
    # A requested change (calendar/pending.py): the open pull request it waits in and that
    # pull request's page (only an http(s) address); None for a change on the branch.
    pull: int | None = None
    pull_url: str | None = None

    @property
    def key(self) -> str:
        """What `conflicts` lists: the id, or "#N/id" for a requested change (a pull request
        may reschedule a merged change under the same id)."""
        return self.id if self.pull is None else f"#{self.pull}/{self.id}"

    @property
    def page(self) -> str:
        """The change's own page, from the site's top folder."""
        return f"changes/{self.id}.html" if self.pull is None \
            else f"requested/{self.pull}-{self.id}.html"

    @property
    def start(self) -> datetime:
        return self.change.schedule.start

    @property
    def end(self) -> datetime:
        return self.change.schedule.end

    @cached_property  # every page that shows the change asks
    def sites(self) -> list[str]:
        return sorted(set(self.change.impact.sites))

    @property
    def links(self) -> list[tuple[str, str | None]]:
        """(title, url); url is None when it is not one a browser may follow."""
        return [(link.title, safe_url(link.url)) for link in self.change.links]


def safe_url(url: str) -> str | None:
    """url if a browser would only navigate with it (the schema already refused the rest: this is
    the second line, for models built without validation)."""
    cleaned = "".join(char for char in url if char.isprintable() and not char.isspace())
    if cleaned != url.strip():
        return None
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return cleaned


def state_of(change: ChangeRequest, *, now: datetime) -> State:
    # A review that cannot be true yet (a future change that copied an example's review) does
    # not make the change done: it stays scheduled and in Upcoming, and validate refuses it.
    if change.review is not None and believable(change, now=now):
        return STATES[_OUTCOMES[change.review.outcome]]
    if now < change.schedule.start:
        return STATES["scheduled"]
    if now < change.schedule.end:
        return STATES["in-progress"]
    return STATES["overdue"]


def entries(*, policy: Policy, live: dict[str, Subject], cancelled: dict[str, Gone],
            histories: dict[str, History], now: datetime,
            inventory: Graph | None = None) -> list[Entry]:
    """Every change (cancelled ones too), sorted by start then id; with an inventory,
    conflicts follow dependencies and the risk counts what they bring in."""
    context = Context(policy=policy, now=now, known=[live[k] for k in sorted(live)],
                      inventory=inventory)
    found = []
    for change_id in sorted(live):
        subject = live[change_id]
        state = state_of(subject.change, now=now)
        clashes = () if state.key == "postponed" else tuple(
            other.id for other in context.conflicts(subject) if SAFE_ID.match(other.id))
        found.append(Entry(id=change_id, path=subject.path, change=subject.change, state=state,
                           conflicts=clashes, history=histories.get(change_id, History()),
                           risk=risk.assess(subject, context)))
    for change_id in sorted(cancelled):
        gone = cancelled[change_id]
        found.append(Entry(id=change_id, path=gone.path, change=gone.change,
                           state=STATES["cancelled"], conflicts=(),
                           history=histories.get(change_id, History())))
    # Ids become file names: only the filename rule's alphabet (a deleted file never met it).
    return sorted((e for e in found if SAFE_ID.match(e.id)), key=lambda e: (e.start, e.id))
