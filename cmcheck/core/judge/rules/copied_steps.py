"""A change says its own steps, not another change's.

What it does: warns when the plan's steps or the backout's steps repeat, word for word (case,
spacing and punctuation aside), those of another change request file, and names that change's
id and what was copied (the steps, and any summary, requester, staff or stakeholders that came
along). The usual steps of a `cmcheck new --from` template are not a copy.

Why it matters: a copied change request validates clean and then tells all staff another
change's story: a technician who copied the UPS replacement and changed only the title and the
dates was about to announce "keep the servers on bypass until a new UPS arrives" for other work.

Example: a new change whose `backout.steps` are `[Leave the bypass switch on and monitor the
servers.]`, as in `2026-11-27-ups-replacement`.

Instead: write the steps of this change: which device, what you do, how you undo it. For work
that truly repeats (the same patch every month), ask for an exception with the reason.

Options: none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.findings import one_line
from cmcheck.core.judge.placeholders import words
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.templates import TEMPLATES
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "copied-steps"
TITLE = "Steps copied from another change"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.WARNING
WAIVABLE = True

SECTIONS = ("plan", "backout")
# What else a copy brings along, said in the finding when it is the same too.
ALONG: tuple[tuple[str, Callable[[ChangeRequest], object]], ...] = (
    ("plan summary", lambda c: words(c.plan.summary)),
    ("backout summary", lambda c: words(c.backout.summary)),
    ("requester", lambda c: (c.requester.name, c.requester.email)),
    ("staff", lambda c: sorted(c.plan.staff)),
    ("stakeholders", lambda c: sorted(c.stakeholders)),
    ("impact summary", lambda c: words(c.impact.summary)))


def _key(section: str, steps: list[str]) -> tuple[str, ...]:
    return (section, *(words(step) for step in steps))


# A template's usual steps, kept as offered, are shared on purpose.
_TEMPLATE_KEYS = frozenset(
    key for t in TEMPLATES.values()
    for key in (_key("plan", list(t.steps)), _key("backout", list(t.backout_steps))))


def _keys(subject: Subject) -> list[tuple[str, ...]]:
    change = subject.change
    found: list[tuple[str, ...]] = []
    for section, steps in (("plan", change.plan.steps), ("backout", change.backout.steps)):
        key = _key(section, steps)
        if steps and key not in _TEMPLATE_KEYS and any(key[1:]):
            found.append(key)
    return found


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    index = context.index(NAME, _keys)
    copied: dict[str, tuple[Subject, list[str]]] = {}
    for key in _keys(subject):
        for other in index.get(key, []):
            if other.id != subject.id:
                copied.setdefault(other.id, (other, []))[1].append(f"{key[0]} steps")
    for other_id in sorted(copied):
        other, sections = copied[other_id]
        along = [name for name, value in ALONG
                 if value(subject.change) == value(other.change) and value(subject.change)]
        same = f"; the same {', '.join(along)} too" if along else ""
        yield Problem((sections[0].split()[0], "steps"),
                      f"repeats the {' and '.join(sections)} of {other.id} "
                      f"({one_line(other.change.title, limit=60)}){same}: a copied change "
                      "request tells the people it notifies another change's story; write this "
                      "change's own steps (for work that truly repeats, ask for an exception "
                      "with the reason)")
