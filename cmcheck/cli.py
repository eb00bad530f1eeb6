"""The command line. Commands parse options and call into the package.

Heavy modules (pydantic, GitPython, Jinja2) are imported inside the commands so that
``cmcheck --version`` and ``--help`` cost little more than starting click.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cmcheck import __version__
from cmcheck.reporters import FORMATS

if TYPE_CHECKING:
    from cmcheck.deliver import Report


def _iso(value: str | None) -> datetime | None:
    if value is None:
        return None
    from cmcheck.localtime import YEARS

    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date and time "
                                 "(2026-12-01T09:00 or 2026-12-01T09:00-06:00)") from None
    if parsed.year not in YEARS:  # beyond them, converting to UTC overflows
        raise click.BadParameter(f"{value!r} is out of range: use a year from {YEARS.start} "
                                 f"to {YEARS.stop - 1}")
    return parsed


class Failure(click.ClickException):
    """A usage, configuration or environment problem: exit 2, as DESIGN.md says."""

    exit_code = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cmcheck")
@click.option("-C", "directory", default=".", type=click.Path(file_okay=False),
              help="Run as if started in DIR (the repository root).")
@click.pass_context
def cli(ctx: click.Context, directory: str) -> None:
    """Change management as code: check, approve, announce and publish change requests."""
    ctx.obj = Path(directory)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)),
              help="Output format (github under GitHub Actions, else text).")
@click.option("--base", help="Judge by this ref's policy.yaml and check only files changed "
                             "since it (a pull request's base branch).")
@click.option("--now", help="Fix the current time (ISO 8601) for reproducible runs.")
@click.pass_obj
def validate(root: Path, paths: tuple[str, ...], fmt: str | None, base: str | None,
             now: str | None) -> None:
    """Check change requests against the schema and the district's policy.

    Exit status: 0 clean, 1 findings of severity error, 2 usage or configuration error.
    """
    from cmcheck import engine
    from cmcheck.findings import Result
    from cmcheck.repo import ShallowClone
    from cmcheck.reporters import github, text

    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    options = engine.Options(root=root, paths=paths, base=base, now=_iso(now))
    try:
        result = engine.run(options)
    except engine.ConfigurationError as error:
        if error.findings:
            click.echo(text.render(Result(1, error.findings)), err=True, nl=False)
        raise Failure(str(error)) from None
    except (ShallowClone, ValueError) as error:
        raise Failure(str(error)) from None
    if fmt == "text":
        output = text.render(result, color=sys.stdout.isatty())
    else:
        output = FORMATS[fmt](result)
    click.echo(output, nl=False)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(github.summary(result))
    sys.exit(1 if result.failed else 0)


@cli.command()
@click.option("--check", is_flag=True, help="Fail if schema/ differs from the models.")
@click.pass_obj
def schema(root: Path, check: bool) -> None:
    """Write (or verify) schema/*.schema.json from the models."""
    from cmcheck import schemas

    folder = root / "schema"
    if check:
        stale = schemas.stale(folder)
        if stale:
            raise Failure(f"schema/ is stale: {', '.join(stale)}; run cmcheck schema")
        click.echo("schema/ is up to date")
        return
    for name in schemas.write(folder):
        click.echo(f"wrote schema/{name}")


@cli.command()
@click.option("--markdown", is_flag=True, help="The reference as Markdown (for the README).")
def rules(markdown: bool) -> None:
    """List the rules with their documentation."""
    from cmcheck import ruledocs

    click.echo(ruledocs.markdown() if markdown else ruledocs.listing(), nl=False)


@cli.command()
@click.option("--before", help="The commit before the push (github.event.before).")
@click.option("--after", default="HEAD", show_default=True, help="The commit after the push.")
@click.option("--reminders", "remind", is_flag=True,
              help="Send reminders for changes starting within policy.reminder_hours.")
@click.option("--now", help="Fix the current time (ISO 8601); reminders are due relative to it.")
@click.option("--outbox", type=click.Path(file_okay=False),
              help="Also write every message as an .eml file into DIR.")
@click.option("--dry-run", is_flag=True,
              help="Render what would be sent as Markdown; send and record nothing.")
@click.pass_obj
def notify(root: Path, before: str | None, after: str, remind: bool, now: str | None,
           outbox: str | None, dry_run: bool) -> None:
    """Announce changes: scheduled, rescheduled, cancelled, completion and reminder notices.

    Sends over SMTP when CMCHECK_SMTP_HOST is set (CMCHECK_SMTP_PORT, _USER, _PASSWORD, _FROM);
    a ledger in refs/cmcheck/ledger makes every notice go out once per recipient. Exit status:
    0 all delivered, 1 a recipient was refused, 2 usage, configuration or connection error.
    """
    import jinja2

    from cmcheck import engine
    from cmcheck import ledger as ledgers
    from cmcheck import notify as notifying

    if remind == (before is not None):
        raise Failure("give either --before (a push) or --reminders")
    options = notifying.Options(root=root, before=before, after=after, now=_iso(now),
                                outbox=Path(outbox) if outbox else None, dry_run=dry_run)
    try:
        report, configured = notifying.execute(options)
    except jinja2.TemplateNotFound as error:
        raise Failure(f"no template {error.name} in {root / 'templates' / 'notices'}") from None
    except (engine.ConfigurationError, ValueError, ledgers.LedgerError,
            jinja2.TemplateError) as error:
        raise Failure(str(error)) from None
    _report(report, dry_run=dry_run, configured=configured)
    if report.error:
        raise Failure(f"delivery stopped ({report.error}); the next run sends the rest")
    sys.exit(1 if report.refused else 0)


def _report(report: Report, *, dry_run: bool, configured: bool) -> None:
    from cmcheck import notify as notifying

    if dry_run or not configured:
        preview = notifying.render_preview(report.previews)
        click.echo(preview)
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(preview + "\n")
        if not dry_run:
            click.echo("CMCHECK_SMTP_HOST is not set: nothing was sent or recorded.", err=True)
    for path in report.written:
        click.echo(f"wrote {path}", err=True)
    for change_id, recipient in report.sent:
        click.echo(f"sent {change_id} to {recipient}", err=True)
    for change_id, recipient, answer in report.refused:
        click.echo(f"refused {change_id} for {recipient}: {answer}", err=True)
    if report.skipped:
        click.echo(f"{report.skipped} notice(s) already delivered", err=True)


@cli.command()
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
    from cmcheck import approval_check, engine, github_api

    try:
        verdict = approval_check.run(root, number=number, base=base)
    except engine.ConfigurationError as error:
        raise Failure(str(error)) from None
    except (github_api.ApiError, ValueError) as error:
        raise Failure(str(error)) from None
    click.echo(verdict.message)
    sys.exit(0 if verdict.passed else 1)


@cli.command()
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
    from cmcheck import audit as auditing
    from cmcheck import audit_report, engine, github_api
    from cmcheck.repo import ShallowClone

    try:
        violations, moment = auditing.execute(root, now=_iso(now), since=_iso(since))
    except engine.ConfigurationError as error:
        raise Failure(str(error)) from None
    except (github_api.ApiError, ShallowClone, ValueError) as error:
        raise Failure(str(error)) from None
    click.echo(audit_report.FORMATS[fmt](violations, now=moment), nl=False)
    sys.exit(1 if violations else 0)


@cli.command()
@click.pass_obj
def codeowners(root: Path) -> None:
    """Print a CODEOWNERS file that makes the coordinators owners of everything."""
    from cmcheck import catalog, engine
    from cmcheck.codeowners import render

    try:
        policy = catalog.policy_in(root)
    except engine.ConfigurationError as error:
        raise Failure(str(error)) from None
    click.echo(render(policy.coordinators), nl=False)


def main() -> None:
    try:
        cli(prog_name="cmcheck")
    except Exception as error:  # a traceback helps no technician reading a CI log
        click.echo(f"cmcheck: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(2)
