"""`cmcheck systems [WORDS...]`: the inventory's ids with name, site and kind, searched by words."""

from __future__ import annotations

from pathlib import Path

import click

from cmcheck.cli.support import inventory_of


@click.command()
@click.argument("words", nargs=-1)
@click.pass_obj
def systems(root: Path, words: tuple[str, ...]) -> None:
    """List the systems of inventory.yaml: id, name, kind and sites.

    With WORDS, only the systems whose id, name, kind or sites hold them (a site also by its
    initials: hs, ms, es, co), those that match the most words first: `cmcheck systems hs ups`.

    Exit status: 0 listed, 1 nothing matches, 2 no inventory.
    """
    from cmcheck.core import configuration
    from cmcheck.core.model.search import search

    policy, graph = inventory_of(root, missing=": the systems are listed there "
                                 "(docs/inventory.md says how to start one)")
    found = search(graph, words, policy.sites)
    if not found:
        click.echo(f"No system of {configuration.INVENTORY_FILE} matches {' '.join(words)}; "
                   "try fewer or other words, or run cmcheck systems to list them all.")
        raise SystemExit(1)
    best = found[0].matched
    shown = [m for m in found if not words or m.matched == best]
    partial = found[len(shown):]
    width = max(len(m.system) for m in shown)
    for match in shown:
        entry = match.entry
        where = ", ".join(policy.sites[s].name if s in policy.sites else s for s in entry.sites)
        click.echo(f"{match.system:<{width}}  {entry.name} ({entry.kind}"
                   f"{'; ' + where if where else ''})")
    if partial:
        more = ", ".join(m.system for m in partial[:8]) + (", …" if len(partial) > 8 else "")
        click.echo(f"({len(partial)} more match fewer of the words: {more})")
