"""What every command module shares: the exit-2 failure, ISO time parsing, and printing what a
change request or the API said without letting it become a workflow command.

Kept apart from cli.py so that the command modules need not import the group that imports them.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cmcheck.core.safe import workflow_log

if TYPE_CHECKING:
    from cmcheck.core.model.inventory import Graph
    from cmcheck.core.model.policy import Policy


def iso(value: str | None) -> datetime | None:
    if value is None:
        return None
    from cmcheck.core.model.localtime import YEARS

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
    """A usage, configuration or environment problem: exit 2, as DESIGN.md says.

    The message often quotes a file or an answer, and goes to stderr: made inert there.
    """

    exit_code = 2

    def format_message(self) -> str:
        return workflow_log.inert(self.message)


def echo_untrusted(text: str, *, nl: bool = True, machine: bool = False) -> None:
    """Print to stdout text that holds untrusted values (core/safe/workflow_log.py): JSON made inert
    in place, anything else fenced when the Actions runner reads it."""
    if machine:
        click.echo(workflow_log.inert_json(text), nl=nl)
    elif workflow_log.is_log(sys.stdout):
        click.echo(workflow_log.fence(text), nl=False)
    else:
        click.echo(text, nl=nl)


def echo_err(text: str) -> None:
    """A line for stderr that quotes untrusted values: no line of it can be a command."""
    click.echo(workflow_log.inert(text), err=True)


def inventory_of(root: Path, *, missing: str = "") -> tuple[Policy, Graph]:
    """The tree's policy and inventory for the commands that need one (`impact`, `systems`);
    no inventory, or a policy or inventory that does not load, stops with exit 2."""
    from cmcheck.core import catalog, configuration

    try:
        policy = catalog.policy_in(root)
        graph = catalog.inventory_in(root, policy)
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    if graph is None:
        raise Failure(f"no {configuration.INVENTORY_FILE} in {root}{missing}")
    return policy, graph
