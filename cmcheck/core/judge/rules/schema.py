"""Every field the format knows, of the right type; nothing it does not know.

What it does: checks the file against the change-request model (`schema/change-request.schema.json`
is generated from it): required sections, types, allowed values, times that exist in the
district's time zone, single-line titles without control characters or `=?`, and no unknown
fields. An `exceptions` entry for a rule that cannot be waived is refused here too. Steps
(`plan.steps`, `backout.steps`) are written one per `- ` line: a list in brackets would split a
sentence at every comma, so it is refused with the block form to write instead.

Why it matters: the procedure asks for a *formal* change request; a misspelled field would
otherwise be silently ignored, and a title is copied into e-mail headers.

Example: `user_conectivity: true`, `kind: emergency`, `start: 2027-03-14 02:30` (that local time
does not exist), `steps: [Leave the bypass on, reinstall the UPS, return the load.]`.

Instead: each finding says what the field holds and shows a short example of what to write
(`kind: emergency` is told that an emergency is `kind: unscheduled`; `8:00` that the hour takes
two digits); editors complete the file through the `# yaml-language-server` line. Write
`2027-03-14T02:30-06:00` when a time falls in a DST change.

Options: none.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from cmcheck.core.judge.findings import one_line
from cmcheck.core.model import wording
from cmcheck.core.model.loader import Document
from cmcheck.core.model.verdicts import Location, Problem, Severity

NAME = "schema"
SEVERITY = Severity.ERROR
WAIVABLE = False

M = TypeVar("M", bound=BaseModel)


# Prose lists: a flow list there splits a sentence at every comma, silently.
STEP_LISTS = (("plan", "steps"), ("backout", "steps"))


def check(doc: Document, model: type[M], tz: tzinfo) -> tuple[M | None, list[Problem]]:
    if not isinstance(doc.data, dict):
        return None, [Problem((), "the file must be a mapping of fields (key: value lines)")]
    flows = [_flow_steps(doc, location) for location in STEP_LISTS if location in doc.flows]
    found = [problem for problem in flows if problem is not None]
    try:
        return model.model_validate(doc.data, context={"tz": tz}), found
    except ValidationError as error:
        return None, found + [_problem(e) for e in error.errors(include_url=False)]


def _flow_steps(doc: Document, location: Location) -> Problem | None:
    items = doc.data[location[0]][location[1]]
    if not items:  # `steps: []` is no steps at all: backout-plan says so
        return None
    shown = ", ".join(f'"- {one_line(item, limit=60)}"' for item in items[:3])
    more = ", ..." if len(items) > 3 else ""
    split = f" (here into {len(items)} steps)" if len(items) > 1 else ""
    return Problem(location, f"{'.'.join(map(str, location))}: a list in brackets is split at "
                   f"every comma{split}; write one step per line under {location[1]}:, each "
                   f"after \"- \": {shown}{more}")


def _problem(error: object) -> Problem:
    assert isinstance(error, dict)
    location = tuple(error["loc"])
    field = ".".join(str(part) for part in location) or "file"
    kind = error["type"]
    if kind == "extra_forbidden":
        return Problem(location, f"{field}: unknown field (check the spelling)", key=True)
    if kind == "missing":
        return Problem(location[:-1], f"{field}: {wording.missing(location)}", key=True)
    return Problem(location, f"{field}: {wording.plain(error)}")
