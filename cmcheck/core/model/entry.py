"""An inventory entry written as YAML: one line to paste from a finding, or the block the
wizard adds to inventory.yaml. What a change says fills it in (its sites, audiences and
mission-critical data; not the owner, which a change does not say); the kind is guessed from
the id's words."""

from __future__ import annotations

import re

from cmcheck.core.model.inventory import System
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.yamlscalar import scalar

# Words of a system's id and the kind they mean ("ups-hs-02" is a UPS).
_KINDS = {
    "ups": "ups", "switch": "switch", "sw": "switch", "router": "router", "rtr": "router",
    "firewall": "firewall", "fw": "firewall", "wireless": "wireless", "wifi": "wireless",
    "ap": "wireless", "wap": "wireless", "hvac": "hvac", "ac": "hvac", "db": "database",
    "database": "database", "sql": "database", "nas": "storage", "san": "storage",
    "storage": "storage", "vm": "virtual-machine", "server": "server", "srv": "server",
    "app": "application", "application": "application",
}


def system_id(name: str) -> str:
    """The inventory id for a name a change wrote: lowercase letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:63] or "system"


def guess_kind(system: str) -> str:
    return next((_KINDS[w] for w in system.split("-") if w in _KINDS), "other")


def from_change(name: str, change: ChangeRequest) -> System:
    """The entry a change implies for a system the inventory does not list."""
    return System.model_validate({
        "name": system_id(name), "kind": guess_kind(system_id(name)),
        "sites": list(change.impact.sites), "audiences": list(change.impact.audiences),
        "mission_critical_data": change.impact.mission_critical_data})


def _fields(entry: System, *, flow: bool) -> list[tuple[str, str]]:
    def items(values: list[str]) -> str:
        return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"

    found = [("name", scalar(entry.name, flow=flow)), ("kind", entry.kind),
             ("sites", items(entry.sites)), ("depends_on", items(entry.depends_on)),
             ("audiences", items(entry.audiences))]
    if entry.mission_critical_data:
        found.append(("mission_critical_data", "true"))
    if entry.owner is not None:
        found.append(("owner", f"{{name: {scalar(entry.owner.name, flow=True)}, "
                               f"email: {scalar(entry.owner.email, flow=True)}}}"))
    return found


def one_line(system: str, entry: System) -> str:
    """`  ups-hs-02: {name: ..., kind: ups, ...}`: the line to paste under `systems:`."""
    inner = ", ".join(f"{key}: {value}" for key, value in _fields(entry, flow=True))
    return f"  {system}: {{{inner}}}"


def block(system: str, entry: System, *, indent: str = "  ") -> str:
    """The entry as inventory.yaml's own layout writes it, one field a line."""
    return f"{indent}{system}:\n" + "".join(
        f"{indent}  {key}: {value}\n" for key, value in _fields(entry, flow=False)
        if value != "[]")  # the file leaves out an empty list, as the example does
