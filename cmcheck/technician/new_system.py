"""`cmcheck new` when a typed system is not in inventory.yaml: offer to add it in the same pull
request, asking what the inventory needs (its name, kind, sites, owner, what it depends on,
what depends on it, who uses it, whether it holds mission-critical data). The coordinator
reviews the new entry with the change (see core/proposed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

import click

from cmcheck.core.model.entry import guess_kind, system_id
from cmcheck.core.model.inventory import Graph, Inventory, System, SystemKind, build
from cmcheck.core.model.policy import Policy
from cmcheck.core.model.search import did_you_mean
from cmcheck.technician.asker import EMAIL, LINE, Asker, required
from cmcheck.technician.from_inventory import known_system

KINDS: tuple[str, ...] = get_args(SystemKind)


@dataclass(frozen=True)
class NewSystem:
    id: str
    entry: System
    dependents: list[str]  # inventory ids that depend on it: their depends_on gains it


def with_new(graph: Graph, new: list[NewSystem]) -> Graph:
    """The inventory as it will be once the new systems are merged."""
    systems = dict(graph.systems)
    for added in new:
        systems[added.id] = added.entry
        for other in added.dependents:
            entry = systems[other]
            systems[other] = entry.model_copy(update={"depends_on": [*entry.depends_on,
                                                                     added.id]})
    return build(Inventory(systems=systems))


def ask_systems(asker: Asker, question: str, graph: Graph,
                policy: Policy) -> tuple[list[str], list[NewSystem]]:
    """The systems typed, and the new ones to add. A flag naming an unknown system stops the
    wizard (a script cannot answer the inventory's questions); a typed one is offered."""
    if not asker.interactive("system"):
        try:
            return asker.many("system", question, [], each=known_system(graph, policy.sites)), []
        except click.BadParameter as error:
            raise click.BadParameter(f"{error.message}; to add it as a new system, run cmcheck "
                                     "new without --system and --yes, or add it to "
                                     "inventory.yaml yourself") from None
    while True:
        typed = asker.many("system", question, [], each=_any_system(graph))
        names = [graph_id if (graph_id := name.casefold()) in graph.systems else system_id(name)
                 for name in typed]
        unknown = [name for name in dict.fromkeys(names) if name not in graph.systems]
        new = [_offer(asker, name, graph, policy) for name in unknown]
        if all(added is not None for added in new):
            return list(dict.fromkeys(names)), [a for a in new if a is not None]
        asker.given["system"] = None


def _any_system(graph: Graph) -> Callable[[str], str]:
    """Known ids in the inventory's case; any other name passes, to be offered."""
    def check(value: str) -> str:
        return value.casefold() if value.casefold() in graph.systems else value
    return check


def _offer(asker: Asker, system: str, graph: Graph, policy: Policy) -> NewSystem | None:
    close = did_you_mean(system, graph, policy.sites)
    click.echo(f"{system} is not in inventory.yaml{close}")
    if not click.confirm(f"Add {system} to inventory.yaml as a new system, in this pull "
                         "request?", default=False):
        return None
    name = click.prompt(f"What is {system} called (for example High school server-room UPS)",
                        default="", show_default=False,
                        value_proc=required(LINE, "the calendar and the notices name it"))
    kind = click.prompt("What kind of system is it", type=click.Choice(KINDS),
                        default=guess_kind(system))
    sites = asker.many("new_site", "Sites where it is", ["none"], choices=list(policy.sites)) \
        if policy.sites else []
    owner = click.prompt("Who owns it (whom to consult before a change), name", default="",
                         show_default=False,
                         value_proc=required(LINE, "changes to it must consult them"))
    email = click.prompt("The owner's e-mail", default="", show_default=False,
                         value_proc=required(EMAIL, "changes to it must consult them"))
    each = known_system(graph, policy.sites)
    parents = asker.many("new_depends_on", f"Systems {system} needs to work (ids of "
                         "inventory.yaml), or none", ["none"], each=each)
    children = asker.many("new_dependents", f"Systems that depend on {system} (ids of "
                          "inventory.yaml), or none", ["none"], each=each)
    audiences = asker.many("new_audience", "Who uses it directly", ["none"],
                           choices=list(policy.audiences))
    critical = click.confirm("Does it hold mission-critical data?", default=False)
    entry = System.model_validate({
        "name": name, "kind": kind, "sites": sites, "depends_on": parents,
        "audiences": audiences, "mission_critical_data": critical,
        "owner": {"name": owner, "email": email}})
    return NewSystem(system, entry, children)
