"""The committed change-request issue form is the one `cmcheck issue-form` writes.

What it does: when the repository has `.github/ISSUE_TEMPLATE/change-request.yml`, compares it
with the form `cmcheck issue-form` writes from the model, policy.yaml and inventory.yaml of the
same tree, and reports the first line that differs. In a pull request it looks only when the
pull request touches the form, policy.yaml or inventory.yaml, and then judges the form against
the pull request's own policy and inventory: a system added to the inventory must show up in the
form in the same pull request. A repository without the form gets no finding.

Why it matters: technicians without git file their change requests through the form. A system,
an audience or a site the form does not offer cannot be chosen; one it still offers after it
left the inventory leads to a request that fails for a reason the technician cannot see.

Example: a pull request that adds `library-printer-01` to inventory.yaml and leaves the form as
it was.

Instead: run `cmcheck issue-form > .github/ISSUE_TEMPLATE/change-request.yml` and commit the
result in the same pull request.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.findings import first_difference
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "issue-form"
TITLE = "The issue form matches the policy and inventory"
SEVERITY = Severity.ERROR
WAIVABLE = False


def check(text: str, want: str, *, path: str) -> Iterator[Problem]:
    if text == want:
        return
    line = first_difference(text, want)
    yield Problem((), f"{path} is not the form policy.yaml and inventory.yaml make (line {line} "
                      f"differs): run `cmcheck issue-form > {path}` and commit it",
                  mark=(line, 1))
