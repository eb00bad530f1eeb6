"""The coordinator's queue: `queue` (what waits in open pull requests)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from cmcheck.github.queue.build import Queue

from cmcheck.cli.support import Failure, echo_untrusted, iso


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json prints {\"pending\": [...]} for scripts.")
@click.option("--now", envvar="CMCHECK_NOW",
              help="Fix the current time (ISO 8601) for reproducible runs.")
@click.pass_obj
def queue(root: Path, fmt: str, now: str | None) -> None:
    """List the change requests waiting in open pull requests, by days left.

    For each: its pull request, start, days left, whether the notice still holds, whether a
    coordinator approved the head (the rule of `approval`) and its conflicts with merged and
    other requested changes. Reads GitHub's REST API at GITHUB_API_URL with GITHUB_TOKEN
    (pull-requests: read, contents: read) for GITHUB_REPOSITORY.
    Exit status: 0 listed (even when something waits), 2 error.
    """
    from cmcheck.github.queue import render

    echo_untrusted(render.FORMATS[fmt](waiting(root, now)), nl=False, machine=fmt == "json")


def waiting(root: Path, now: str | None) -> Queue:
    """The queue read from GitHub, or the reason it cannot be, as a Failure (exit 2): shared
    by `queue` and `notify --digest`."""
    from cmcheck.core import configuration
    from cmcheck.github import api as github_api
    from cmcheck.github.queue import build

    try:
        return build.build(root, github_api.client_from(os.environ), now=iso(now))
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    except (github_api.ApiError, ValueError) as error:
        raise Failure(f"cannot read the open pull requests: {error}") from None

