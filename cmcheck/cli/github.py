"""The commands that read GitHub: `approval`, `audit`, and `codeowners` for the gate."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cmcheck.cli.support import Failure, echo_untrusted, iso


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
    from cmcheck.core import configuration
    from cmcheck.core.git import event
    from cmcheck.github import api as github_api
    from cmcheck.github.approval import check as approval_check

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
@click.option("--now", envvar="CMCHECK_NOW",
              help="Fix the current time (ISO 8601) for reproducible runs.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True,
              help="markdown is the body of the report to the coordinator.")
@click.option("--since", help="Look up only merges from this ISO date on through the API "
                              "(saves API requests in a long history).")
@click.option("--issue", "to_issue", is_flag=True,
              help="When there are violations, open the coordinator's issue (label "
                   "cmcheck-audit) with the Markdown report, or update the open one.")
@click.pass_obj
def audit(root: Path, now: str | None, fmt: str, since: str | None, to_issue: bool) -> None:
    """Report violations on main: unapproved merges, overdue reviews, work outside its window,
    repository settings weaker than .github/ declares, a notify run that did not go through.

    Reads GitHub's REST API like `approval` and `settings` (--issue also needs issues: write).
    Exit status: 0 none, 1 violations, 2 error.
    """
    from cmcheck.core import configuration
    from cmcheck.core.git.history import ShallowClone
    from cmcheck.github import api as github_api
    from cmcheck.github.audit import report as audit_report
    from cmcheck.github.audit import run as auditing

    try:
        found = auditing.execute(root, now=iso(now), since=iso(since))
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    except (github_api.ApiError, ShallowClone, ValueError) as error:
        raise Failure(str(error)) from None
    echo_untrusted(audit_report.FORMATS[fmt](found.violations, now=found.moment,
                                             unverified=found.unverified), nl=False,
                   machine=fmt == "json")
    if to_issue and found.violations:
        _report_to_issue(audit_report.render_markdown(found.violations, now=found.moment,
                                                      unverified=found.unverified))
    sys.exit(1 if found.violations else 0)


def _report_to_issue(body: str) -> None:
    import os

    from cmcheck.github import api as github_api
    from cmcheck.github.api import client_from
    from cmcheck.github.audit import issue as issues

    try:
        number, opened = issues.report(client_from(os.environ), body)
    except (github_api.ApiError, ValueError) as error:
        raise Failure(f"cannot report to the coordinator's issue: {error}") from None
    click.echo(f"{'opened' if opened else 'updated'} issue #{number}", err=True)


@click.command()
@click.pass_obj
def codeowners(root: Path) -> None:
    """Print a CODEOWNERS file that makes the coordinators owners of everything."""
    from cmcheck.core import catalog, configuration
    from cmcheck.core.model.codeowners import render

    try:
        policy = catalog.policy_in(root)
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    echo_untrusted(render(policy.coordinators), nl=False)  # logins from policy.yaml
