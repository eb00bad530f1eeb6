"""A committed CODEOWNERS names exactly the coordinators that policy.yaml names.

What it does: when the repository has a CODEOWNERS file (`.github/CODEOWNERS`, or `CODEOWNERS`
or `docs/CODEOWNERS`, whichever GitHub would use), compares it with the file `cmcheck
codeowners` writes from `coordinators` in the same tree, and reports the first line that
differs. In a pull request it looks only when the pull request touches CODEOWNERS or
policy.yaml. A repository with no CODEOWNERS gets no finding here: `cmcheck settings` reports
that one, as the `codeowners` setting.

Why it matters: the branch ruleset requires review from Code Owners, and CODEOWNERS is what
makes the coordinators those owners. A coordinator added to policy.yaml but not to CODEOWNERS
is never asked to review; one removed from policy.yaml but left in CODEOWNERS can still
approve every merge.

Example: a pull request that adds `new-coordinator` to `coordinators` and leaves
`.github/CODEOWNERS` as it was.

Instead: run `cmcheck codeowners > .github/CODEOWNERS` and commit the result in the same pull
request.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cmcheck.core.judge.findings import first_difference
from cmcheck.core.model.codeowners import render
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "codeowners"
TITLE = "CODEOWNERS names the coordinators"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = False
# Where GitHub looks for CODEOWNERS, in its order: the first one found is the one in force.
PLACES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


def place_in(root: Path) -> str | None:
    """The CODEOWNERS GitHub would use in this tree, or None."""
    return next((p for p in PLACES if (root / p).is_file()), None)


def check(text: str, coordinators: list[str], *, path: str) -> Iterator[Problem]:
    want = render(coordinators)
    if text == want:
        return
    line = first_difference(text, want)
    named = ", ".join(f"@{login}" for login in coordinators) or "nobody"
    yield Problem((), f"{path} does not match policy.yaml's coordinators ({named}): run "
                      f"`cmcheck codeowners > {path}` and commit it", mark=(line, 1))
