"""`cmcheck calendar`: the site and its feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from cmcheck.cli.support import Failure, iso


@click.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write the site to (replaced if it holds an earlier build).")
@click.option("--now", envvar="CMCHECK_NOW",
              help="Fix the current time (ISO 8601): states and the current month.")
@click.pass_obj
def calendar(root: Path, out: str, now: str | None) -> None:
    """Write the change calendar: HTML pages and iCalendar feeds."""
    import jinja2

    from cmcheck.calendar import site
    from cmcheck.core.configuration import ConfigurationError
    from cmcheck.core.git.history import ShallowClone

    moment = iso(now) or datetime.now(UTC)
    if moment.tzinfo is None:
        from cmcheck.core.catalog import policy_in
        from cmcheck.core.model.localtime import localize

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
    except (ConfigurationError, ShallowClone, site.BuildError, OSError,
            jinja2.TemplateError) as error:
        # TemplateNotFound is an OSError too; a refused template names itself (templating.py).
        raise Failure(str(error) if not isinstance(error, jinja2.TemplateNotFound)
                      else f"no template {error.name} in {templates}") from None
    pages = sum(name.endswith(".html") for name in files)
    click.echo(f"wrote {pages} pages and {sum(n.endswith('.ics') for n in files)} feeds to {out}")
