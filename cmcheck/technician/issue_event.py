"""What an `issues` event (GitHub's GITHUB_EVENT_PATH) says of the issue: who wrote it, with
what access, and whether it is a change request filed through the form.

Read here rather than in github/: intake is offline and capabilities do not import each other.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, NamedTuple

from cmcheck.core.model.issueform import LABEL

# The author associations of people who can push to the repository. Anyone else (a stranger
# on a public repository, a first-time contributor) could otherwise have a branch made for them.
TRUSTED = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
# GitHub bounds an issue body at 65,536 characters; an event file ten times that is not GitHub's.
MAX_EVENT_BYTES = 1024 * 1024


class Issue(NamedTuple):
    number: int
    title: str
    body: str
    login: str
    user_id: int
    association: str
    labels: tuple[str, ...]
    created_at: datetime
    url: str


class Refused(Exception):
    """The issue is not a change request cmcheck may act on (exit 2, nothing written)."""


def read(path: str) -> Issue:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_EVENT_BYTES + 1)
    except OSError as error:
        raise Refused(f"cannot read the event file {path}: {error.strerror}") from None
    if len(raw) > MAX_EVENT_BYTES:
        raise Refused(f"the event file {path} is larger than GitHub sends")
    try:
        event = json.loads(raw)
    except ValueError as error:
        raise Refused(f"the event file {path} is not JSON: {error}") from None
    return issue_of(event)


def issue_of(event: Any) -> Issue:
    try:
        issue = event["issue"]
        user = issue["user"]
        found = Issue(
            number=_int(issue["number"]), title=_str(issue["title"]),
            body=_str(issue.get("body") or ""), login=_str(user["login"]),
            user_id=_int(user["id"]), association=_str(issue.get("author_association", "")),
            labels=tuple(_str(label["name"]) for label in issue.get("labels") or []),
            created_at=datetime.fromisoformat(_str(issue["created_at"]).replace("Z", "+00:00")),
            url=_str(issue.get("html_url") or ""))
    except (KeyError, TypeError, ValueError):
        raise Refused("the event is not an issue event (no issue with a number, title, "
                      "author and creation time): run intake on the `issues` event") from None
    if "pull_request" in issue:
        raise Refused(f"#{found.number} is a pull request, not a change-request issue")
    return found


def refusal(issue: Issue) -> str | None:
    """Why cmcheck must not act on this issue, or None."""
    if LABEL not in issue.labels:
        return (f"#{issue.number} is not a change request: it has no `{LABEL}` label (the "
                "change-request form adds it)")
    if issue.association not in TRUSTED:
        return (f"#{issue.number} was opened by @{issue.login}, who has no write access to "
                f"this repository ({issue.association or 'no association'}): only owners, "
                "members and collaborators may file change requests here. Ask the Technology "
                "Coordinator to add you as a collaborator, then edit the issue.")
    return None


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(value)
    return value
