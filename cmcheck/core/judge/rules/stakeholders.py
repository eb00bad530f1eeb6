"""A change touching mission-critical data names who was consulted.

What it does: when `impact.mission_critical_data` is true, `stakeholders` must name at least one
person or role consulted before the change.

Why it matters: procedure step 1: "The Technology Coordinator will discuss with immediate
supervisors, as well as business owners and personal affected by the change, the need and
nature of a systems change."

With an inventory it also names whom to ask: the owner of every affected system (the change's
own and everything that depends on them) that holds mission-critical data must appear in
`stakeholders`, by name or e-mail address.

Example: a SIS database upgrade with no `stakeholders`.

Instead: `stakeholders: [SIS data manager, Principal of the high school]`.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.model.inventory import Owner, describe
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "stakeholders"
TITLE = "Stakeholders consulted"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.WARNING
WAIVABLE = True
# A finding names this many owners; `cmcheck impact` lists them all.
SHOWN = 5


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    change = subject.change
    if change.impact.mission_critical_data and not change.stakeholders:
        yield Problem(("impact", "mission_critical_data"),
                      "mission-critical data is affected: name the supervisors and business "
                      "owners consulted in stakeholders")
    yield from _owners(subject, context)


def _owners(subject: Subject, context: Context) -> Iterator[Problem]:
    graph = context.inventory
    if graph is None:
        return
    asked = [s.casefold() for s in subject.change.stakeholders]
    missing = {email: (owner, describe(chain))
               for email, (owner, chain) in graph.implied(subject.change.systems).owners.items()
               if not _consulted(owner, asked)}
    if missing:
        listed = [f"{owner.name} <{owner.email}> ({why})" for owner, why in missing.values()]
        named = "; ".join(listed[:SHOWN]) + (
            f"; and {len(listed) - SHOWN} more" if len(listed) > SHOWN else "")
        yield Problem(("stakeholders",),
                      f"consult the owners of affected mission-critical systems and name them "
                      f"in stakeholders: {named}", key=True)


def _consulted(owner: Owner, asked: list[str]) -> bool:
    name, email = owner.name.casefold(), owner.email.casefold()
    return any(entry == name or email in entry for entry in asked)
