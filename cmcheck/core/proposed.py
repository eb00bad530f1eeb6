"""The inventory a pull request is judged by: the base branch's entries as the base has them,
plus the systems the pull request adds.

A change may bring its own new system: the coordinator's approval of the pull request covers
both. What the pull request *adds* (ids the base does not list) is read from its head; every
entry that exists on the base is judged as the base has it, so that lowering a system's
criticality, dropping a dependency or shrinking its sites or audiences cannot shrink a change's
impact before the coordinator has merged it. One edit of an existing entry counts at once: a
dependency on a system the same pull request adds (the core switch now depends on the new UPS),
because it can only widen what a change affects.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from cmcheck.core.configuration import INVENTORY_FILE, read_inventory, severity_of
from cmcheck.core.judge.findings import Finding
from cmcheck.core.judge.rules import scope
from cmcheck.core.model.inventory import MAX_INVENTORY_BYTES, Graph, Inventory, System, build
from cmcheck.core.model.loader import Document, load
from cmcheck.core.model.policy import Policy
from cmcheck.core.model.rawtext import YamlProblem
from cmcheck.core.model.text import Key
from cmcheck.core.model.verdicts import Problem
from cmcheck.core.reading import stamp

_KEY: TypeAdapter[str] = TypeAdapter(Key)


def in_pull_request(base: Graph | None, head: bytes | None, policy: Policy,
                    ) -> tuple[Graph | None, list[Finding]]:
    """The graph a pull request's changes are judged by, and the findings on its inventory.yaml:
    what the head would bring if merged (`yaml`, `schema`, `inventory` on their lines) and a
    `scope` notice per system added, edited or removed, for the coordinator."""
    if head is None:
        return base, []
    findings = read_inventory(head, policy)[1]
    try:
        doc = load(head, limit=MAX_INVENTORY_BYTES)
    except YamlProblem:
        return base, findings  # read_inventory reported it on its line
    entries = _entries(doc)
    known = base.systems if base is not None else {}
    added = _added(entries, known)
    merged = dict(known)
    notes: list[Problem] = []
    for system, entry in known.items():
        data = entries.get(system)
        if data is None:
            notes.append(Problem(("systems",), f"{system} is removed in this pull request; "
                                 "until it is merged, changes are judged with it as the base "
                                 "branch has it", key=True))
            continue
        wider = [d for d in _names(data.get("depends_on")) if d in added
                 and d not in entry.depends_on]
        if wider:
            merged[system] = entry.model_copy(update={"depends_on": [*entry.depends_on, *wider]})
        if _parsed(data) != entry:
            notes.append(Problem(("systems", system), _edited(system, wider), key=True))
    for system in added if base is not None else ():  # a first inventory: one plain notice
        notes.append(Problem(("systems", system), f"{system} is added in this pull request: the "
                             "coordinator reviews the new entry, and approving the pull request "
                             "accepts it", key=True))
    merged.update(added)
    severity = severity_of(scope, policy)
    findings += [stamp(INVENTORY_FILE, doc, scope, note, severity) for note in notes]
    if not merged:
        return base, findings
    return (build(Inventory(systems=merged)) if added or merged != dict(known) else base,
            findings)


def _edited(system: str, wider: list[str]) -> str:
    now = (f" (its new dependency on {', '.join(wider)}, which this pull request adds, counts "
           "now: it can only widen what a change affects)") if wider else ""
    return (f"{system} is edited in this pull request: until it is merged, changes are judged "
            f"by the base branch's entry{now}; the coordinator reviews the edit")


def _entries(doc: Document) -> dict[str, dict[str, Any]]:
    systems = doc.data.get("systems") if isinstance(doc.data, dict) else None
    if not isinstance(systems, dict):
        return {}
    return {str(k): v for k, v in systems.items() if isinstance(v, dict)}


def _added(entries: dict[str, dict[str, Any]], known: dict[str, System]) -> dict[str, System]:
    """The entries of ids the base does not list that are valid on their own (an invalid one
    is a `schema` finding on its line, and the change naming it stays unknown)."""
    found: dict[str, System] = {}
    for system, data in entries.items():
        if system in known:
            continue
        entry = _parsed(data)
        try:
            key = _KEY.validate_python(system)
        except ValidationError:
            continue
        if entry is not None:
            found[key] = entry
    return found


def _parsed(data: dict[str, Any]) -> System | None:
    try:
        return System.model_validate(data)
    except ValidationError:
        return None


def _names(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
