"""The change declares who and what its systems' dependents bring in.

What it does: with an inventory, the systems a change affects are its own plus every system
that depends on them, transitively. When those systems are used at sites or by audiences the
change does not declare, or hold mission-critical data while the change says
`mission_critical_data: false`, it names what is missing and the dependency chain that brings
it in.

Why it matters: the procedure asks the technician to judge "Could the change affect the
availability of mission-critical data?" and who must be notified; a core switch carries every
server behind it, and the people who use those servers must get the notice too.

Example: a change to `core-switch-01` that declares only the high school, while the SIS server
at the central office depends on it.

Instead: add the sites and audiences to `impact` (the notices then reach them), or set
`mission_critical_data: true`; `cmcheck impact ID` shows what a system carries.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.model.inventory import Chain, describe
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "impact"
TITLE = "Impact through dependencies"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.WARNING
WAIVABLE = True
# A finding lists this many missing items with their chains; more would bury the message.
SHOWN = 5


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    graph = context.inventory
    if graph is None:
        return
    implied = graph.implied(subject.change.systems)
    impact = subject.change.impact
    sites, audiences, critical = implied.sites, implied.audiences, implied.critical
    missing_sites = {k: v for k, v in sites.items() if k not in impact.sites}
    missing_audiences = {k: v for k, v in audiences.items() if k not in impact.audiences}
    if missing_sites:
        yield Problem(("impact", "sites"), "the dependencies bring in sites the change does not "
                      f"declare: {_listed(missing_sites)}")
    if missing_audiences:
        yield Problem(("impact", "audiences"), "the dependencies bring in audiences the change "
                      f"does not declare: {_listed(missing_audiences)}")
    if critical is not None and not impact.mission_critical_data:
        holder = critical[0]
        how = "" if len(critical) == 1 else f" ({describe(critical)})"
        yield Problem(("impact", "mission_critical_data"),
                      f"{holder} holds mission-critical data and is affected{how}: "
                      "set mission_critical_data: true")


def _listed(missing: dict[str, Chain]) -> str:
    by_chain: dict[Chain, list[str]] = {}
    for name, chain in sorted(missing.items()):
        by_chain.setdefault(chain, []).append(name)
    parts = [f"{', '.join(names)} ({_why(chain)})"
             for chain, names in sorted(by_chain.items(), key=lambda i: (len(i[0]), i[0]))]
    shown = "; ".join(parts[:SHOWN])
    return shown + (f"; and {len(parts) - SHOWN} more" if len(parts) > SHOWN else "")


def _why(chain: Chain) -> str:
    return f"{chain[0]} itself" if len(chain) == 1 else describe(chain)
