"""Every change has a real backout plan: a summary, at least one step, and a duration.

What it does: refuses a missing or placeholder backout summary (`n/a`, `none`, `tbd`, `-`, ...),
an empty list of steps, and a missing `duration_minutes`.

Why it matters: the coordinator may deny a change for "inadequate back out plans".

Example: `backout: {summary: n/a}`.

Instead: say how to return to the previous state, step by step, and how long it takes.

Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cmcheck.core.context import Context, Problem, Subject
from cmcheck.core.findings import Severity

NAME = "backout-plan"
TITLE = "Backout plan"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = True

PLACEHOLDERS = frozenset({
    "", "na", "n a", "none", "no", "nothing", "tbd", "tba", "todo", "later", "unknown",
    "not applicable", "not needed", "same", "see above", "see plan", "x", "xx", "xxx",
})


_NOT_WORDS = re.compile(r"[^a-z0-9]+")


def is_placeholder(text: str | None) -> bool:
    words = _NOT_WORDS.sub(" ", (text or "").casefold()).strip()
    return words in PLACEHOLDERS


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    backout = subject.change.backout
    # A field that is missing is reported on the `backout:` key; one that is present (even an
    # empty `steps: []`, which is falsy) on its own line.
    given = backout.model_fields_set
    if is_placeholder(backout.summary):
        where = ("backout", "summary") if "summary" in given else ("backout",)
        yield Problem(where, "the backout summary must say how the change is undone, "
                             "not a placeholder", key=True)
    if not [step for step in backout.steps if not is_placeholder(step)]:
        where = ("backout", "steps") if "steps" in given else ("backout",)
        yield Problem(where, "the backout plan needs at least one real step", key=True)
    if backout.duration_minutes is None:
        yield Problem(("backout",), "the backout plan needs duration_minutes: how long undoing "
                                    "the change takes", key=True)
