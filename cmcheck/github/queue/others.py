"""For a pull request's check: the change requests of the other open pull requests, read with
the workflow's token and handed to the core as plain data (`core/requested.OpenRequests`), or
why they could not be read, which `validate` then says once instead of guessing "no conflict".
"""

from __future__ import annotations

from collections.abc import Mapping

from cmcheck.core.clock import PullRequestEvent
from cmcheck.core.judge.findings import one_line
from cmcheck.core.requested import OpenRequests, Request
from cmcheck.github.api import ApiError, client_from
from cmcheck.github.queue.read import change_files, open_pulls


def other_requests(event: PullRequestEvent, environ: Mapping[str, str]) -> OpenRequests:
    if not environ.get("GITHUB_TOKEN"):
        return OpenRequests(unread="no GITHUB_TOKEN to read them")
    try:
        client = client_from(environ)
        found: list[Request] = []
        for pull in open_pulls(client):
            if pull.number != event.number:  # its own files are judged as its own
                found.extend(change_files(client, pull))
    except ApiError as error:
        return OpenRequests(unread=one_line(str(error), limit=300))
    return OpenRequests(requests=tuple(found))
