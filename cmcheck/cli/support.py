"""What every command module shares: the exit-2 failure and ISO time parsing.

Kept apart from cli.py so that the command modules need not import the group that imports them.
"""

from __future__ import annotations

from datetime import datetime

import click


def iso(value: str | None) -> datetime | None:
    if value is None:
        return None
    from cmcheck.core.localtime import YEARS

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
