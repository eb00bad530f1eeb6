"""The change-request issue form (`.github/ISSUE_TEMPLATE/change-request.yml`), written from
the model, policy.yaml and inventory.yaml.

It lives beside CODEOWNERS in the core, not with the technician's commands, because `validate`
compares the committed form with this one (the `issue-form` rule), and the core imports no
capability. The same field list drives the form and `cmcheck intake`, which reads the answers
back: a field's `id` is the change request's path with `-` between levels.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Literal, NamedTuple, get_args

from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.models import Category, FacilitySystem, Kind, WaivableRule
from cmcheck.core.model.policy import Policy

PATH = ".github/ISSUE_TEMPLATE/change-request.yml"
LABEL = "change-request"
# The first line of cmcheck's one comment on a change-request issue, found again on each edit.
COMMENT_MARKER = "<!-- cmcheck-intake -->"
YES, NO = "Yes", "No"
# What GitHub writes for an optional field left empty, and for an optional dropdown left alone.
NO_RESPONSE = ("_No response_", "None")

Type = Literal["input", "textarea", "dropdown"]
# How intake reads an answer: one line of text, free text, lines, ids from a dropdown,
# yes/no, a whole number, `rule: reason` lines, `title url` lines.
Shape = Literal["line", "text", "lines", "ids", "one", "bool", "int", "waivers", "links"]


class FormField(NamedTuple):
    id: str
    type: Type
    shape: Shape
    label: str
    description: str
    required: bool
    options: tuple[str, ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.id.split("-", 1)) if self.id.startswith(_SECTIONS) else (self.id,)


_SECTIONS = ("requester-", "impact-", "schedule-", "plan-", "backout-", "facilities-",
             "unscheduled-")


def _window(policy: Policy) -> str:
    closed = "; ".join(
        f"{', '.join(d.capitalize() for d in hours.days)} {hours.start:%H:%M}–{hours.end:%H:%M}"
        for hours in policy.maintenance_window.closed)
    return (f"Work that takes users offline must run inside the maintenance window: any time "
            f"except {closed}.")


def _option(key: str, name: str | None) -> str:
    # Commas and brackets would blur the ", " GitHub joins several choices with.
    if not name:
        return key
    clean = name.replace(",", ";").replace("(", "").replace(")", "")
    return f"{key} ({clean})"


def fields(policy: Policy, inventory: Graph | None) -> list[FormField]:
    """The form's fields, in the order a technician answers them."""
    zone = policy.timezone
    days = policy.notice_days
    if inventory is not None:
        systems = FormField(
            "systems", "dropdown", "ids", "Systems touched",
            "Every system the work touches, from the district's inventory. A system that is "
            "not listed: say so in the plan and ask the Technology Coordinator to add it.",
            True, tuple(_option(k, s.name) for k, s in inventory.inventory.systems.items()))
    else:
        systems = FormField("systems", "textarea", "lines", "Systems touched",
                            "One system a line, as the district names it (core-switch-01).", True)
    sites = tuple(_option(k, s.name) for k, s in policy.sites.items())
    out = [
        FormField("kind", "dropdown", "one", "Kind of change",
                  f"Scheduled work is filed at least {days} days before it starts. Unscheduled "
                  "is an emergency that could not wait: the coordinator ratifies it afterwards.",
                  True, tuple(_option(k, w) for k, w in (
                      ("scheduled", f"planned; {days} days' notice"),
                      ("unscheduled", "an emergency that could not wait"))
                      if k in get_args(Kind))),
        FormField("category", "dropdown", "one", "Category", "What kind of work it is.",
                  True, get_args(Category)),
        systems,
        FormField("impact-mission_critical_data", "dropdown", "bool",
                  "Could it affect mission-critical data?",
                  "Student, financial or personnel records: if Yes, name who you consulted below.",
                  True, (YES, NO)),
        FormField("impact-user_connectivity", "dropdown", "bool",
                  "Will users lose connectivity or access while it runs?",
                  _window(policy), True, (YES, NO)),
        FormField("impact-audiences", "dropdown", "ids", "Who gets the notices",
                  "The groups told before the work and when it is done.", True,
                  tuple(policy.audiences)),
        *([FormField("impact-sites", "dropdown", "ids", "Sites affected",
                     "The schools and offices whose users notice the work; their principals "
                     "get the completion notice.", False, sites)] if sites else []),
        FormField("impact-summary", "textarea", "text", "How users are affected",
                  "In plain words, what users notice and for how long.", True),
        FormField("schedule-start", "input", "line", "Start",
                  f"Local time ({zone}), written like 2026-12-19 20:00. It must be at least "
                  f"{days} days after you submit this form: that is the two weeks' notice "
                  f"staff are owed. {_window(policy)}", True),
        FormField("schedule-end", "input", "line", "End",
                  "Local time, written like 2026-12-19 22:00, with room for the backout.", True),
        FormField("plan-summary", "textarea", "text", "Plan",
                  "What you will do, in one or two sentences.", True),
        FormField("plan-steps", "textarea", "lines", "Plan steps", "One step a line.", True),
        FormField("plan-verification", "textarea", "text", "How you will check it worked",
                  "What a user can do afterwards that proves it works.", True),
        FormField("plan-staff", "textarea", "lines", "Who will be there",
                  "One person a line. On a weekend or holiday the coordinator needs to know who "
                  "is on site.", False),
        FormField("backout-summary", "textarea", "text", "Backout plan",
                  "How you put everything back as it was if the change fails: the previous "
                  "image kept on flash, the snapshot taken before, the old unit on the shelf. "
                  "'n/a', 'none' or 'tbd' is not a backout plan.", True),
        FormField("backout-steps", "textarea", "lines", "Backout steps", "One step a line.",
                  True),
        FormField("backout-duration_minutes", "input", "int", "Minutes the backout takes",
                  "A whole number. The end plus these minutes must still be inside the "
                  "maintenance window.", True),
        FormField("stakeholders", "textarea", "lines", "Who you consulted",
                  "One person or role a line (the principal, the SIS data manager). Needed "
                  "when mission-critical data is affected.", False),
        FormField("facilities-systems", "dropdown", "ids", "Environmental facilities touched",
                  "Only when the work touches the building's power, cooling, water, heat or "
                  "alarms.", False, get_args(FacilitySystem)),
        FormField("facilities-coordinated_with", "input", "line",
                  "Facilities work coordinated with",
                  "The maintenance leader you agreed the time with.", False),
        FormField("unscheduled-reason", "textarea", "text", "Why it could not wait",
                  "Unscheduled changes only: what happened and why the work could not wait "
                  "for the notice period.", False),
        FormField("exceptions", "textarea", "waivers", "Exceptions you ask for",
                  "One a line, the rule, a colon, then why: `maintenance-window: the vendor "
                  "works weekdays only`. The coordinator's approval grants it. Rules: "
                  + ", ".join(get_args(WaivableRule)) + ".", False),
        FormField("links", "textarea", "links", "Related links",
                  "One a line: a title, then the address (https://...).", False),
        FormField("requester-name", "input", "line", "Your name",
                  "As staff know you; notices name you.", True),
        FormField("requester-email", "input", "line", "Your e-mail",
                  "Leave it empty to use your GitHub no-reply address.", False),
    ]
    return out


def _item(field: FormField) -> dict[str, object]:
    attributes: dict[str, object] = {"label": field.label, "description": field.description}
    if field.type == "dropdown":
        attributes["multiple"] = field.shape == "ids"
        attributes["options"] = list(field.options)
    return {"type": field.type, "id": field.id, "attributes": attributes,
            "validations": {"required": field.required}}


INTRO = ("Fill this in to ask for a change. When you submit it, a pull request with your change "
         "request is opened for you and checked against the district's policy; the findings "
         "appear as a comment here. Edit this issue to fix them. The Technology Coordinator's "
         "approval of the pull request is the formal approval.")


def render(policy: Policy, inventory: Graph | None) -> str:
    """The form's text. Every string is written as JSON, which YAML reads as the same string,
    so no name in the inventory can change the form's structure."""
    lines = ["# Generated by `cmcheck issue-form` from the model, policy.yaml and inventory.yaml;",
             "# regenerate it whenever they change: cmcheck issue-form > " + PATH,
             f"name: {_json('Change request')}",
             f"description: {_json('Ask for a change to the district systems, no git needed.')}",
             f"labels: [{_json(LABEL)}]",
             "body:",
             "  - type: markdown",
             "    attributes:",
             f"      value: {_json(INTRO)}"]
    for field in fields(policy, inventory):
        lines += list(_lines(_item(field), indent=2))
    return "\n".join(lines) + "\n"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _lines(item: dict[str, object], *, indent: int) -> Iterable[str]:
    pad = " " * indent
    first = True
    for key, value in item.items():
        lead = f"{pad}- " if first else f"{pad}  "
        first = False
        if isinstance(value, dict):
            yield f"{lead}{key}:"
            for inner, data in value.items():
                yield f"{pad}    {inner}: {_json(data)}"
        else:
            yield f"{lead}{key}: {_json(value)}"
