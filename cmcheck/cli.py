"""The command line. Commands parse options and call into the package.

Heavy modules (pydantic, GitPython, Jinja2) are imported inside the commands so that
``cmcheck --version`` and ``--help`` cost little more than starting click.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cmcheck import __version__
from cmcheck.change_templates import TEMPLATES
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
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write the site to (replaced if it holds an earlier build).")
@click.option("--now", help="Fix the current time (ISO 8601): states and the current month.")
@click.pass_obj
def calendar(root: Path, out: str, now: str | None) -> None:
    """Write the change calendar: HTML pages and iCalendar feeds."""
    from cmcheck.calendar import site
    from cmcheck.engine import ConfigurationError

    moment = _iso(now) or datetime.now(UTC)
    if moment.tzinfo is None:
        from cmcheck.catalog import policy_in
        from cmcheck.localtime import localize

        try:
            moment = localize(moment, policy_in(root).tz)
        except (ConfigurationError, ValueError) as error:
            raise Failure(str(error)) from None
    templates = root / site.TEMPLATES
    if not (templates / "index.html.j2").is_file():
        raise Failure(f"no calendar templates in {templates} (copy templates/calendar/ from "
                      "cmcheck's repository)")
    try:
        files = site.write(Path(out), site.build(root, moment.astimezone(UTC)))
    except (ConfigurationError, site.BuildError, OSError) as error:
        raise Failure(str(error)) from None
    pages = sum(name.endswith(".html") for name in files)
    click.echo(f"wrote {pages} pages and {sum(n.endswith('.ics') for n in files)} feeds to {out}")


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


def _run_engine(root: Path, path: str, now: datetime | None) -> bool:
    """Validate one file as CI will, print the findings; True when it has errors."""
    from cmcheck import engine
    from cmcheck.reporters import text

    try:
        result = engine.run(engine.Options(root=root, paths=(path,), now=now))
    except engine.ConfigurationError as error:
        raise Failure(str(error)) from None
    click.echo(text.render(result), nl=False)
    return result.failed


@cli.command()
@click.option("--from", "template", type=click.Choice(list(TEMPLATES)),
    help="Start from a template with the usual steps and backout.")
@click.option("-y", "--yes", "accept_defaults", is_flag=True,
              help="Take every default without asking; fail if a needed flag is missing.")
@click.option("--wsus-only/--not-wsus-only", default=None,
              help="Only Windows Updates already in the district's update repository.")
@click.option("--mission-critical/--no-mission-critical", default=None,
              help="Could it affect the availability of mission-critical data?")
@click.option("--upgrade/--no-upgrade", default=None,
              help="An OS or firmware upgrade, or a replacement of server/network equipment.")
@click.option("--user-connectivity/--no-user-connectivity", default=None,
              help="Users lose connectivity or access while it runs.")
@click.option("--facility", multiple=True, help="An environmental facility touched "
              "(air-conditioning, water, heat, plumbing, electricity, alarms, or none).")
@click.option("--emergency/--scheduled", default=None,
              help="An emergency that cannot wait for the notice period (unscheduled).")
@click.option("--category")
@click.option("--title")
@click.option("--name", help="Your name.")
@click.option("--email", help="Your e-mail.")
@click.option("--github", help="Your GitHub login (or none).")
@click.option("--system", multiple=True, help="A system touched (repeat).")
@click.option("--audience", multiple=True, help="A key of policy.audiences (repeat).")
@click.option("--site", multiple=True, help="A key of policy.sites, or none (repeat).")
@click.option("--impact", help="How users are affected.")
@click.option("--duration", type=int, help="Minutes the work takes.")
@click.option("--backout-minutes", type=int, help="Minutes the backout takes.")
@click.option("--start", help="Start, local time (default: the earliest compliant start).")
@click.option("--plan", help="Plan summary.")
@click.option("--step", multiple=True, help="A plan step (repeat).")
@click.option("--verification", help="How success is checked.")
@click.option("--staff", multiple=True, help="Who will be there (repeat).")
@click.option("--backout", help="Backout summary.")
@click.option("--backout-step", multiple=True, help="A backout step (repeat).")
@click.option("--stakeholder", multiple=True, help="Who was consulted (repeat).")
@click.option("--coordinated-with", help="Who facilities work was coordinated with.")
@click.option("--reason", help="Why an unscheduled change could not be scheduled.")
@click.option("--id", "change_id", help="The id (file name without .yaml).")
@click.option("--now", help="Fix the current time (ISO 8601) for reproducible runs.")
@click.pass_obj
def new(root: Path, /, template: str | None, accept_defaults: bool, now: str | None,
        change_id: str | None, **given: object) -> None:
    """Write a new change request by answering the procedure's questions.

    Says when no change request is needed, proposes the earliest compliant start, writes
    changes/<year>/<id>.yaml (never over an existing id) and validates it.
    """
    from cmcheck import asker as questions
    from cmcheck import catalog, engine, wizard_prompts
    from cmcheck.localtime import localize

    try:
        policy = catalog.policy_in(root)
    except engine.ConfigurationError as error:
        raise Failure(str(error)) from None
    fixed = _iso(now)
    moment = (fixed if fixed is None or fixed.tzinfo else localize(fixed, policy.tz))
    current = (moment or datetime.now().astimezone()).astimezone(policy.tz)
    asker = questions.Asker(given={**given, "id": change_id}, accept_defaults=accept_defaults)
    try:
        answers = wizard_prompts.ask(
            asker, policy=policy, known=list(catalog.changes_in(root, policy).values()),
            now=current, template=wizard_prompts.template_named(template))
        if isinstance(answers, str):
            click.echo(answers)
            return
        proposed = wizard_prompts.target(root, answers, policy=policy, given_id=None).stem
        chosen = asker.text("id", "Id (the file name)", proposed,
                            check=lambda value: wizard_prompts.free_id(root, value))
    except questions.MissingAnswer as error:
        raise Failure(str(error)) from None
    path = wizard_prompts.write(root, answers, policy=policy, change_id=chosen)
    relative = path.relative_to(root).as_posix()
    click.echo(f"wrote {relative}")
    sys.exit(1 if _run_engine(root, relative, fixed) else 0)


@cli.command()
@click.argument("change_id", metavar="ID")
@click.option("--outcome", type=click.Choice(
    ["successful", "failed", "backed-out", "postponed", "partial"]))
@click.option("--completed", help="When the work ended, local time (default: now).")
@click.option("--notes", help="What happened.")
@click.option("--next-steps", help="For a change that did not succeed: what happens next.")
@click.option("--follow-up", "follow_ups", multiple=True, help="A follow-up task (repeat).")
@click.option("--replace", is_flag=True, help="Replace a review the file already has.")
@click.option("--now", help="Fix the current time (ISO 8601) for reproducible runs.")
@click.pass_obj
def review(root: Path, /, change_id: str, outcome: str | None, completed: str | None,
           notes: str | None, next_steps: str | None, follow_ups: tuple[str, ...],
           replace: bool, now: str | None) -> None:
    """Add the Change Review (outcome, completion, notes, follow-ups) to change ID."""
    from cmcheck import catalog, engine, review_cmd
    from cmcheck.engine import read_change
    from cmcheck.localtime import localize

    try:
        policy = catalog.policy_in(root)
        path = review_cmd.find(root, change_id)
    except engine.ConfigurationError as error:
        raise Failure(str(error)) from None
    except LookupError as error:
        raise Failure(str(error)) from None
    relative = path.relative_to(root).as_posix()
    subject, findings = read_change(root, relative, policy.tz)
    if subject is None or findings:
        raise Failure(f"{relative} does not parse; run cmcheck validate and fix it first")
    if subject.change.review is not None and not replace:
        raise Failure(f"{relative} already has a review; use --replace to replace it")
    fixed = _iso(now)
    current = (localize(fixed, policy.tz) if fixed and not fixed.tzinfo else fixed) \
        or datetime.now().astimezone()
    text = review_cmd.render_review(review_cmd.ask(
        policy=policy, now=current, outcome=outcome, completed=completed, notes=notes,
        next_steps=next_steps, follow_ups=list(follow_ups)), policy=policy)
    original = path.read_bytes().decode("utf-8")  # no newline translation: bytes stay as they are
    path.write_bytes(review_cmd.with_review(original, text).encode("utf-8"))
    click.echo(f"{'replaced the review in' if subject.change.review else 'added a review to'} "
               f"{relative}")
    sys.exit(1 if _run_engine(root, relative, fixed) else 0)


@cli.command()
@click.option("--since", help="Only changes starting on or after this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]),
              default="text", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE (e.g. "
              "statistics.html) instead of standard output.")
@click.option("--now", help="Fix the current time (ISO 8601) for reproducible runs.")
@click.pass_obj
def report(root: Path, /, since: str | None, fmt: str, out: str | None, now: str | None) -> None:
    """The process in numbers: changes per month, outcomes, notice, exceptions, reviews."""
    from datetime import date

    from cmcheck import engine, report_load, report_render
    from cmcheck.repo import ShallowClone

    try:
        first = date.fromisoformat(since) if since else None
    except ValueError:
        raise click.BadParameter(f"{since!r} is not a date like 2026-09-01",
                                 param_hint="--since") from None
    fixed = _iso(now)
    try:
        if fixed is not None and fixed.tzinfo is None:
            from cmcheck import catalog
            from cmcheck.localtime import localize

            fixed = localize(fixed, catalog.policy_in(root).tz)
        result = report_load.load(root, now=fixed or datetime.now().astimezone(), since=first)
    except engine.ConfigurationError as error:
        raise Failure(str(error)) from None
    except ShallowClone as error:
        raise Failure(str(error)) from None
    output = report_render.RENDERERS[fmt](result)
    if out:
        Path(out).write_text(output, encoding="utf-8")
        click.echo(f"wrote {out}")
    else:
        click.echo(output, nl=False)


def main() -> None:
    try:
        cli(prog_name="cmcheck")
    except Exception as error:  # a traceback helps no technician reading a CI log
        click.echo(f"cmcheck: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(2)
