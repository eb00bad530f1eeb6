"""One page per inventory system (its changes, and those that reach it through the systems it
depends on; what it depends on, what depends on it), and an index of them: the calendar's
filter by system. Nothing is written without an inventory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import NamedTuple

import jinja2

from cmcheck.calendar.data import SAFE_ID, Entry
from cmcheck.calendar.html import Site, _common, data
from cmcheck.core.model.inventory import Graph, describe
from cmcheck.core.safe import templating


def pages(env: jinja2.Environment, site: Site, entries: list[Entry]) -> Iterator[tuple[str, bytes]]:
    graph = site.inventory
    if graph is None:
        return
    by_system: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for name in {n.casefold() for n in entry.change.systems}:
            by_system[name].append(entry)
    # Ids are keys (lowercase letters, digits, dashes): safe as file names.
    known = sorted(s for s in graph.systems if SAFE_ID.match(s))
    template = env.get_template("system.html.j2")
    values = _common(env, site, "../")
    for system in known:
        listed = by_system.get(system, [])
        through = _through(graph, system, by_system, {e.id for e in listed})
        yield f"systems/{system}.html", templating.render(template, {**values, **data(site, {
            "system": system, "entry": graph.systems[system],
            "depends_on": sorted(graph.systems[system].depends_on),
            "dependents": sorted(graph.dependents.get(system, ())),
            "upcoming": [e for e in listed if e.end > site.now],
            "past": [e for e in listed if e.end <= site.now][::-1],
            "upcoming_through": _when(through, lambda e: e.end > site.now),
            "past_through": _when(through, lambda e: e.end <= site.now, latest_first=True),
            "reach": len(graph.downstream(system)) - 1})}).encode()
    yield "systems/index.html", templating.render(env.get_template("systems.html.j2"), {
        **values, **data(site, {
            "systems": [(s, graph.systems[s], len(by_system.get(s, []))) for s in known]})}
    ).encode()



class Via(NamedTuple):
    """Changes on a system this one depends on: they reach it through that dependency."""

    system: str
    chain: str  # 'core-switch-01 depends on ups-hs-01'
    entries: list[Entry]


def _through(graph: Graph, system: str, by_system: dict[str, list[Entry]],
             own: set[str]) -> list[Via]:
    """The changes on every system upstream of system, grouped by the nearest one that carries
    each (a change listed on the system itself, or nearer, is not repeated)."""
    seen = set(own)
    found: list[Via] = []
    chains = {up: graph.downstream(up)[system] for up in graph.upstream(system)
              if up in by_system}
    for up in sorted(chains, key=lambda name: (len(chains[name]), name)):
        entries = [e for e in by_system[up] if e.id not in seen]
        seen.update(e.id for e in entries)
        if entries:
            found.append(Via(up, describe(chains[up]), entries))
    return found


def _when(vias: list[Via], keep: Callable[[Entry], bool], *,
          latest_first: bool = False) -> list[Via]:
    """The groups with only the changes keep chooses, empty groups dropped."""
    found = []
    for via in vias:
        entries = [e for e in via.entries if keep(e)]
        if entries:
            found.append(via._replace(entries=entries[::-1] if latest_first else entries))
    return found
