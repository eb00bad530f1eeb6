"""Every change has a real plan: its summary, steps and verification say something.

What it does: refuses a plan summary, step or verification that is a placeholder (`n/a`,
`tbd`, `-`, ...) or a template's placeholder text left as it came (the emergency template's
"Find the cause of the outage."), each on its own line. Dots, spaces and case do not matter
(`T.B.D.`, `To do`, `to be determined`), and a text that starts with a placeholder is one
(`N/A - will fill in later`, `Lorem ipsum...`); a sentence that only contains such words
("Steps to do the upgrade ...") is not.

Why it matters: the coordinator approves the plan; a plan true of every change tells the
coordinator, and whoever reads the review later, nothing about this one.

Example: `cmcheck new --from emergency` with its steps kept as offered; or `steps: [n/a]`.

Instead: say what you will do for this change: which device, what you replace or restore, how
you check it works.

Options: none. It cannot be waived: an exception cannot make an empty plan say something.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.placeholders import from_template, says_nothing
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "plan"
TITLE = "A real plan"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = False


def _why(text: str) -> str:
    return ("is the template's placeholder, true of every change and so of none"
            if from_template(text) else "is a placeholder")


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    plan = subject.change.plan
    if says_nothing(plan.summary):
        yield Problem(("plan", "summary"), f"the plan summary {_why(plan.summary)}: say in a "
                                           "sentence what this change does")
    for n, step in enumerate(plan.steps):
        if says_nothing(step):
            yield Problem(("plan", "steps", n), f"this step {_why(step)}: say what you will do "
                                                "here (which device, what you replace or check)")
    if says_nothing(plan.verification):
        yield Problem(("plan", "verification"), f"the verification {_why(plan.verification)}: "
                                                "say how you will know the change worked")
