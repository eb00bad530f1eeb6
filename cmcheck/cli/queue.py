"""The coordinator's queue: `queue` (what waits in open pull requests)."""

from __future__ import annotations

import os
from pathlib import Path

import click

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
    from cmcheck.core import configuration
    from cmcheck.github import api as github_api
    from cmcheck.github.queue import build, render

    try:
        found = build.build(root, github_api.client_from(os.environ), now=iso(now))
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    except (github_api.ApiError, ValueError) as error:
        raise Failure(f"cannot read the open pull requests: {error}") from None
    echo_untrusted(render.FORMATS[fmt](found), nl=False, machine=fmt == "json")

