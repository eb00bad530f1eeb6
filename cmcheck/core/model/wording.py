"""A validator's error in a technician's words: what the field is and a short example.

pydantic says "Input should be a valid dictionary or instance of Backout": true, and no help to
someone who never read its documentation. Each error here says which field, what it holds and
what to write, by the kind of error and, where the change-request format knows the field, with
its own example. Our own validators (times, e-mail addresses, ids) already speak plainly: their
words pass through.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# dotted path ("[]" for a list item) -> (what the field holds, a short example of what to write)
FIELDS: dict[str, tuple[str, str]] = {
    "title": ("the change's title, one line", "title: Replace the high school UPS"),
    "kind": ("scheduled, or unscheduled for an emergency", "kind: scheduled"),
    "category": ("what kind of work it is", "category: hardware-replacement"),
    "requester": ("who asks for the change: name, email and github",
                  "requester: {name: Jane Tech, email: jane.tech@qcsd.example.org, "
                  "github: janetech}"),
    "requester.name": ("the requester's name", "name: Jane Tech"),
    "requester.email": ("the requester's e-mail address", "email: jane.tech@qcsd.example.org"),
    "requester.github": ("the requester's GitHub login", "github: janetech"),
    "systems": ("the systems the change touches, by their names in inventory.yaml",
                "systems: [core-switch-01]"),
    "systems[]": ("one system's name from inventory.yaml", "systems: [core-switch-01]"),
    "impact": ("who and what the change affects",
               "impact:, then indented mission_critical_data: false, user_connectivity: true, "
               "audiences: [teachers], sites: [high-school], summary: ..."),
    "impact.mission_critical_data": ("whether it could affect mission-critical data",
                                     "mission_critical_data: false"),
    "impact.user_connectivity": ("whether users lose connectivity or access while it runs",
                                 "user_connectivity: true"),
    "impact.audiences": ("who gets the notices, names from policy.yaml's audiences",
                         "audiences: [teachers, students]"),
    "impact.audiences[]": ("one audience from policy.yaml", "audiences: [teachers]"),
    "impact.sites": ("the sites affected, names from policy.yaml's sites",
                     "sites: [high-school]"),
    "impact.sites[]": ("one site from policy.yaml", "sites: [high-school]"),
    "impact.summary": ("how users are affected, in a sentence",
                       "summary: The high school loses network access for 45 minutes."),
    "schedule": ("when the work runs: start and end",
                 "schedule: {start: 2026-12-19 19:00, end: 2026-12-19 21:00}"),
    "schedule.start": ("when the work starts, local time", "start: 2026-12-19 19:00"),
    "schedule.end": ("when the work ends, local time", "end: 2026-12-19 21:00"),
    "plan": ("how the work is done",
             "plan:, then indented summary: ..., steps: (one '- ' line each), "
             "verification: ..., staff: [janetech]"),
    "plan.summary": ("the plan in a sentence", "summary: Swap the UPS on maintenance bypass."),
    "plan.steps": ("the steps of the work, one '- ' line each",
                   "steps:, then indented - Put the UPS on maintenance bypass."),
    "plan.steps[]": ("one step, a sentence", "- Put the UPS on maintenance bypass."),
    "plan.verification": ("how success is checked", "verification: Every server reports "
                          "mains power."),
    "plan.staff": ("who will be there", "staff: [janetech, mbrown]"),
    "plan.staff[]": ("one person who will be there", "staff: [janetech]"),
    "backout": ("how the change is undone if it fails",
                "backout:, then indented summary: ..., steps: (one '- ' line each), "
                "duration_minutes: 30"),
    "backout.summary": ("the backout plan in a sentence",
                        "summary: Put the old UPS back in the rack."),
    "backout.steps": ("the backout steps, one '- ' line each",
                      "steps:, then indented - Return the load to the old UPS."),
    "backout.steps[]": ("one backout step, a sentence", "- Return the load to the old UPS."),
    "backout.duration_minutes": ("how many minutes the backout takes",
                                 "duration_minutes: 30"),
    "stakeholders": ("who was consulted before the change",
                     "stakeholders: [Principal of the high school]"),
    "stakeholders[]": ("one person or role consulted", "stakeholders: [Principal]"),
    "facilities": ("the environmental facilities it touches",
                   "facilities: {systems: [electricity], coordinated_with: Maintenance "
                   "Director}"),
    "facilities.systems": ("the facilities touched", "systems: [electricity]"),
    "facilities.systems[]": ("one facility", "systems: [electricity]"),
    "facilities.coordinated_with": ("who the work was coordinated with",
                                    "coordinated_with: Maintenance Director"),
    "exceptions": ("the exceptions asked of the coordinator",
                   "exceptions: [{rule: notice-period, reason: the UPS is failing}]"),
    "exceptions[]": ("one exception with its rule and reason",
                     "- {rule: notice-period, reason: the UPS is failing}"),
    "exceptions[].rule": ("the rule to waive", "rule: maintenance-window"),
    "exceptions[].reason": ("why, for the coordinator",
                            "reason: the vendor only works weekdays"),
    "unscheduled": ("why the work could not wait",
                    "unscheduled: {reason: the core switch failed at 10:14}"),
    "unscheduled.reason": ("why the work could not wait",
                           "reason: the core switch failed at 10:14"),
    "review": ("the Change Review, added after the work",
               "review: {outcome: successful, completed: 2026-12-19 21:40, notes: ...}"),
    "review.outcome": ("how the change went", "outcome: successful"),
    "review.completed": ("when the work ended, local time", "completed: 2026-12-19 21:40"),
    "review.notes": ("what happened", "notes: Replaced; every server is on the new UPS."),
    "review.next_steps": ("what happens now", "next_steps: Retry after the vendor's fix."),
    "review.follow_ups": ("follow-up tasks", "follow_ups: [Update the rack diagram]"),
    "review.follow_ups[]": ("one follow-up task", "follow_ups: [Update the rack diagram]"),
    "links": ("related pages, each with title and url",
              "links: [{title: Release notes, url: https://vendor.example.com/notes}]"),
    "links[]": ("one related page", "- {title: Release notes, url: https://vendor.example.com}"),
    "links[].title": ("the page's title", "title: Release notes"),
    "links[].url": ("the page's address (http, https or mailto)",
                    "url: https://vendor.example.com/notes"),
}

# What a value of each kind looks like, for a field the table does not know.
_SHAPES = {
    "dict_type": "a section of indented 'key: value' lines",
    "model_type": "a section of indented 'key: value' lines",
    "model_attributes_type": "a section of indented 'key: value' lines",
    "list_type": "a list ([a, b], or one '- ' line per item)",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
}
# The words people reach for that the format spells otherwise.
_SYNONYMS = {
    ("kind", "emergency"): "an emergency is `kind: unscheduled`, with an `unscheduled:` section "
                           "saying why it could not wait (reason: ...)",
    ("kind", "planned"): "planned work is `kind: scheduled`",
    ("kind", "normal"): "planned work is `kind: scheduled`",
    ("kind", "urgent"): "urgent work that cannot wait is `kind: unscheduled`, with an "
                        "`unscheduled:` section saying why",
}


def path_of(location: tuple[Any, ...]) -> str:
    """('plan', 'steps', 0) -> 'plan.steps[]': the key of FIELDS."""
    out = ""
    for part in location:
        out += "[]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _choices(expected: object) -> str:
    """pydantic's "'a', 'b' or 'c'" as a, b or c."""
    return re.sub(r"'([^']*)'", r"\1", str(expected))


def plain(error: Mapping[str, Any]) -> str:
    """The message for one pydantic error (without the field's name, which the caller adds)."""
    location = tuple(error["loc"])
    kind = str(error["type"])
    context = error.get("ctx") or {}
    value = error.get("input")
    key = path_of(location)
    what, example = FIELDS.get(key, (None, None))
    shown = f" (e.g. {example})" if example else ""
    if kind == "literal_error":
        synonym = _SYNONYMS.get((key, str(value).strip().lower())) \
            if isinstance(value, str) else None
        if synonym:
            return synonym
        return f"write one of {_choices(context.get('expected'))}{shown}"
    if kind == "too_short":
        if key == "systems":
            return ("name at least one system the change touches, by its name in "
                    "inventory.yaml (e.g. systems: [core-switch-01])")
        return f"give at least {context.get('min_length', 1)}: {what or 'entry'}{shown}"
    if kind == "too_long":
        return f"at most {context.get('max_length')} entries here; split the change or group them"
    if kind == "string_too_short":
        return f"is empty: write {what or 'something'}{shown}"
    if kind == "string_too_long":
        return f"is too long: at most {context.get('max_length')} characters"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be {context.get('ge', context.get('gt'))} or more{shown}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be {context.get('le', context.get('lt'))} or less{shown}"
    if kind == "string_pattern_mismatch":
        return f"write {what or 'a value of the right form'}{shown}"
    if kind in ("value_error", "assertion_error"):
        return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    shape = _SHAPES.get(kind, "a value of another kind")
    if what is None:
        return f"should be {shape}"
    if "'- '" in what:  # steps: never [a, b], which splits a sentence at its commas
        shape = "a list"
    return f"{what}, written as {shape}; for example: {example}"


def missing(location: tuple[Any, ...]) -> str:
    """'required field is missing', with what it holds and an example where known."""
    what, example = FIELDS.get(path_of(location), (None, None))
    return "required field is missing" + (f": {what} (e.g. {example})" if what else "")
