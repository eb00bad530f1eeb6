"""The plain types every layer shares to say what it found: a problem's place and words, its
severity, a change's risk.

They live below the inventory, the rule context, the findings and the risk formula, which all
use them, so that none of those needs another only for a type: this is what keeps the core's
imports one-way without hiding any behind ``TYPE_CHECKING``.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Literal, NamedTuple

# Where in a YAML document: the keys and indexes down to a value, and a (line, column) of its own.
Location = tuple[str | int, ...]
Mark = tuple[int, int]
Level = Literal["low", "medium", "high"]


class Severity(IntEnum):
    """Ordered so that a policy can only move a rule upwards (tighten it)."""

    NOTICE = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


class Problem(NamedTuple):
    """What a rule reports: where in the YAML, and what. The engine adds file, rule, severity.

    ``key`` points at the key instead of its value; ``mark`` is for problems found before there
    is any data to locate (the file's bytes and syntax). ``severity`` is for the rare rule whose
    problems differ in kind (``locked``: an edit is an error, a reschedule a notice).
    """

    location: Location
    message: str
    key: bool = False
    mark: Mark | None = None
    severity: Severity | None = None


class Risk(NamedTuple):
    level: Level
    score: int
    reasons: tuple[str, ...]  # "mission-critical data +2", ...

    def __str__(self) -> str:
        why = ", ".join(self.reasons) or "nothing weighs"
        return f"{self.level} ({self.score}: {why})"
