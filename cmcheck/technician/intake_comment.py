"""What `cmcheck intake` tells the technician on the issue: one comment, Markdown, rewritten on
every edit (the marker on its first line lets the workflow find it), and the same as JSON.

Everything quoted from the answers or from other changes is Markdown-escaped: a title cannot
add a link, a heading or an image to the comment.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cmcheck.core.judge.findings import Finding, Result
from cmcheck.core.judge.reporters.github import escape_markdown
from cmcheck.core.model.issueform import COMMENT_MARKER as MARKER
from cmcheck.core.model.issueform import FormField
from cmcheck.core.model.verdicts import Severity
from cmcheck.technician.intake import Intake, change_id, field_of
from cmcheck.technician.issue_event import Issue


def _label(finding: Finding, intake: Intake, labels: dict[str, str]) -> str:
    field = field_of(finding, intake)
    if field == "title":
        return "Title of the issue"
    if field == "requester":
        return f"{labels.get('requester-name', 'name')} / {labels.get('requester-email', 'e-mail')}"
    return labels.get(field or "", "The change request")


def failed(intake: Intake, result: Result) -> bool:
    return bool(intake.problems) or result.failed


def markdown(issue: Issue, intake: Intake, result: Result, fields: list[FormField]) -> str:
    labels = {f.id: f.label for f in fields}
    ident = change_id(issue)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    others = [f for f in result.findings if f.severity is not Severity.ERROR]
    state = ("needs your changes" if failed(intake, result) else
             "ready for the Technology Coordinator's review")
    out = [MARKER, f"### Change request `{ident}`: {state}", "",
           f"Your answers are in `{escape_markdown(intake.path)}`, in the pull request linked "
           "to this issue. Edit this issue to change them: every edit checks them again and "
           "updates the pull request and this comment.", ""]
    if intake.problems:
        out += ["**Your answers** (fix these in the issue):", ""]
        out += [f"- {escape_markdown(problem)}" for problem in intake.problems]
        out.append("")
    if errors:
        out += ["**What to fix before it can be approved** (edit the issue):", ""]
        out += [_line(f, intake, labels) for f in errors]
        out.append("")
    if others:
        out += ["**For the Technology Coordinator to look at** (nothing blocks):", ""]
        out += [_line(f, intake, labels) for f in others]
        out.append("")
    if not intake.problems and not result.findings:
        out += ["Every check passed. The Technology Coordinator reviews the pull request; "
                "the approval is the formal approval, and merging it sends the notices.", ""]
    return "\n".join(out)


_WAIVER = re.compile(r"add `exceptions: \[\{rule: ([a-z-]+), reason:")


def in_the_form(message: str, labels: dict[str, str]) -> str:
    """The ways forward validate words for a YAML file, said for the form as well."""
    said = []
    for rule in _WAIVER.findall(message):
        said.append(f"to ask for the exception, write `{rule}: <why it cannot move>` under "
                    f"“{labels.get('exceptions', 'exceptions')}”")
    if "file it as `kind: unscheduled`" in message:
        said.append(f"to file it as an emergency, choose `unscheduled` under "
                    f"“{labels.get('kind', 'kind')}” and say what happened under "
                    f"“{labels.get('unscheduled-reason', 'unscheduled reason')}”")
    return ("In the form: " + "; ".join(said) + ".") if said else ""


def _line(finding: Finding, intake: Intake, labels: dict[str, str]) -> str:
    form = in_the_form(finding.message, labels)
    return (f"- **{escape_markdown(_label(finding, intake, labels))}** — {finding.severity} "
            f"`{finding.rule}`: {escape_markdown(finding.message)}"
            + (f". {escape_markdown(form)}" if form else ""))


def as_json(issue: Issue, intake: Intake, result: Result, fields: list[FormField]) -> str:
    findings: list[dict[str, Any]] = [{
        "path": f.path, "line": f.line, "column": f.column, "rule": f.rule,
        "severity": str(f.severity), "message": f.message, "field": field_of(f, intake),
    } for f in result.findings]
    return json.dumps({
        "issue": issue.number, "id": change_id(issue), "path": intake.path, "refused": None,
        "failed": failed(intake, result), "problems": intake.problems, "findings": findings,
        "comment": markdown(issue, intake, result, fields),
    }, indent=2, ensure_ascii=False) + "\n"


def refused_json(reason: str) -> str:
    return json.dumps({"refused": reason, "path": None, "failed": True, "problems": [],
                       "findings": [], "comment": None}, indent=2, ensure_ascii=False) + "\n"
