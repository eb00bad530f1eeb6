"""No two changes at once on the same system or site.

What it does: warns when another change request (not postponed) overlaps this one in time and
shares a system (`systems`) or a site (`impact.sites`), compared without case. With an
inventory it follows dependencies: two changes also conflict when one's affected systems (its
own and everything that depends on them) include the other's systems, and the finding shows
the chain. In a pull request, when the workflow's token can read them, the change requests of
the other open pull requests count too: the finding names the pull request (`#N`) and its
change's id; without a token a notice says once that they were not checked.

Why it matters: two technicians working on one system at once make a failure impossible to
attribute and a backout impossible to trust.

Example: a firewall update and a core-switch upgrade at the high school, both Saturday 20:00.

Instead: move one (the finding names the earliest compliant start), or merge them into one
change.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.findings import one_line
from cmcheck.core.judge.suggest import earliest_compliant
from cmcheck.core.model.inventory import link
from cmcheck.core.model.localtime import show
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "conflict"
TITLE = "Conflicting changes"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.WARNING
WAIVABLE = True


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    tz = context.policy.tz
    for other in context.conflicts(subject):
        shared = ", ".join(sorted(subject.names() & other.names()))
        chain = link(context.inventory, subject.change.systems, other.change.systems) \
            if context.inventory is not None else None
        where = " ".join(part for part in (shared and f"on {one_line(shared)}",
                                           chain and f"through {chain}") if part)
        # A requested change is not scheduled: the finding names the pull request it waits in.
        waiting = f" in open pull request #{other.pull}" if other.pull is not None else ""
        yield Problem(("schedule", "start"),
                      f"overlaps {other.id}{waiting} ({one_line(other.change.title, limit=60)}, "
                      f"{show(other.span[0], tz)}) {where}; "
                      f"{earliest_compliant(subject, context, rule=NAME)}")
