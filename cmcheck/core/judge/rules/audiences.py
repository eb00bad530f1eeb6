"""Every audience and site of a change is known to the policy, so notices reach real people.

What it does: each `impact.audiences` entry must be a key of `audiences` in policy.yaml, and each
`impact.sites` entry a key of `sites` (the site's Principal gets the completion notice).

Why it matters: "Customer notification must be completed for each scheduled or unscheduled
change": an unknown audience is a notice nobody receives.

Example: `audiences: [all-teachers]` when the policy only knows `all-staff`.

Instead: use a key of the policy, or ask the coordinator to add the group.

Options: `audiences` and `sites` in policy.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.findings import one_line
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "audiences"
TITLE = "Known audiences"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = False


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    impact = subject.change.impact
    known = context.policy.audiences
    for index, audience in enumerate(impact.audiences):
        if audience not in known:
            yield Problem(("impact", "audiences", index),
                          f"unknown audience {one_line(audience)}; the policy knows "
                          f"{', '.join(sorted(known))}")
    sites = context.policy.sites
    for index, site in enumerate(impact.sites):
        if site not in sites:
            yield Problem(("impact", "sites", index),
                          f"unknown site {one_line(site)}; the policy knows "
                          f"{', '.join(sorted(sites)) or 'no sites'}")
