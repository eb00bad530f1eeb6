"""No two changes at once on the same system or site.

What it does: warns when another change request (not postponed) overlaps this one in time and
shares a system (`systems`) or a site (`impact.sites`), compared without case.

Why it matters: two technicians working on one system at once make a failure impossible to
attribute and a backout impossible to trust.

Example: a firewall update and a core-switch upgrade at the high school, both Saturday 20:00.

Instead: move one (the finding names the earliest compliant start), or merge them into one
change.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.context import Context, Problem, Subject
from cmcheck.core.findings import Severity, one_line
from cmcheck.core.localtime import show
from cmcheck.core.suggest import earliest_compliant

NAME = "conflict"
SEVERITY = Severity.WARNING
WAIVABLE = True


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    tz = context.policy.tz
    for other in context.conflicts(subject):
        shared = ", ".join(sorted(subject.names() & other.names()))
        yield Problem(("schedule", "start"),
                      f"overlaps {other.id} ({one_line(other.change.title, limit=60)}, "
                      f"{show(other.span[0], tz)}) on {one_line(shared)}; "
                      f"{earliest_compliant(subject, context, rule=NAME)}")
