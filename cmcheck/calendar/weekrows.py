"""The week grid's rows: every hour that holds a change this week, with each stretch of empty
hours folded into one thin band that names the hours it holds.

A week grid of 24 full hours does not fit a screen below the month, and one that opens on the
evening hides the weekend's morning work (issue 24). Folding only the hours that no change of
the week touches keeps every change on the first screen, in its place on the clock, and no
block ever spans a fold (the hours a block covers are, by definition, not empty)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

QUARTER = "0.625rem"  # a quarter of an hour: an hour is 2.5rem tall, as before
FOLD = "1.75rem"  # a band of folded hours: the two lines of its label
# A single empty hour between two busy ones stays: folding it would save little and make the
# clock harder to read.
FOLD_AT_LEAST = 2


@dataclass(frozen=True, kw_only=True)
class Row:
    """Hours [first, last) of the day: one shown hour (four quarter rows) or a fold."""

    first: int
    last: int
    folded: bool
    line: int  # the CSS grid line where the row starts

    @property
    def label(self) -> str:
        return f"{self.first:02d}:00–{self.last:02d}:00"


@dataclass(frozen=True, kw_only=True)
class WeekRows:
    rows: list[Row]
    template: str  # the day columns' grid-template-rows
    top: dict[int, int]  # a shown quarter (0..95) -> the grid line at its top

    def lines(self, top: int, bottom: int) -> str:
        """grid-row for a block over quarters [top, bottom), all of them in shown hours."""
        return f"{self.top[top]} / {self.top[bottom - 1] + 1}"

    @property
    def shown(self) -> list[Row]:
        return [row for row in self.rows if not row.folded]


def week_rows(spans: Iterable[tuple[int, int]]) -> WeekRows:
    """The rows for blocks covering quarters [top, bottom) of their days. An empty week is one
    band: nothing to fold open."""
    busy: set[int] = set()
    for upper, lower in spans:
        busy.update(range(upper // 4, -(-lower // 4)))
    runs: list[tuple[int, int, bool]] = []  # (first, last, folded)
    hour = 0
    while hour < 24:
        end = hour + 1
        while end < 24 and (end in busy) == (hour in busy):
            end += 1
        if hour in busy or end - hour < FOLD_AT_LEAST:
            runs.extend((h, h + 1, False) for h in range(hour, end))
        else:
            runs.append((hour, end, True))
        hour = end
    rows: list[Row] = []
    template: list[str] = []
    top: dict[int, int] = {}
    line = 1
    for first, last, folded in runs:
        rows.append(Row(first=first, last=last, folded=folded, line=line))
        if folded:
            template.append(FOLD)
            line += 1
        else:
            template.append(f"repeat(4, {QUARTER})")
            for quarter in range(4):
                top[first * 4 + quarter] = line + quarter
            line += 4
    return WeekRows(rows=rows, template=" ".join(template), top=top)
