"""The validation core's commands: `validate`, `schema` and `rules`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cmcheck.cli.support import Failure, echo_err, echo_untrusted, iso
from cmcheck.core.judge.reporters import FORMATS

if TYPE_CHECKING:
    from cmcheck.core.clock import PullRequestClock
    from cmcheck.core.requested import OpenRequests


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)),
              help="Output format (github under GitHub Actions, else text).")
@click.option("--base", help="Judge by this ref's policy.yaml and check only files changed "
                             "since it (a pull request's base branch).")
@click.option("--now", envvar="CMCHECK_NOW",
              help="Fix the current time (ISO 8601) for reproducible runs.")
@click.pass_obj
def validate(root: Path, paths: tuple[str, ...], fmt: str | None, base: str | None,
             now: str | None) -> None:
    """Check change requests against the schema and the district's policy.

    Exit status: 0 clean, 1 findings of severity error, 2 usage or configuration error.
    """
    # A pull request's git scans that need only the base begin first, on the other core,
    # while the rest of the check is imported (core/git/history.HeadStart).
    from cmcheck.core.git.history import ShallowClone, head_start

    early = head_start(root, base) if base else None
    from cmcheck.core import configuration, engine
    from cmcheck.core.judge.findings import Result
    from cmcheck.core.judge.reporters import github, text

    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    try:
        options = engine.Options(root=root, paths=paths, base=base, now=iso(now),
                                 pull=_pull_request(base), others=_other_requests(base),
                                 early=early)
        result = engine.run(options)
    except configuration.ConfigurationError as error:
        if error.findings:
            echo_err(text.render(Result(1, error.findings)).rstrip("\n"))
        raise Failure(str(error)) from None
    except (ShallowClone, ValueError) as error:
        raise Failure(str(error)) from None
    finally:
        if early is not None:  # a run that failed before the check read them
            early.close()
    if fmt == "text":
        echo_untrusted(text.render(result, color=sys.stdout.isatty()), nl=False)
    elif fmt == "github":  # commands by design, every value escaped (reporters/github.py)
        click.echo(FORMATS[fmt](result), nl=False)
    else:
        echo_untrusted(FORMATS[fmt](result), nl=False, machine=True)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(github.summary(result))
    sys.exit(1 if result.failed else 0)


def _pull_request(base: str | None) -> PullRequestClock | None:
    """In a pull request's workflow: its event and GitHub's record of pushes to its head, for
    the notice-period clock (the core decides; this reads)."""
    from cmcheck.core import clock

    event = clock.pull_request_event(os.environ) if base else None
    if event is None:
        return None
    # Only here: the REST client brings ssl and http.client, which no other check needs.
    from cmcheck.github import activity

    return activity.pull_clock(event, os.environ)


def _other_requests(base: str | None) -> OpenRequests | None:
    """In a pull request's workflow: the change requests of the other open pull requests, which
    `conflict` judges too (issue 27), or why they could not be read."""
    from cmcheck.core import clock

    event = clock.pull_request_event(os.environ) if base else None
    if event is None:
        return None
    # Only here, as in _pull_request: a run outside a pull request's workflow (every full run)
    # spent 11 ms importing the REST client it never used.
    from cmcheck.github.queue.others import other_requests

    return other_requests(event, os.environ)


@click.command()
@click.option("--check", is_flag=True, help="Fail if schema/ differs from the models.")
@click.pass_obj
def schema(root: Path, check: bool) -> None:
    """Write (or verify) schema/*.schema.json from the models."""
    from cmcheck.core.model import schemas

    folder = root / "schema"
    if check:
        stale = schemas.stale(folder)
        if stale:
            raise Failure(f"schema/ is stale: {', '.join(stale)}; run cmcheck schema")
        click.echo("schema/ is up to date")
        return
    for name in schemas.write(folder):
        click.echo(f"wrote schema/{name}")


@click.command()
@click.option("--markdown", is_flag=True, help="The reference as Markdown (for the README).")
def rules(markdown: bool) -> None:
    """List the rules with their documentation."""
    from cmcheck.core.judge import ruledocs

    click.echo(ruledocs.markdown() if markdown else ruledocs.listing(), nl=False)
