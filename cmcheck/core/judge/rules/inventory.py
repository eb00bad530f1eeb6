"""Every system a change names is in the inventory, and the inventory itself holds together.

What it does: when `inventory.yaml` exists, refuses a change request whose `systems` names an id
the inventory does not list (compared without case), suggesting the systems whose id, name,
kind and sites hold its words (`hs-ups`: `ups-hs-01`, "High school server-room UPS"; a site is
also known by its initials, hs for high-school; `cmcheck systems WORDS` searches the same
way). On the inventory itself it reports, on their lines, a `depends_on` id it does not list,
a dependency cycle, and sites or audiences that `policy.yaml` does not know. Without an
inventory it does nothing.

Why it matters: impact, stakeholders, conflicts and risk are derived from the inventory; a
misspelled system would silently escape all of them ("Could the change affect the availability
of mission-critical data?" can only be answered for systems the district knows).

Example: `systems: [core-swich-01]` when the inventory lists `core-switch-01`.

Instead: use the inventory's id (`cmcheck impact ID` shows what it affects), or add the new
system to `inventory.yaml` in the same pull request: the finding gives the entry to paste,
filled from what the change says, and the coordinator reviews it with the change (`cmcheck new`
offers to write it).

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.findings import one_line
from cmcheck.core.model import entry
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.policy import Site
from cmcheck.core.model.search import NO_SITES, did_you_mean
from cmcheck.core.model.verdicts import Problem, Severity

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
            yield Problem(("systems", index), unknown(name, graph, subject.change,
                                                        sites=context.policy.sites))


def unknown(name: str, graph: Graph, change: ChangeRequest,
            sites: Mapping[str, Site] = NO_SITES) -> str:
    """Every way forward for a name the inventory does not list: the nearest ids, and the
    entry to add in this pull request, filled from what the change says."""
    system = entry.system_id(name)
    renamed = "" if system == name else f" (ids are lowercase letters, digits and dashes: " \
        f"write {system} in systems: too)"
    close = did_you_mean(name, graph, sites)
    paste = entry.one_line(system, entry.from_change(name, change)).strip()
    return (f"{one_line(name, limit=60)} is not in inventory.yaml{close}"
            f"{' If' if close else '; if'} it is a new system, add it in this pull request "
            f"(the coordinator reviews the entry with the change){renamed}: under systems: in "
            f"inventory.yaml, indented two spaces, paste  {paste}  then correct its name and "
            "kind, add its owner: {name: ..., email: ...}, and add it to depends_on of the "
            "systems that need it (cmcheck new can write both for you)")

