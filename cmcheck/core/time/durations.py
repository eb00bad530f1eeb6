"""Durations in words, the one way every message spells them: "5 days 1 hour", "45 minutes".

A technician reads these in findings and in the wizard; "1 hours" or "0 days 3 hours" reads
like a machine wrote it.
"""

from __future__ import annotations

from datetime import timedelta


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def in_words(span: timedelta) -> str:
    """abs(span) in days and hours, or hours and minutes under a day; zero parts left out.

    Seconds are dropped (rounded down): the policy speaks in days and hours.
    """
    minutes = int(abs(span).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
    words = [_count(number, unit) for number, unit in parts if number]
    return " ".join(words) or "0 minutes"
