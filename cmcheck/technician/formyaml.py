"""A submitted form's answers as a change request's text, with the field each line came from.

Written with the same hand-written YAML as `cmcheck new` (``yamltext``): every typed answer goes
out plain only when the loader reads it back as the same text, quoted otherwise, so colons,
quotes, `#`, braces, `${{ }}` and `::error` lines come back exactly. An answer the model will
refuse (a time it cannot read, "Maybe" for a yes/no) is written as typed, so that `validate`
says what is wrong with it in its own words, on its line.
"""

from __future__ import annotations

from typing import NamedTuple

from cmcheck.core.model.issueform import NO, YES, FormField
from cmcheck.technician.issuebody import choices
from cmcheck.technician.yamltext import SCHEMA_LINE, block, flow, scalar

# The change request's sections in the model's order, and the form fields of each.
_ORDER = ("title", "kind", "category", "requester", "systems", "impact", "schedule", "plan",
          "backout", "stakeholders", "facilities", "exceptions", "unscheduled", "links")


class Written(NamedTuple):
    text: str
    fields: dict[int, str]  # line number -> the id of the field it holds
    problems: list[str]


class Requester(NamedTuple):
    login: str
    email: str


def render(title: str, answers: dict[str, str], fields: list[FormField], *,
           requester: Requester, header: str) -> Written:
    out: list[tuple[str, str]] = [(SCHEMA_LINE, ""), *((line, "") for line in header.splitlines())]
    problems: list[str] = []
    by_section: dict[str, list[FormField]] = {}
    for field in fields:
        by_section.setdefault(field.path[0], []).append(field)
    for section in _ORDER:
        if section == "title":
            out.append((f"title: {scalar(title.strip())}", "title"))
        elif section == "requester":
            name = answers.get("requester-name", requester.login).strip()
            email = answers.get("requester-email", requester.email).strip()
            login = scalar(requester.login, flow=True)
            out.append((f"requester: {{name: {scalar(name, flow=True)}, email: "
                        f"{scalar(email, flow=True)}, github: {login}}}", "requester"))
        else:
            for field in by_section.get(section, []):
                if field.id not in answers:
                    continue
                nested = len(field.path) == 2
                if nested and not any(line.startswith(f"{section}:") for line, _ in out):
                    out.append((f"{section}:", field.id))
                pad = "  " if nested else ""
                text, said = _value(answers[field.id], field, indent=len(pad) + 2)
                problems += said
                first, *rest = text.split("\n")
                out.append((f"{pad}{field.path[-1]}:{first}", field.id))
                out += [(line, field.id) for line in rest if line]
    lines = {number: field for number, (_, field) in enumerate(out, start=1) if field}
    return Written("".join(f"{line}\n" for line, _ in out), lines, problems)


def _value(answer: str, field: FormField, *, indent: int) -> tuple[str, list[str]]:
    """' value' (after the key's colon), or '\\n  - item\\n...' for a block list."""
    shape = field.shape
    if shape in ("ids", "one"):
        ids, problems = choices(answer, field)
        if shape == "one":
            return f" {scalar(ids[0]) if ids else scalar(answer)}", problems
        return f" {flow(ids)}", problems
    if shape == "bool":
        value = answer.strip()
        return f" {'true' if value == YES else 'false' if value == NO else scalar(value)}", []
    if shape == "int":
        value = answer.strip()
        return f" {value if value.isascii() and value.isdigit() else scalar(value)}", []
    if shape == "lines":
        return "\n" + block(_lines(answer), indent=indent).rstrip("\n"), []
    if shape == "waivers":
        return _waivers(answer, field, indent=indent)
    if shape == "links":
        return _links(answer, field, indent=indent)
    return f" {scalar(answer.strip())}", []


def _lines(answer: str) -> list[str]:
    return [line.strip() for line in answer.split("\n") if line.strip()]


def _waivers(answer: str, field: FormField, *, indent: int) -> tuple[str, list[str]]:
    pad = " " * indent
    out, problems = [], []
    for line in _lines(answer):
        rule, colon, reason = line.partition(":")
        if not colon or not reason.strip():
            problems.append(f"“{field.label}”: {line!r} needs the rule, a colon, then why "
                            "(maintenance-window: the vendor works weekdays only)")
            continue
        out.append(f"{pad}- rule: {scalar(rule.strip())}\n{pad}  reason: {scalar(reason.strip())}")
    return ("\n" + "\n".join(out)) if out else " []", problems


def _links(answer: str, field: FormField, *, indent: int) -> tuple[str, list[str]]:
    pad = " " * indent
    out, problems = [], []
    for line in _lines(answer):
        title, _, url = line.rpartition(" ")
        if not title.strip():
            problems.append(f"“{field.label}”: {line!r} needs a title before the address "
                            "(Vendor release notes https://example.com/notes)")
            continue
        out.append(f"{pad}- {{title: {scalar(title.strip(), flow=True)}, "
                   f"url: {scalar(url, flow=True)}}}")
    return ("\n" + "\n".join(out)) if out else " []", problems
