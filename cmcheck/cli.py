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
from cmcheck.cli_github import approval, audit, codeowners
from cmcheck.cli_notify import notify
from cmcheck.cli_support import Failure, iso
from cmcheck.cli_technician import new, report, review
from cmcheck.reporters import FORMATS

if TYPE_CHECKING:
    pass


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
    options = engine.Options(root=root, paths=paths, base=base, now=iso(now))
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

    moment = iso(now) or datetime.now(UTC)
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


# Registered explicitly, one module per group of commands.
for command in (notify, approval, audit, codeowners, new, review, report):
    cli.add_command(command)


def main() -> None:
    try:
        cli(prog_name="cmcheck")
    except Exception as error:  # a traceback helps no technician reading a CI log
        click.echo(f"cmcheck: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(2)
