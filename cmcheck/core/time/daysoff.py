"""Weekends, holidays and special events: the days when adequate resources may be a problem."""

from __future__ import annotations

from datetime import date
from functools import cache

from cmcheck.core.model.policy import Holidays, Policy


@cache
def _public_holidays(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    # Imported here: the holidays package is large and only a few changes need it.
    import holidays

    found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    return {day: str(name) for day, name in found.items()}


def holiday(policy: Policy, day: date) -> str | None:
    """The holiday's name if day is a public or district holiday."""
    rules: Holidays = policy.holidays
    district = policy.district_days()
    if day in district:
        return district[day]
    if rules.country is None:
        return None
    return _public_holidays(rules.country, rules.subdivision, day.year).get(day)
