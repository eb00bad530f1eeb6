"""`cmcheck notify`: the notices a push to main makes due, delivered once."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cmcheck.cli.support import Failure, echo_err, echo_untrusted, iso

if TYPE_CHECKING:
    from cmcheck.notices.deliver import Report


@click.command()
@click.option("--before", help="The commit before the push (github.event.before).")
@click.option("--after", default="HEAD", show_default=True, help="The commit after the push.")
@click.option("--reminders", "remind", is_flag=True,
              help="Send reminders for changes starting within policy.reminder_hours.")
@click.option("--now", envvar="CMCHECK_NOW",
              help="Fix the current time (ISO 8601); reminders are due relative to it.")
@click.option("--outbox", type=click.Path(file_okay=False),
              help="Also write every message as an .eml file into DIR.")
@click.option("--dry-run", is_flag=True,
              help="Render what would be sent as Markdown; send and record nothing.")
@click.option("--init", "init", is_flag=True,
              help="Start the ledger on purpose: everything up to --after counts as announced "
                   "(the coordinator, once; needs CMCHECK_LEDGER_KEY and GITHUB_REPOSITORY).")
@click.option("--digest", is_flag=True,
              help="Send the coordinator this week's digest of the change requests waiting in "
                   "open pull requests (once per ISO week; reads GitHub like `queue`).")
@click.pass_obj
def notify(root: Path, before: str | None, after: str, remind: bool, now: str | None,
           outbox: str | None, dry_run: bool, init: bool, digest: bool) -> None:
    """Announce changes: scheduled, rescheduled, cancelled, completion and reminder notices.

    Sends over SMTP when CMCHECK_SMTP_HOST is set (CMCHECK_SMTP_PORT, _USER, _PASSWORD, _FROM,
    _TLS, _CA_FILE; the password goes only over TLS); a ledger in refs/cmcheck/ledger, signed
    with CMCHECK_LEDGER_KEY, makes every notice go out once per recipient. Sending stops
    (exit 2) while the ledger has no record it can trust, until the coordinator starts it with
    --init. Exit status: 0 all delivered, 1 a recipient was refused, 2 usage, configuration or
    connection error.
    """
    import jinja2

    from cmcheck.core import configuration
    from cmcheck.notices import ledger as ledgers
    from cmcheck.notices import notify as notifying

    if init:
        _start(root, after, others=remind or before is not None or dry_run or bool(outbox)
               or digest)
        return
    if digest:
        if remind or before is not None:
            raise Failure("--digest is a run of its own: give it without --before or "
                          "--reminders")
        _digest(root, now=now, outbox=outbox, dry_run=dry_run)
        return
    if remind == (before is not None):
        raise Failure(
            ("give --before or --reminders, not both: " if remind else "nothing to announce: ")
            + "--before SHA for the notices a push to main makes due (SHA is the commit before "
            "the push, github.event.before; --after defaults to HEAD), or --reminders for the "
            "changes that start within policy.reminder_hours")
    options = notifying.Options(root=root, before=before, after=after, now=iso(now),
                                outbox=Path(outbox) if outbox else None, dry_run=dry_run)
    try:
        report, configured = notifying.execute(options)
    except jinja2.TemplateNotFound as error:
        raise Failure(f"no template {error.name} in {root / 'templates' / 'notices'}") from None
    except (configuration.ConfigurationError, ValueError, ledgers.LedgerError,
            jinja2.TemplateError) as error:
        raise Failure(str(error)) from None
    _report(report, dry_run=dry_run, configured=configured)
    if report.error:
        raise Failure(f"delivery stopped ({report.error}); the next run sends the rest")
    sys.exit(1 if report.refused else 0)


def _start(root: Path, after: str, *, others: bool) -> None:
    from cmcheck.notices import ledger as ledgers
    from cmcheck.notices import notify as notifying

    if others:
        raise Failure("--init starts the ledger and sends nothing: give it alone (with --after "
                      "for the last commit whose notices are known to have gone out)")
    try:
        commit, name = notifying.initialise(root, after)
    except (ValueError, ledgers.LedgerError) as error:
        raise Failure(str(error)) from None
    echo_err(f"started {ledgers.REF} for {name} at {commit}: notices of later pushes go out; "
             f"push it now: git push origin {ledgers.REF}")


def _report(report: Report, *, dry_run: bool, configured: bool) -> None:
    from cmcheck.notices import notify as notifying

    if dry_run or not configured:
        # Plain text where it is read (a terminal, a CI log, fenced there by echo_untrusted),
        # Markdown where it is rendered (the job summary).
        echo_untrusted(notifying.render_text_preview(report.previews))
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(notifying.render_preview(report.previews) + "\n")
        if not dry_run:
            click.echo("CMCHECK_SMTP_HOST is not set: nothing was sent or recorded.", err=True)
    if report.ignored and configured:
        click.echo(f"warning: refs/cmcheck/ledger holds {report.ignored} record(s) not signed "
                   "with CMCHECK_LEDGER_KEY (written by someone other than the notify workflow, "
                   "or under an older key); they were ignored, so their notices went out "
                   "again if due", err=True)
    for path in report.written:
        echo_err(f"wrote {path}")
    for change_id, recipient in report.sent:
        echo_err(f"sent {change_id} to {recipient}")
    for change_id, recipient, answer in report.refused:
        echo_err(f"refused {change_id} for {recipient}: {answer}")
    if report.skipped:
        click.echo(f"{report.skipped} notice(s) already delivered", err=True)


def _digest(root: Path, *, now: str | None, outbox: str | None, dry_run: bool) -> None:
    """The coordinator's weekly digest (issue 27): the queue read from GitHub here, handed to
    the notices as plain data."""

    import jinja2

    from cmcheck.cli.queue import waiting
    from cmcheck.core import configuration
    from cmcheck.github.queue import render
    from cmcheck.notices import digest as digests
    from cmcheck.notices import ledger as ledgers

    found = waiting(root, now)
    try:
        outcome = digests.execute(root, render.as_plain(found), now=found.now,
                                  outbox=Path(outbox) if outbox else None, dry_run=dry_run)
    except jinja2.TemplateNotFound as error:
        raise Failure(f"no template {error.name} in {root / 'templates' / 'notices'}") from None
    except (configuration.ConfigurationError, ValueError, ledgers.LedgerError,
            jinja2.TemplateError, OSError) as error:
        raise Failure(str(error)) from None
    if outcome.rendered is None:
        click.echo(f"nothing waits in open pull requests: no digest for {outcome.week}", err=True)
        return
    if outcome.written is not None:
        echo_err(f"wrote {outcome.written}")
    if outcome.already:
        click.echo(f"the digest of {outcome.week} was already sent", err=True)
    elif outcome.sent or outcome.refused:
        for recipient in outcome.sent:
            echo_err(f"sent the digest of {outcome.week} to {recipient}")
        for recipient, answer in outcome.refused:
            echo_err(f"refused the digest for {recipient}: {answer}")
        if outcome.refused:
            sys.exit(1)
    else:
        echo_untrusted(f"Subject: {outcome.rendered.subject}\n\n{outcome.rendered.text}")
        if not dry_run:
            click.echo("CMCHECK_SMTP_HOST is not set: nothing was sent or recorded.", err=True)
