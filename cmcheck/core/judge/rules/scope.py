"""A pull request that changes anything outside `changes/` is flagged as a tooling change.

What it does: in a pull request (`--base`), lists every file added, edited or deleted outside
`changes/` (the policy, the workflows, cmcheck itself, templates) as a notice for the
coordinator. An edit of `inventory.yaml` is told entry by entry instead: a system the pull
request adds (the approval accepts it, and the change requests are judged with it), and one it
edits or removes (judged as the base branch has it until merged; see `docs/inventory.md`).

Why it matters: a pull request's checks run the code the pull request brings, so a change to
the tooling could make its own checks pass. The coordinator must see that the request is not
only a change request but a change to the rules, and review it as such (CODEOWNERS and branch
protection make that review required).

Example: a pull request that adds `changes/2026/x.yaml` and edits `policy.yaml`.

Instead: keep change requests and tooling changes in separate pull requests.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.model.verdicts import Problem, Severity

NAME = "scope"
TITLE = "Paths outside changes"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.NOTICE
WAIVABLE = False


def check(path: str) -> Iterator[Problem]:
    yield Problem((), f"{path} is outside changes/: a tooling or policy change, for the "
                      "coordinator to review as such", mark=(1, 1))
