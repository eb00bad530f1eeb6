"""What `cmcheck new` takes from inventory.yaml: known system names (close ids offered for an
unknown one), and the sites, audiences, mission-critical data and owners that the chosen
systems bring in, each with where it came from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

import click

from cmcheck.core.model.inventory import Chain, Graph, describe
from cmcheck.core.model.policy import Site
from cmcheck.core.model.search import NO_SITES, did_you_mean


class Filled(NamedTuple):
    sites: list[str]
    audiences: list[str]
    critical: Chain | None
    stakeholders: list[str]
    notes: list[str]  # where each came from, for the technician to read


def known_system(graph: Graph, sites: Mapping[str, Site] = NO_SITES) -> Callable[[str], str]:
    """A check for one typed system name: an inventory id (any case), else close ids."""
    def check(value: str) -> str:
        if value.casefold() in graph.systems:
            return value.casefold()
        raise click.BadParameter(f"{value} is not in inventory.yaml"
                                 f"{did_you_mean(value, graph, sites)}")
    return check


def _why(chain: Chain) -> str:
    return f"{chain[0]} itself" if len(chain) == 1 else describe(chain)


def fill(graph: Graph, systems: list[str]) -> Filled:
    implied = graph.implied(systems)
    stakeholders = [f"{owner.name} <{owner.email}>" for owner, _ in implied.owners.values()]
    notes = ["From inventory.yaml (the systems and everything that depends on them):"]
    notes += [f"  site {site}: {_why(chain)}" for site, chain in implied.sites.items()]
    notes += [f"  audience {name}: {_why(chain)}" for name, chain in implied.audiences.items()]
    if implied.critical:
        notes.append(f"  mission-critical data: {_why(implied.critical)}")
    notes += [f"  consult {owner.name} <{owner.email}>: owner of {_why(chain)}"
              for owner, chain in implied.owners.values()]
    if not stakeholders:  # no mission-critical data below: the systems' own owners to ask
        own = {o.email: (o, s) for s in graph.ids(systems)
               if (o := graph.systems[s].owner) is not None}
        stakeholders = [f"{owner.name} <{owner.email}>" for owner, _ in own.values()]
        notes += [f"  owner {owner.name} <{owner.email}>: {system}"
                  for owner, system in own.values()]
    return Filled(sorted(implied.sites), sorted(implied.audiences), implied.critical,
                  stakeholders, notes if len(notes) > 1 else [])
