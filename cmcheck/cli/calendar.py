"""`cmcheck calendar`: the site and its feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cmcheck.cli.support import Failure, iso

if TYPE_CHECKING:
    from cmcheck.core.requested import Request


@click.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write the site to (replaced if it holds an earlier build).")
@click.option("--now", envvar="CMCHECK_NOW",
              help="Fix the current time (ISO 8601): states and the current month.")
@click.option("--pending", is_flag=True,
              help="Also show the change requests of open pull requests, as Requested (read "
                   "from GitHub's REST API like `queue`).")
@click.pass_obj
def calendar(root: Path, out: str, now: str | None, pending: bool) -> None:
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
    requests = _requested(root) if pending else None
    try:
        files = site.write(Path(out), site.build(root, moment.astimezone(UTC), requests))
    except (ConfigurationError, ShallowClone, site.BuildError, OSError,
            jinja2.TemplateError) as error:
        # TemplateNotFound is an OSError too; a refused template names itself (templating.py).
        raise Failure(str(error) if not isinstance(error, jinja2.TemplateNotFound)
                      else f"no template {error.name} in {templates}") from None
    pages = sum(name.endswith(".html") for name in files)
    click.echo(f"wrote {pages} pages and {sum(n.endswith('.ics') for n in files)} feeds to {out}"
               + (f" ({len(requests)} requested changes shown as Requested)"
                  if requests is not None else ""))


def _requested(root: Path) -> list[Request]:
    """The change files of the open pull requests, read here and handed to the calendar as
    plain data (the calendar does not talk to GitHub). A refusal stops the build: a calendar
    that silently left the requests out would say the weekend is free."""
    import os

    from cmcheck.github import api as github_api
    from cmcheck.github.queue.build import gather

    try:
        _, found = gather(github_api.client_from(os.environ))
    except (github_api.ApiError, ValueError) as error:
        raise Failure(f"--pending: cannot read the open pull requests: {error}") from None
    return found
