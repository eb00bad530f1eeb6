"""The coordinator's audit issue: one open issue with the label, opened once and then updated.

Through cmcheck's own API client, so the audit job needs no `gh` program. GitHub's issue list
also returns pull requests (they carry a ``pull_request`` key); those are never the report.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cmcheck.github.api import ApiError, Client

LABEL = "cmcheck-audit"
LABEL_COLOR = "B60205"
LABEL_DESCRIPTION = "Violations of the change management procedure"
TITLE = "Change management audit: violations to review"


class Reported(NamedTuple):
    number: int
    opened: bool  # False: an open issue was updated


def report(client: Client, body: str, *, label: str = LABEL, title: str = TITLE) -> Reported:
    """Update the open issue labelled `label` with `body`, or open one."""
    existing = open_issue(client, label)
    if existing is not None:
        client.send("PATCH", client.repo_path(f"issues/{existing}"), {"body": body})
        return Reported(existing, opened=False)
    _ensure_label(client, label)
    created = client.send("POST", client.repo_path("issues"),
                          {"title": title, "body": body, "labels": [label]})
    return Reported(_number(created), opened=True)


def open_issue(client: Client, label: str) -> int | None:
    """The oldest open issue (not pull request) with the label, or None."""
    issues = client.get_all(client.repo_path(f"issues?state=open&labels={label}"
                                             "&sort=created&direction=asc"))
    for issue in issues:
        if isinstance(issue, dict) and "pull_request" not in issue:
            return _number(issue)
    return None


def _ensure_label(client: Client, label: str) -> None:
    """Create the label; GitHub answers 422 when it exists, which is fine."""
    try:
        client.send("POST", client.repo_path("labels"),
                    {"name": label, "color": LABEL_COLOR, "description": LABEL_DESCRIPTION})
    except ApiError as error:
        if error.status != 422:
            raise


def _number(issue: Any) -> int:
    number = issue.get("number") if isinstance(issue, dict) else None
    if not isinstance(number, int):
        raise ApiError("unexpected answer from GitHub: an issue without a number")
    return number
