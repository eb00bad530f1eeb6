"""The commands that read GitHub: `approval`, `audit`, and `codeowners` for the gate."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cmcheck.cli.support import Failure, echo_untrusted, iso

if TYPE_CHECKING:
    pass


@click.command()
@click.option("--pr", "number", type=click.IntRange(min=1), required=True,
              help="The pull request's number.")
@click.option("--base", help="Read policy.yaml (the coordinators) from this ref "
                             "(default: the pull request's base commit).")
@click.pass_obj
def approval(root: Path, number: int, base: str | None) -> None:
    """Pass only when a coordinator approved the pull request's current head.

    Reads GitHub's REST API at GITHUB_API_URL with GITHUB_TOKEN for GITHUB_REPOSITORY.
    Exit status: 0 approved, 1 not approved (the line says what is missing), 2 error.
    """
    from cmcheck.core import configuration, event
    from cmcheck.github import api as github_api
    from cmcheck.github import approval_check

    try:
        retargeted = event.base_problem(os.environ)
        if retargeted is not None:
            raise Failure(retargeted)
        verdict = approval_check.run(root, number=number, base=base)
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    except (github_api.ApiError, ValueError) as error:
        raise Failure(str(error)) from None
    echo_untrusted(verdict.message)
    sys.exit(0 if verdict.passed else 1)


@click.command()
@click.option("--now", help="Fix the current time (ISO 8601) for reproducible runs.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True,
              help="markdown is the body of the report to the coordinator.")
@click.option("--since", help="Look up only merges from this ISO date on through the API "
                              "(saves API requests in a long history).")
@click.pass_obj
def audit(root: Path, now: str | None, fmt: str, since: str | None) -> None:
    """Report violations on main: unapproved merges, overdue reviews, work outside its window.

    Reads GitHub's REST API like `approval`. Exit status: 0 none, 1 violations, 2 error.
    """
    from cmcheck.core import configuration
    from cmcheck.core.history import ShallowClone
    from cmcheck.github import api as github_api
    from cmcheck.github import audit as auditing
    from cmcheck.github import audit_report

    try:
        violations, moment = auditing.execute(root, now=iso(now), since=iso(since))
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    except (github_api.ApiError, ShallowClone, ValueError) as error:
        raise Failure(str(error)) from None
    echo_untrusted(audit_report.FORMATS[fmt](violations, now=moment), nl=False,
                   machine=fmt == "json")
    sys.exit(1 if violations else 0)


@click.command()
@click.pass_obj
def codeowners(root: Path) -> None:
    """Print a CODEOWNERS file that makes the coordinators owners of everything."""
    from cmcheck.core import catalog, configuration
    from cmcheck.github.codeowners import render

    try:
        policy = catalog.policy_in(root)
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    echo_untrusted(render(policy.coordinators), nl=False)  # logins from policy.yaml
