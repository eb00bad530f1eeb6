"""What a rule may look at besides the change itself: policy, clock, the other changes."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import TypeVar

from cmcheck.core.model.inventory import Chain, Graph
from cmcheck.core.model.loader import Document, load
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.policy import Policy
from cmcheck.core.time.window import Interval

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class Subject:
    """A change request that parsed, with where it came from."""

    id: str
    path: str
    change: ChangeRequest
    raw: bytes
    # The open pull request it waits in, for a requested change (core/requested.py); None for
    # a change of the tree being judged.
    pull: int | None = None

    @property
    def doc(self) -> Document:
        """The parsed YAML with its marks, read again from the bytes when a finding needs a line.

        Keeping every file's marks would cost ~25 KiB per change, 250 MB for 10,000 of them;
        the bytes cost a tenth of that and few files have findings.
        """
        return load(self.raw)

    # Cached: the conflict index asks for them tens of thousands of times in a full run.
    @cached_property
    def span(self) -> Interval:
        return (self.change.schedule.start, self.change.schedule.end)

    @cached_property
    def _names(self) -> frozenset[str]:
        return frozenset(n.casefold() for n in (*self.change.systems, *self.change.impact.sites))

    def names(self) -> set[str]:
        """The systems and sites it touches, compared without case."""
        return set(self._names)



class _Timeline:
    """Changes touching one name, sorted by start, for overlap queries without a full scan."""

    def __init__(self, subjects: list[Subject]) -> None:
        self.subjects = sorted(subjects, key=lambda s: s.span[0])
        self.starts = [s.span[0] for s in self.subjects]
        self.longest = max((s.span[1] - s.span[0] for s in subjects), default=timedelta(0))

    def overlapping(self, span: Interval) -> list[Subject]:
        first = bisect_left(self.starts, span[0] - self.longest)
        last = bisect_left(self.starts, span[1])
        begin, end = span  # overlaps(), inlined: a full run asks 20,000 times
        return [s for s in self.subjects[first:last] if s.span[0] < end and begin < s.span[1]]


@dataclass(kw_only=True)
class Context:
    policy: Policy
    now: datetime
    submitted: dict[str, datetime] = field(default_factory=dict)
    # id -> why its submission time is only the author's claim (core/clock.py)
    claims: dict[str, str] = field(default_factory=dict)
    previous: dict[str, ChangeRequest] = field(default_factory=dict)
    known: list[Subject] = field(default_factory=list)
    inventory: Graph | None = None
    # Earlier changes whose reviews weigh on risk; a full run leaves it empty and uses known.
    history: list[Subject] = field(default_factory=list)
    _affected: dict[str, dict[str, Chain]] = field(default_factory=dict)
    _failures: dict[str, list[Subject]] | None = None  # risk's index of bad reviews by system
    _timelines: dict[str, _Timeline] | None = None
    _everything: _Timeline | None = None
    _suggestions: dict[str, str] = field(default_factory=dict)
    # Change files that share a plan or backout step with a subject (a pull request's git grep,
    # core/nearby.py); a full run leaves it empty and reads known.
    copies: list[Subject] = field(default_factory=list)
    _indexes: dict[str, dict[Hashable, list[Subject]]] = field(default_factory=dict)
    _once: dict[str, dict[int, tuple[Subject, object]]] = field(default_factory=dict)

    def index(self, name: str,
              keys: Callable[[Subject], Iterable[Hashable]]) -> dict[Hashable, list[Subject]]:
        """Every change the run knows (known and copies, each once) by keys(change), built
        once per name: a rule that compares each change with all others asks it, not a scan."""
        found = self._indexes.get(name)
        if found is None:
            found = self._indexes[name] = defaultdict(list)
            seen: set[str] = set()
            for other in (*self.known, *self.copies):
                if other.id not in seen:
                    seen.add(other.id)
                    for key in set(self.once(name, other, keys)):
                        found[key].append(other)
        return found

    def once(self, name: str, subject: Subject, work: Callable[[Subject], T]) -> T:
        """work(subject), worked out once per name and change: a rule asks it of every change
        for its index, then again of the change it judges (a full run: 10,000 changes)."""
        memo = self._once.setdefault(name, {})
        # By identity, not id: two files may share an id (the filename rule says so), and a
        # change's base version is another object with its id.
        found = memo.get(id(subject))
        if found is None or found[0] is not subject:
            found = memo[id(subject)] = (subject, work(subject))
        return found[1]  # type: ignore[return-value]

    def submitted_at(self, subject: Subject) -> datetime:
        return self.submitted.get(subject.id, self.now)

    def conflicts(self, subject: Subject, span: Interval | None = None) -> list[Subject]:
        """Other live changes overlapping span on one of subject's systems or sites."""
        if self.inventory is not None:
            return self._through_dependencies(subject, span or subject.span)
        if self._timelines is None:
            by_name: dict[str, list[Subject]] = defaultdict(list)
            for other in self.known:
                review = other.change.review
                if review is None or review.outcome != "postponed":
                    for name in other.names():
                        by_name[name].append(other)
            self._timelines = {name: _Timeline(found) for name, found in by_name.items()}
        window = span or subject.span
        found: dict[str, Subject] = {}
        for name in sorted(subject._names):  # names() would copy the set first
            timeline = self._timelines.get(name)
            for other in timeline.overlapping(window) if timeline else ():
                if other.id != subject.id:
                    found[other.id] = other
        return sorted(found.values(), key=lambda s: s.id)

    def affected(self, subject: Subject) -> dict[str, Chain]:
        """The inventory's systems a change affects (its own and everything downstream), each
        with the dependency chain that brings it in; empty without an inventory."""
        if self.inventory is None:
            return {}
        found = self._affected.get(subject.id)
        if found is None:
            found = self._affected[subject.id] = self.inventory.affected(subject.change.systems)
        return found

    def _through_dependencies(self, subject: Subject, window: Interval) -> list[Subject]:
        """conflicts() with an inventory: the changes overlapping in time come first (few at
        any moment), then each is checked for a shared name or a dependency either way. Asking
        every affected system's timeline instead costs a dozen look-ups per change."""
        if self._everything is None:
            self._everything = _Timeline([o for o in self.known if o.change.review is None
                                          or o.change.review.outcome != "postponed"])
        assert self.inventory is not None
        mine = subject._names
        reach = self.affected(subject)
        own = set(self.inventory.ids(subject.change.systems))
        found = [other for other in self._everything.overlapping(window)
                 if other.id != subject.id and (
                     not mine.isdisjoint(other._names)
                     or any(s in reach for s in self.inventory.ids(other.change.systems))
                     or not own.isdisjoint(self.affected(other)))]
        return sorted(found, key=lambda s: s.id)
