"""The open pull requests and the change files each adds or edits, read from GitHub's REST API.

Why the API and not `refs/pull/N/head`: a workflow's clone has no pull-request refs unless it
fetches them with a credential, and a coordinator's own clone rarely has them. Each file is read
as the blob its pull request's file list names (`GET /git/blobs/{sha}`): that is the file at the
head commit, addressed by its content, so a push between two reads cannot mix two versions.
Every read is paged (`Client.get_all`); a refusal (403) is an `ApiError` the command states,
never an empty queue.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any, NamedTuple

from cmcheck.core.model.rawtext import MAX_BYTES
from cmcheck.core.requested import Request, is_change_file
from cmcheck.github.api import ApiError, Client

# A file the pull request deletes is no request; every other status leaves a file at the head.
_GONE = "removed"


class OpenPull(NamedTuple):
    number: int
    author: str
    head: str  # the head commit's sha
    url: str
    opened: datetime


def _text(raw: Any, *path: str, where: str) -> str:
    value = raw
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, str):
        raise ApiError(f"unexpected answer for {where}: no {'.'.join(path)}")
    return value


def open_pulls(client: Client) -> list[OpenPull]:
    """Every open pull request aimed at the repository's default branch (one aimed elsewhere
    asks nothing of main's schedule), oldest first."""
    found = []
    for raw in client.get_all(client.repo_path("pulls?state=open&sort=created&direction=asc")):
        number = raw.get("number") if isinstance(raw, dict) else None
        if not isinstance(number, int):
            raise ApiError("unexpected answer for the open pull requests: an item has no number")
        where = f"pull request #{number}"
        if _text(raw, "base", "ref", where=where) != _text(raw, "base", "repo",
                                                             "default_branch", where=where):
            continue
        opened = _text(raw, "created_at", where=where)
        try:
            when = datetime.fromisoformat(opened.replace("Z", "+00:00"))
        except ValueError:
            raise ApiError(f"unexpected answer for {where}: created_at is not a time") from None
        found.append(OpenPull(number=number, author=_text(raw, "user", "login", where=where),
                              head=_text(raw, "head", "sha", where=where),
                              url=_text(raw, "html_url", where=where), opened=when))
    return found


def change_files(client: Client, pull: OpenPull) -> list[Request]:
    """The change files the pull request adds or edits, each as its blob at the head."""
    where = f"the files of pull request #{pull.number}"
    found = []
    for entry in client.get_all(client.repo_path(f"pulls/{pull.number}/files")):
        path = _text(entry, "filename", where=where)
        if not is_change_file(path) or _text(entry, "status", where=where) == _GONE:
            continue
        sha = entry.get("sha")
        if not isinstance(sha, str) or not sha:
            raise ApiError(f"GitHub gives no content for {path} in pull request #{pull.number}")
        found.append(Request(pull=pull.number, path=path, raw=blob(client, sha, path=path),
                             url=pull.url, opened=pull.opened))
    return found


def blob(client: Client, sha: str, *, path: str) -> bytes:
    """A blob's bytes, cut one byte past the size limit so that the `yaml` rule refuses it."""
    raw = client.get(client.repo_path(f"git/blobs/{sha}"))
    where = f"the blob of {path}"
    if _text(raw, "encoding", where=where) != "base64":
        raise ApiError(f"unexpected answer for {where}: not base64")
    try:
        data = base64.b64decode(_text(raw, "content", where=where), validate=False)
    except (binascii.Error, ValueError):
        raise ApiError(f"unexpected answer for {where}: its base64 does not decode") from None
    return data[:MAX_BYTES + 1]
