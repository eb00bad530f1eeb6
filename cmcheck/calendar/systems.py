"""One page per inventory system (its changes, what it depends on, what depends on it), and an
index of them: the calendar's filter by system. Nothing is written without an inventory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import jinja2

from cmcheck.calendar.data import SAFE_ID, Entry
from cmcheck.calendar.html import Site, _common
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
        yield f"systems/{system}.html", templating.render(template, {
            **values, "system": system, "entry": graph.systems[system],
            "depends_on": sorted(graph.systems[system].depends_on),
            "dependents": sorted(graph.dependents.get(system, ())),
            "upcoming": [e for e in listed if e.end > site.now],
            "past": [e for e in listed if e.end <= site.now][::-1],
            "reach": len(graph.downstream(system)) - 1}).encode()
    yield "systems/index.html", templating.render(env.get_template("systems.html.j2"), {
        **values,
        "systems": [(s, graph.systems[s], len(by_system.get(s, []))) for s in known]}).encode()
