"""Words that say nothing: "n/a" in a plan, or a template's placeholder step left as it came.

`cmcheck new --from emergency` offers steps such as "Find the cause of the outage." and "Undo
the repair.": a shape to fill in, true of every emergency and so of none. Left unchanged they
are a placeholder like "n/a". The technician templates (cmcheck/technician/templates.py) hold
these texts too; tests/rules/test_plan.py keeps the two lists in step.
"""

from __future__ import annotations

import re

GENERIC = frozenset({
    "", "na", "n a", "none", "no", "nothing", "tbd", "tba", "todo", "later", "unknown",
    "not applicable", "not needed", "same", "see above", "see plan", "x", "xx", "xxx",
})
# The emergency template's steps, which only name the shape of the work.
TEMPLATE = frozenset({
    "Find the cause of the outage.",
    "Repair or replace what failed.",
    "Check that service is restored.",
    "Undo the repair.",
    "Keep the temporary workaround running.",
})

_NOT_WORDS = re.compile(r"[^a-z0-9]+")
_TEMPLATE_WORDS = frozenset(_NOT_WORDS.sub(" ", t.casefold()).strip() for t in TEMPLATE)


def words(text: str | None) -> str:
    return _NOT_WORDS.sub(" ", (text or "").casefold()).strip()


def is_placeholder(text: str | None) -> bool:
    """'n/a', 'TBD', '-', ...: nothing said."""
    return words(text) in GENERIC


def from_template(text: str | None) -> bool:
    """A template's placeholder text, left as it came."""
    return words(text) in _TEMPLATE_WORDS


def says_nothing(text: str | None) -> bool:
    return is_placeholder(text) or from_template(text)
