"""A change touching mission-critical data names who was consulted.

What it does: when `impact.mission_critical_data` is true, `stakeholders` must name at least one
person or role consulted before the change.

Why it matters: procedure step 1: "The Technology Coordinator will discuss with immediate
supervisors, as well as business owners and personal affected by the change, the need and
nature of a systems change."

Example: a SIS database upgrade with no `stakeholders`.

Instead: `stakeholders: [SIS data manager, Principal of the high school]`.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.context import Context, Problem, Subject
from cmcheck.core.findings import Severity

NAME = "stakeholders"
SEVERITY = Severity.WARNING
WAIVABLE = True


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    change = subject.change
    if change.impact.mission_critical_data and not change.stakeholders:
        yield Problem(("impact", "mission_critical_data"),
                      "mission-critical data is affected: name the supervisors and business "
                      "owners consulted in stakeholders")
