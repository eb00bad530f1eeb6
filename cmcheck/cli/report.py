"""`cmcheck report`: the process in numbers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from cmcheck.cli.support import Failure, echo_untrusted, iso


@click.command()
@click.option("--since", help="Only changes starting on or after this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]),
              default="text", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE (e.g. "
              "statistics.html) instead of standard output.")
@click.option("--now", envvar="CMCHECK_NOW",
              help="Fix the current time (ISO 8601) for reproducible runs.")
@click.pass_obj
def report(root: Path, /, since: str | None, fmt: str, out: str | None, now: str | None) -> None:
    """The process in numbers: changes per month, outcomes, notice, exceptions, reviews."""
    from datetime import date

    from cmcheck.core import configuration
    from cmcheck.core.git.history import ShallowClone
    from cmcheck.report import load as report_load
    from cmcheck.report import render as report_render

    try:
        first = date.fromisoformat(since) if since else None
    except ValueError:
        raise click.BadParameter(f"{since!r} is not a date like 2026-09-01",
                                 param_hint="--since") from None
    fixed = iso(now)
    try:
        if fixed is not None and fixed.tzinfo is None:
            from cmcheck.core import catalog
            from cmcheck.core.model.localtime import localize

            fixed = localize(fixed, catalog.policy_in(root).tz)
        result = report_load.load(root, now=fixed or datetime.now().astimezone(), since=first)
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    except ShallowClone as error:
        raise Failure(str(error)) from None
    output = report_render.RENDERERS[fmt](result)
    if out:
        Path(out).write_text(output, encoding="utf-8")
        click.echo(f"wrote {out}")
    else:
        echo_untrusted(output, nl=False, machine=fmt == "json")
