"""Every system a change names is in the inventory, and the inventory itself holds together.

What it does: when `inventory.yaml` exists, refuses a change request whose `systems` names an id
the inventory does not list (compared without case), suggesting the closest ids. On the
inventory itself it reports, on their lines, a `depends_on` id it does not list, a dependency
cycle, and sites or audiences that `policy.yaml` does not know. Without an inventory it does
nothing.

Why it matters: impact, stakeholders, conflicts and risk are derived from the inventory; a
misspelled system would silently escape all of them ("Could the change affect the availability
of mission-critical data?" can only be answered for systems the district knows).

Example: `systems: [core-swich-01]` when the inventory lists `core-switch-01`.

Instead: use the inventory's id (`cmcheck impact ID` shows what it affects), or ask the
coordinator to add the system to `inventory.yaml`.

Options: none.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cmcheck.core.context import Context, Problem, Subject
from cmcheck.core.findings import Severity, one_line

NAME = "inventory"
TITLE = "Systems in the inventory"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = False


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    graph = context.inventory
    if graph is None:
        return
    for index, name in enumerate(subject.change.systems):
        if name.casefold() not in graph.systems:
            yield Problem(("systems", index),
                          f"{one_line(name, limit=60)} is not in inventory.yaml"
                          f"{did_you_mean(name, list(graph.systems))}")


def did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name.casefold(), known, n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(close)}?" if close else ""
