"""A change touching environmental facilities names who it was coordinated with.

What it does: a change with `category: facilities` must have a `facilities` section, and any
`facilities` section must name `coordinated_with`: the leader of the change-management
process it was reported to or coordinated with (the Technology Coordinator, or the facilities
person the coordinator named, such as the Maintenance Director).

Why it matters: "All changes affecting computing environmental facilities (e.g.,
air-conditioning, water, heat, plumbing, electricity, and alarms) need to be reported to or
coordinated with the leader of the change management process."

Example: replacing the server-room air handler with `facilities: {systems: [air-conditioning]}`
and nobody named.

Instead: `facilities: {systems: [air-conditioning], coordinated_with: Maintenance Director}`.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "facilities"
TITLE = "Facilities coordination"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = True


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    change = subject.change
    if change.facilities is None:
        if change.category == "facilities":
            yield Problem(("category",), "a facilities change needs a facilities section: the "
                                         "systems touched and who it was coordinated with")
        return
    if not change.facilities.coordinated_with:
        yield Problem(("facilities",), "name who this was coordinated with "
                                       "(facilities.coordinated_with)", key=True)
