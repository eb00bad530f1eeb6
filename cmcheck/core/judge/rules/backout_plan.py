"""Every change has a real backout plan: a summary, at least one step, and a duration.

What it does: refuses a missing or placeholder backout summary (`n/a`, `none`, `tbd`, `-`, ...),
an empty list of steps, and a missing `duration_minutes`. A template's placeholder text left
as it came (the emergency template's "Undo the repair.") is a placeholder too, on its line.
Placeholders are spotted as `plan` spots them: `T.B.D.`, `N/A - will fill in later`.

Why it matters: the coordinator may deny a change for "inadequate back out plans".

Example: `backout: {summary: n/a}`; or `cmcheck new --from emergency` with the backout step
"Undo the repair." kept.

Instead: say how to return to the previous state, step by step, and how long it takes.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.placeholders import from_template, is_placeholder, says_nothing
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "backout-plan"
TITLE = "Backout plan"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = True

TEMPLATE_STEP = ("this step is the template's placeholder, true of every change and so of none: "
                 "say how this change is undone (what you put back, and how)")


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    backout = subject.change.backout
    # A field that is missing is reported on the `backout:` key; one that is present (even an
    # empty `steps: []`, which is falsy) on its own line.
    given = backout.model_fields_set
    if is_placeholder(backout.summary):
        where = ("backout", "summary") if "summary" in given else ("backout",)
        yield Problem(where, "the backout summary must say how the change is undone, "
                             "not a placeholder", key=True)
    copied = [n for n, step in enumerate(backout.steps) if from_template(step)]
    for n in copied:
        yield Problem(("backout", "steps", n), TEMPLATE_STEP)
    if not copied and not [step for step in backout.steps if not says_nothing(step)]:
        where = ("backout", "steps") if "steps" in given else ("backout",)
        yield Problem(where, "the backout plan needs at least one real step", key=True)
    if backout.duration_minutes is None:
        yield Problem(("backout",), "the backout plan needs duration_minutes: how long undoing "
                                    "the change takes", key=True)
