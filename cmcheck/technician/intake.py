"""`cmcheck intake`: a change-request issue (an `issues` event) → the change request file under
changes/ and what to tell the technician on the issue.

The id is `issue-<number>`: GitHub never gives a number twice in a repository, and it does not
move when the technician edits the title or the start date, so every edit rewrites the same
file, on the pull request's branch and, after the merge, on `main` (a reschedule). A file of that
id anywhere under changes/ is the one rewritten; a new one goes in the year folder of the day
the issue was opened.
"""

from __future__ import annotations

import os
from datetime import datetime, tzinfo
from pathlib import Path
from typing import NamedTuple

from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge.findings import Finding, Result
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.issueform import fields as form_fields
from cmcheck.core.model.policy import Policy
from cmcheck.core.reading import SUFFIXES
from cmcheck.technician import formyaml, issuebody
from cmcheck.technician.issue_event import Issue, Refused, refusal


class Intake(NamedTuple):
    path: str  # relative to the repository root
    problems: list[str]  # the form's answers, in plain words
    fields: dict[int, str]  # line of the file -> the form field it holds


def noreply(issue: Issue) -> str:
    """GitHub's no-reply address of the issue's author, the one its web commits carry."""
    return f"{issue.user_id}+{issue.login}@users.noreply.github.com"


def change_id(issue: Issue) -> str:
    return f"issue-{issue.number}"


def place(root: Path, issue: Issue, tz: tzinfo) -> str:
    """Where this issue's change request lives: where it already is, else the year folder."""
    wanted = change_id(issue)
    folder = root / gitrepo.CHANGES
    if folder.is_dir() and not folder.is_symlink():
        for parent, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.endswith(SUFFIXES) and name.rsplit(".", 1)[0] == wanted:
                    return Path(parent, name).relative_to(root).as_posix()
    return f"{gitrepo.CHANGES}/{issue.created_at.astimezone(tz):%Y}/{wanted}.yaml"


def header(issue: Issue) -> str:
    # The URL is GitHub's own; the title is not repeated here (it is the title: line).
    return (f"# Filed through the change-request form: issue #{issue.number} {issue.url}\n"
            "# Edit the issue, not this file: each edit of the issue rewrites it.")


def take(root: Path, issue: Issue, *, policy: Policy, inventory: Graph | None) -> Intake:
    """Write the issue's change request; raises Refused (and writes nothing) when cmcheck must
    not act on the issue."""
    reason = refusal(issue)
    if reason is not None:
        raise Refused(reason)
    fields = form_fields(policy, inventory)
    parsed = issuebody.parse(issue.body, fields)
    if parsed.headings == 0:
        raise Refused(f"#{issue.number} has the change-request label but was not filled in "
                      "through the change-request form: open a new issue with the form")
    problem = gitrepo.folder_problem(root)
    if problem is not None:
        raise Refused(problem)
    written = formyaml.render(issue.title, parsed.answers, fields, header=header(issue),
                              requester=formyaml.Requester(issue.login, noreply(issue)))
    path = place(root, issue, policy.tz)
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    inside = (root / gitrepo.CHANGES).resolve()
    if target.is_symlink() or not target.parent.resolve().is_relative_to(inside):
        raise Refused(f"{path} is a symbolic link or leads out of {gitrepo.CHANGES}/: "
                      "the Technology Coordinator must replace it with a plain file")
    target.write_bytes(written.text.encode("utf-8"))
    return Intake(path, parsed.problems + written.problems, written.fields)


def judged(root: Path, intake: Intake, now: datetime | None) -> Result:
    """The written file judged as `cmcheck validate` judges it."""
    from cmcheck.core import engine

    return engine.run(engine.Options(root=root, paths=(intake.path,), now=now))


def field_of(finding: Finding, intake: Intake) -> str | None:
    return intake.fields.get(finding.line) if finding.path == intake.path else None
