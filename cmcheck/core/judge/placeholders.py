"""Words that say nothing: "n/a" in a plan, or a template's placeholder step left as it came.

`cmcheck new --from emergency` offers steps such as "Find the cause of the outage." and "Undo
the repair.": a shape to fill in, true of every emergency and so of none. Left unchanged they
are a placeholder like "n/a". The technician templates (cmcheck/technician/templates.py) hold
these texts too; tests/rules/test_plan.py keeps the two lists in step.

A text is compared by its letters and digits alone, so that dots, spaces, dashes and case do not
matter (`T.B.D.`, `To do`, `N / A`). A text that starts with an unmistakable placeholder and
then goes on after a dash, colon or the like (`N/A - will fill in later`, `TBD: ask the vendor`)
is one too, and so is a text made only of placeholders (`None - later`). Words that begin real
sentences ("No users are affected", "To do the upgrade, ...") count only as the whole text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def _bare(text: str) -> str:
    return _NOT_LETTERS.sub("", text.casefold())


# Placeholders that never begin a real sentence: one of them leading the text makes it one.
_LEADING = frozenset(_bare(t) for t in (
    "tbd", "tba", "tbc", "todo", "n/a", "not applicable", "to be determined", "to be decided",
    "to be announced", "to be confirmed", "to be done", "to follow", "fill in later",
    "will fill in later", "fill in", "will update", "coming soon", "placeholder", "wip",
    "lorem ipsum", "xxx",
))
# The whole text saying nothing ("" is a text of only punctuation: "-", "...", "???").
GENERIC = _LEADING | frozenset(_bare(t) for t in (
    "", "na", "none", "no", "nothing", "later", "unknown", "not needed", "same", "see above",
    "see plan", "x", "xx", "pending",
))
# The emergency template's steps, which only name the shape of the work.
TEMPLATE = frozenset({
    "Find the cause of the outage.",
    "Repair or replace what failed.",
    "Check that service is restored.",
    "Undo the repair.",
    "Keep the temporary workaround running.",
})
_TEMPLATE_BARE = frozenset(_bare(t) for t in TEMPLATE)

# Where a leading placeholder ends: a dash between spaces, a colon, a semicolon, a comma, a
# bracket, an ellipsis, a sentence's full stop. A dash inside a word ("TO-DO") is no boundary.
_BOUNDARY = re.compile(r"\s+[-–—]+\s*|[–—:;,()\[\]!?…]|\.{2,}|\.\s")
_FIRST_WORD = re.compile(r"\s*(\S+)")
_LOREM = "loremipsum"
_FIRST_WORDS = frozenset({"tbd", "tba", "tbc", "todo"})
# Boundaries are never letters or digits, so each way a text can lead with a placeholder (a
# placeholder part before a boundary, a placeholder first word, which GENERIC holds too, lorem
# ipsum) puts that placeholder's letters first in the text's own. A text starting otherwise is
# settled by one startswith: most real steps are (issue 25: 26,000 texts in a full run took
# 0.24 s to read, now 0.07 s). tests/test_placeholder_shortcut.py keeps the full reading.
_STARTS = tuple(sorted((GENERIC - {""}) | {_LOREM}))


class Normalised(NamedTuple):
    placeholder: bool
    template: bool


@lru_cache(maxsize=16384)
def normalised(text: str) -> Normalised:
    """What a text is, worked out once: the rules ask about the same text several times, and a
    full run asks about ten thousand files (issue 25)."""
    bare = _bare(text)
    return Normalised(bare in GENERIC or _leads(text, bare), bare in _TEMPLATE_BARE)


def _leads(text: str, bare: str) -> bool:
    if not bare.startswith(_STARTS):
        return False
    if bare.startswith(_LOREM):
        return True
    folded = text.casefold()
    parts = _BOUNDARY.split(folded)
    if len(parts) > 1:
        head = _bare(parts[0])
        if head in _LEADING or (head in GENERIC and all(_bare(p) in GENERIC for p in parts[1:])):
            return True
    # "TODO fill in", "T.B.D. ask the vendor": an unmistakable first word, whatever follows.
    first = _FIRST_WORD.match(folded)
    word = _bare(first.group(1)) if first else ""
    return word in _FIRST_WORDS or (
        first is not None and word == "na" and bool(re.fullmatch(r"n[./]a\.?", first.group(1))))


def is_placeholder(text: str | None) -> bool:
    """'n/a', 'T.B.D.', 'To do', '-', 'N/A - will fill in later', ...: nothing said."""
    return normalised(text or "").placeholder


@lru_cache(maxsize=16384)
def words(text: str | None) -> str:
    """The text's words, lowercase, one space between them: how copied-steps compares steps."""
    return _NOT_LETTERS.sub(" ", (text or "").casefold()).strip()


def from_template(text: str | None) -> bool:
    """A template's placeholder text, left as it came."""
    return normalised(text or "").template


def says_nothing(text: str | None) -> bool:
    found = normalised(text or "")
    return found.placeholder or found.template
