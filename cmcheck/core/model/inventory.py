"""The service inventory (``inventory.yaml``) and the dependency graph the rules reason over.

A system's id is the name change requests already write in ``systems:``. ``depends_on`` points
upstream (the SIS server depends on the core switch); what a change *affects* is its own systems
plus everything downstream of them, transitively. The graph tolerates what the ``inventory``
rule reports on the file itself (unknown ids, cycles): an unknown id leads nowhere, and a cycle
is walked once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from pydantic import ConfigDict, Field, StrictBool

from cmcheck.core.model.models import Model
from cmcheck.core.model.policy import Policy
from cmcheck.core.model.text import Email, Key, Line
from cmcheck.core.model.verdicts import Problem

INVENTORY_FILE = "inventory.yaml"
# An inventory lists every system of a district, so it may be larger than a change request.
MAX_INVENTORY_BYTES = 8 * 1024 * 1024

SystemKind = Literal[
    "server", "virtual-machine", "switch", "router", "firewall", "wireless", "ups", "hvac",
    "application", "database", "storage", "service", "endpoint", "other",
]
Chain = tuple[str, ...]  # affected system first, the changed system last


class Owner(Model):
    name: Line
    email: Email


class System(Model):
    name: Line
    kind: SystemKind
    sites: list[Key] = Field(default_factory=list, max_length=20,
                             description="keys of policy.sites")
    depends_on: list[Key] = Field(default_factory=list, max_length=100,
                                  description="ids of the systems this one needs to work")
    audiences: list[Key] = Field(default_factory=list, max_length=20,
                                 description="keys of policy.audiences: who uses it directly")
    mission_critical_data: StrictBool = False
    owner: Owner | None = Field(default=None, description="whom to consult before a change")


class Inventory(Model):
    """The district's systems and what each depends on."""

    model_config = ConfigDict(title="Service inventory")

    systems: dict[Key, System] = Field(min_length=1)


class Implied(NamedTuple):
    """What the systems a change affects bring in, each item with the shortest chain (nearest
    systems first, then by id)."""

    sites: dict[str, Chain]
    audiences: dict[str, Chain]
    critical: Chain | None  # the nearest affected system holding mission-critical data
    owners: dict[str, tuple[Owner, Chain]]  # by e-mail: owners of mission-critical systems


@dataclass(frozen=True)
class Graph:
    inventory: Inventory
    dependents: dict[str, tuple[str, ...]]
    _down: dict[str, dict[str, Chain]] = field(default_factory=dict, compare=False)
    _up: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    _implied: dict[tuple[str, ...], Implied] = field(default_factory=dict, compare=False)
    _reach: dict[tuple[str, ...], dict[str, Chain]] = field(default_factory=dict, compare=False)

    @property
    def systems(self) -> dict[str, System]:
        return self.inventory.systems

    def ids(self, names: Iterable[str]) -> list[str]:
        """The inventory ids among a change's system names (compared without case)."""
        return [n.casefold() for n in names if n.casefold() in self.inventory.systems]

    def downstream(self, system: str) -> dict[str, Chain]:
        """Every system that depends on system, transitively (itself included), each with the
        shortest chain that brings it in."""
        found = self._down.get(system)
        if found is None:
            found = {system: (system,)}
            queue = deque([system])
            while queue:
                here = queue.popleft()
                for child in self.dependents.get(here, ()):
                    if child not in found:
                        found[child] = (child, *found[here])
                        queue.append(child)
            self._down[system] = found
        return found

    def affected(self, names: Iterable[str]) -> dict[str, Chain]:
        """The systems a change to names affects, each with its shortest chain (cached by the
        set of ids: do not change what it returns)."""
        key = tuple(sorted(set(self.ids(names))))
        found = self._reach.get(key)
        if found is None:
            found = self._reach[key] = {}
            for system in key:
                for other, chain in self.downstream(system).items():
                    if other not in found or len(chain) < len(found[other]):
                        found[other] = chain
        return found

    def implied(self, names: Iterable[str]) -> Implied:
        """Sites, audiences, mission-critical data and owners that a change to names brings in
        (cached: thousands of changes name the same few systems)."""
        key = tuple(sorted(set(self.ids(names))))
        found = self._implied.get(key)
        if found is None:
            found = self._implied[key] = self._imply(self.affected(key))
        return found

    def _imply(self, affected: dict[str, Chain]) -> Implied:
        sites: dict[str, Chain] = {}
        audiences: dict[str, Chain] = {}
        critical: Chain | None = None
        owners: dict[str, tuple[Owner, Chain]] = {}
        for system, chain in sorted(affected.items(), key=lambda item: (len(item[1]), item[0])):
            entry = self.inventory.systems[system]
            for site in entry.sites:
                sites.setdefault(site, chain)
            for audience in entry.audiences:
                audiences.setdefault(audience, chain)
            if entry.mission_critical_data:
                critical = critical or chain
                if entry.owner is not None:
                    owners.setdefault(entry.owner.email.casefold(), (entry.owner, chain))
        return Implied(sites, audiences, critical, owners)

    def upstream(self, system: str) -> frozenset[str]:
        """Every system that system depends on, transitively."""
        found = self._up.get(system)
        if found is None:
            seen: set[str] = set()
            stack = [system]
            while stack:
                here = stack.pop()
                entry = self.inventory.systems.get(here)
                for parent in entry.depends_on if entry else ():
                    if parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
            seen.discard(system)
            found = self._up[system] = frozenset(seen)
        return found

    def related(self, names: Iterable[str]) -> set[str]:
        """Systems whose changes could conflict with a change to names: downstream and upstream."""
        found: set[str] = set()
        for system in self.ids(names):
            found.update(self.downstream(system))
            found.update(self.upstream(system))
        return found


def build(inventory: Inventory) -> Graph:
    dependents: dict[str, list[str]] = {}
    for system, entry in inventory.systems.items():
        for parent in entry.depends_on:
            dependents.setdefault(parent, []).append(system)
    return Graph(inventory, {k: tuple(sorted(v)) for k, v in dependents.items()})


def describe(chain: Chain) -> str:
    """('sis-db', 'sis-server', 'core-sw') -> 'sis-db depends on sis-server, which depends on
    core-sw'."""
    if len(chain) == 1:
        return chain[0]
    text = f"{chain[0]} depends on {chain[1]}"
    return text + "".join(f", which depends on {c}" for c in chain[2:])


def link(graph: Graph, mine: Iterable[str], theirs: Iterable[str]) -> str | None:
    """How two changes' systems are tied through dependencies, or None."""
    mine, theirs = list(mine), list(theirs)
    for first, second in ((mine, theirs), (theirs, mine)):
        reach = graph.affected(first)
        chains = sorted((reach[s] for s in graph.ids(second) if s in reach), key=len)
        if chains:
            return describe(chains[0])
    return None


def problems(inventory: Inventory, policy: Policy) -> Iterator[Problem]:
    """Unknown ids, cycles, and sites or audiences the policy does not know, on their lines."""
    systems = inventory.systems
    for system, entry in systems.items():
        where = ("systems", system)
        for index, parent in enumerate(entry.depends_on):
            if parent not in systems:
                yield Problem((*where, "depends_on", index),
                              f"{system} depends on {parent}, which the inventory does not list")
        if policy.sites:
            for index, site in enumerate(entry.sites):
                if site not in policy.sites:
                    yield Problem((*where, "sites", index),
                                  f"unknown site {site} (policy.sites: "
                                  f"{', '.join(sorted(policy.sites))})")
        for index, audience in enumerate(entry.audiences):
            if audience not in policy.audiences:
                yield Problem((*where, "audiences", index),
                              f"unknown audience {audience} (policy.audiences: "
                              f"{', '.join(sorted(policy.audiences))})")
    for cycle in cycles(inventory):
        index = systems[cycle[0]].depends_on.index((*cycle, cycle[0])[1])
        yield Problem(("systems", cycle[0], "depends_on", index),
                      "dependency cycle: " + " → ".join((*cycle, cycle[0])))


def cycles(inventory: Inventory) -> list[Chain]:
    """One cycle per strongly connected part that has one (iterative, any depth)."""
    systems = inventory.systems
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    found: list[Chain] = []
    for root in sorted(systems):
        if root in state:
            continue
        path: list[str] = [root]
        todo: list[Iterator[str]] = [iter(systems[root].depends_on)]
        state[root] = 1
        while todo:
            parent = next(todo[-1], None)
            if parent is None:
                state[path.pop()] = 2
                todo.pop()
            elif parent not in systems or state.get(parent) == 2:
                continue
            elif state.get(parent) == 1:
                found.append(tuple(path[path.index(parent):]))
            else:
                state[parent] = 1
                path.append(parent)
                todo.append(iter(systems[parent].depends_on))
    return found
