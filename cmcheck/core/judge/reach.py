"""What a change to one system reaches, before anyone files it (`cmcheck impact SYSTEM`)."""

from __future__ import annotations

from typing import NamedTuple

from cmcheck.core.model.inventory import Chain, Graph, Owner, System


class Reach(NamedTuple):
    system: str
    entry: System
    upstream: list[str]  # what it needs, transitively
    downstream: list[tuple[str, Chain]]  # what needs it, nearest first, with the chain
    sites: list[str]
    audiences: list[str]
    critical: list[str]  # affected systems that hold mission-critical data
    consult: list[tuple[Owner, list[str], bool]]  # owner, their affected systems, critical


def reach(graph: Graph, system: str) -> Reach:
    affected = graph.downstream(system)
    ordered = sorted(affected.items(), key=lambda item: (len(item[1]), item[0]))
    entries = {s: graph.systems[s] for s, _ in ordered}
    owners: dict[str, tuple[Owner, list[str], bool]] = {}
    for name, entry in entries.items():
        if entry.owner is not None:
            key = entry.owner.email.casefold()
            owner, systems, critical = owners.get(key, (entry.owner, [], False))
            owners[key] = (owner, [*systems, name], critical or entry.mission_critical_data)
    return Reach(
        system=system,
        entry=graph.systems[system],
        upstream=sorted(graph.upstream(system)),
        downstream=[(s, chain) for s, chain in ordered if s != system],
        sites=sorted({site for e in entries.values() for site in e.sites}),
        audiences=sorted({a for e in entries.values() for a in e.audiences}),
        critical=[s for s, e in entries.items() if e.mission_critical_data],
        consult=sorted(owners.values(), key=lambda o: (not o[2], o[0].name)),
    )
