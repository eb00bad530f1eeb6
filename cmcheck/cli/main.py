"""The command line. Commands parse options and call into the package.

Heavy modules (pydantic, GitPython, Jinja2) are imported inside the commands so that
``cmcheck --version`` and ``--help`` cost little more than starting click.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cmcheck import __version__
from cmcheck.cli.calendar import calendar
from cmcheck.cli.github import approval, audit, codeowners
from cmcheck.cli.impact import impact
from cmcheck.cli.intake import intake, intake_pr, issue_form
from cmcheck.cli.notify import notify
from cmcheck.cli.queue import queue
from cmcheck.cli.report import report
from cmcheck.cli.settings import settings
from cmcheck.cli.systems import systems
from cmcheck.cli.technician import new, review
from cmcheck.cli.validate import rules, schema, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cmcheck")
@click.option("-C", "directory", default=".", type=click.Path(file_okay=False),
              help="Run as if started in DIR (the repository root).")
@click.pass_context
def cli(ctx: click.Context, directory: str) -> None:
    """Change management as code: check, approve, announce and publish change requests."""
    ctx.obj = Path(directory)


# Registered explicitly, one module per group of commands.
for command in (validate, calendar, schema, rules, notify, approval, audit, settings, codeowners,
                new, review, report, impact):
    cli.add_command(command)
# The coordinator's queue (issue 27), the online change request (issue 26) and the inventory's
# ids searched by words (issue 24).
for command in (queue, issue_form, intake, intake_pr, systems):
    cli.add_command(command)


def main() -> None:
    try:
        cli(prog_name="cmcheck")
    except SystemExit as done:  # click ends every run so, success included
        leave(done.code)
    except Exception as error:  # a traceback helps no technician reading a CI log
        from cmcheck.core.safe.workflow_log import inert

        click.echo(inert(f"cmcheck: internal error: {type(error).__name__}: {error}"), err=True)
        leave(2)


def leave(code: object) -> None:
    """End the process once its output is flushed, without tearing the interpreter down.

    A full run leaves 10,000 changes' objects behind; freeing them one by one and the
    collector's last pass cost a tenth of validate's time (issue 25). Every file the commands
    write is closed by then (each in a with block) and nothing registers exit handlers; mypy
    ends the same way (mypy.util.hard_exit).
    """
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what sys.exit("message") would print
        code = 1
    if sys.getprofile() is not None or sys.gettrace() is not None:
        # A profiler or coverage writes its report at exit: let the interpreter end normally.
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (`| head`) gets no more output, as before
        pass
    os._exit(code or 0)
