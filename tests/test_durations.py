"""Durations in words read right: one helper for every message."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cmcheck.core.time.durations import in_words


@pytest.mark.parametrize(("span", "words"), [
    (timedelta(days=5, hours=1), "5 days 1 hour"),
    (timedelta(days=1), "1 day"),
    (timedelta(days=13, hours=23, minutes=59), "13 days 23 hours"),
    (timedelta(hours=1, minutes=1), "1 hour 1 minute"),
    (timedelta(minutes=45), "45 minutes"),
    (timedelta(hours=2), "2 hours"),
    (timedelta(seconds=20), "0 minutes"),
    (-timedelta(days=2, hours=3), "2 days 3 hours"),
])
def test_in_words(span: timedelta, words: str) -> None:
    assert in_words(span) == words
