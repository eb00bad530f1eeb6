"""`cmcheck impact SYSTEM`: what depends on a system, who is affected, whom to consult."""

from __future__ import annotations

from pathlib import Path

import click

from cmcheck.cli.support import Failure, inventory_of


@click.command()
@click.argument("system")
@click.pass_obj
def impact(root: Path, system: str) -> None:
    """Show what a change to SYSTEM would affect, from inventory.yaml.

    Exit status: 0 shown, 2 no inventory or an unknown system.
    """
    from cmcheck.core import configuration
    from cmcheck.core.judge.reach import reach
    from cmcheck.core.model.inventory import describe
    from cmcheck.core.model.search import did_you_mean, words

    policy, graph = inventory_of(root)
    wanted = system.casefold()
    if wanted not in graph.systems:
        raise Failure(f"{system} is not in {configuration.INVENTORY_FILE}"
                      f"{did_you_mean(system, graph, policy.sites) or '.'} To search the inventory "
                      f"by words: cmcheck systems {' '.join(words(system))}")
    found = reach(graph, wanted)
    entry = found.entry
    lines = [f"{found.system}: {entry.name} ({entry.kind}"
             f"{', ' + ', '.join(entry.sites) if entry.sites else ''})",
             f"depends on: {', '.join(found.upstream) or 'nothing'}",
             f"depended on by {len(found.downstream)} "
             f"system{'' if len(found.downstream) == 1 else 's'}:"]
    lines += [f"  {name}  ({describe(chain)})" for name, chain in found.downstream]
    lines += [f"sites affected: {', '.join(found.sites) or 'none listed'}",
              f"audiences affected: {', '.join(found.audiences) or 'none listed'}",
              "mission-critical data: " + (f"yes ({', '.join(found.critical)})"
                                           if found.critical else "no"),
              "consult:"]
    lines += [f"  {owner.name} <{owner.email}>: {', '.join(systems)}"
              f"{' (mission-critical data: name them in stakeholders)' if critical else ''}"
              for owner, systems, critical in found.consult] or ["  nobody listed"]
    click.echo("\n".join(lines))
