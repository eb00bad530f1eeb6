"""A change says its own steps, not another change's.

What it does: warns when the plan's steps or the backout's steps repeat, word for word (case,
spacing and punctuation aside), those of another change request file, and names that change's
id and what was copied (the steps, and any summary, requester, staff or stakeholders that came
along); when several changes share them, one warning names the first and counts the rest.
The usual steps of a `cmcheck new --from` template are not a copy.

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


def _indexed(subject: Subject) -> list[tuple[object, ...]]:
    """Each list's key and, for a change with both lists, the pair of them: one index then says
    who shares either list and who shares both."""
    keys: list[tuple[object, ...]] = list(_keys(subject))
    return [*keys, tuple(keys)] if len(keys) == 2 else keys


def check(subject: Subject, context: Context) -> Iterator[Problem]:
    # The index and this change's keys come from one reading of each change (Context.once).
    index = context.index(NAME, _indexed)
    keys = context.once(NAME, subject, _indexed)
    mine = keys[:2]
    if not mine:
        return
    lists = [index.get(key, []) for key in mine]
    # How many other changes share either list: those sharing both are counted once. In the
    # index's order, a few of each are enough to name: a full run of 10,000 changes that share
    # their steps must not compare each with all the others.
    shared = sum(len(found) for found in lists) - 1
    if len(keys) == 3:
        shared -= len(index.get(keys[2], []))
    if shared <= 0:
        return
    named = sorted({other.id: other for found in lists
                    for other in _first(found, subject.id, 4)}.values(), key=lambda s: s.id)
    other, rest = named[0], [s.id for s in named[1:]][:3]
    theirs = set(context.once(NAME, other, _indexed))
    sections = [f"{key[0]} steps" for key in mine if key in theirs]
    along = [name for name, value in ALONG
             if value(subject.change) == value(other.change) and value(subject.change)]
    same = f"; the same {', '.join(along)} too" if along else ""
    more = shared - 1
    others = (f"; {more} other change{'s' if more > 1 else ''} repeat"
              f"{'' if more > 1 else 's'} steps of this one as well ("
              f"{', '.join(rest)}{', …' if more > len(rest) else ''})") if more else ""
    yield Problem((sections[0].split()[0], "steps"),
                  f"repeats the {' and '.join(sections)} of {other.id} "
                  f"({one_line(other.change.title, limit=60)}){same}{others}: a copied change "
                  "request tells the people it notifies another change's story; write this "
                  "change's own steps (for work that truly repeats, ask for an exception "
                  "with the reason)")


def _first(found: list[Subject], own: str, count: int) -> list[Subject]:
    picked: list[Subject] = []
    for other in found:
        if other.id != own:
            picked.append(other)
            if len(picked) == count:
                break
    return picked
