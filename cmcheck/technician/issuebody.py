"""An issue form's body, read back into its answers.

GitHub writes a submitted form as Markdown: for each field `### Label`, a blank line, then the
answer; `_No response_` for an optional field left empty (`None` for an optional dropdown), and a
multiple dropdown's choices joined with `, `. People edit the body afterwards, and the form may
have been regenerated since the issue was filed, so every departure is a problem in plain words,
never a guess made in silence.
"""

from __future__ import annotations

import difflib
import re
from typing import NamedTuple

from cmcheck.core.model.issueform import NO_RESPONSE, FormField

_HEADING = re.compile(r"###[ \t]+(.*?)[ \t#]*")


class Parsed(NamedTuple):
    answers: dict[str, str]  # field id -> the answer as typed (empty answers left out)
    problems: list[str]  # in plain words, each with the way forward
    headings: int  # how many of the form's headings the body has


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse(body: str, fields: list[FormField]) -> Parsed:
    by_heading = {_norm(f.label): f for f in fields} | {_norm(f.id): f for f in fields}
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sections: list[tuple[str, FormField | None, list[str]]] = []
    for number, line in enumerate(lines):
        match = _HEADING.fullmatch(line)
        if match:
            known = by_heading.get(_norm(match.group(1)))
            # An unknown heading counts only in the shape GitHub writes (blank lines around
            # it), so that an answer holding a `### ` line stays part of that answer.
            shaped = (number == 0 or not lines[number - 1].strip()) and \
                (number + 1 == len(lines) or not lines[number + 1].strip())
            if known is not None or shaped:
                sections.append((match.group(1).strip(), known, []))
                continue
        if sections:
            sections[-1][2].append(line)
    answers: dict[str, str] = {}
    problems: list[str] = []
    seen: set[str] = set()
    unknown: list[str] = []
    for heading, field, text in sections:
        if field is None:
            unknown.append(heading)
            continue
        if field.id in seen:
            problems.append(f"“{field.label}” is answered twice in the issue: delete one of "
                            "the two, then save the issue")
            continue
        seen.add(field.id)
        answer = "\n".join(text).strip("\n")
        if answer.strip() and answer.strip() not in NO_RESPONSE:
            answers[field.id] = answer
    missing = [f for f in fields if f.id not in seen]
    labels = [f.label for f in missing]
    for heading in unknown:
        close = _closest(heading, labels)
        hint = (f"; if it answers “{close}”, rename the heading to `### {close}`" if close
                else "")
        problems.append(f"“{heading}” is not a question of the change-request form, so its "
                        f"answer was not used{hint}")
    problems += [f"“{f.label}” is missing from the issue: edit the issue and add a heading "
                 f"`### {f.label}` with your answer below it" for f in missing if f.required]
    return Parsed(answers, problems, len(seen))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.casefold()) if len(w) > 2}


def _closest(heading: str, labels: list[str]) -> str | None:
    """The unanswered question a renamed heading most likely answers: the most words in
    common ("Backout duration (minutes)" -> "Minutes the backout takes"), else the closest
    spelling."""
    scored = sorted(((len(_words(heading) & _words(label)), label) for label in labels),
                    key=lambda pair: -pair[0])
    if scored and scored[0][0] > 0:
        return scored[0][1]
    close = difflib.get_close_matches(heading, labels, n=1, cutoff=0.6)
    return close[0] if close else None


def choices(answer: str, field: FormField) -> tuple[list[str], list[str]]:
    """A dropdown's answer as ids (each option is an id, or an id, a space and a name), and the
    problems: a choice the form does not offer is kept, and said."""
    options = {option.split(" ", 1)[0]: option for option in field.options}
    items: list[str] = []
    for piece in (answer.split(", ") if field.shape == "ids" else [answer.strip()]):
        # A name in brackets may hold ", " when the form predates the option cleaning.
        if items and items[-1].count("(") > items[-1].count(")"):
            items[-1] += ", " + piece
        elif piece.strip():
            items.append(piece.strip())
    ids = [item.split(" ", 1)[0] for item in items]
    problems = [f"“{field.label}”: {item!r} is not one of the form's choices; choose from "
                f"the list, or ask the Technology Coordinator to add it"
                for item in ids if options and item not in options]
    return ids, problems
