"""Reporters turn a Result into text. The list of formats is written once, here."""

from __future__ import annotations

from collections.abc import Callable

from cmcheck.core.judge.findings import Result
from cmcheck.core.judge.reporters import github, json_format, sarif, text

Reporter = Callable[[Result], str]

FORMATS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_format.render,
    "github": github.render,
    "sarif": sarif.render,
}
