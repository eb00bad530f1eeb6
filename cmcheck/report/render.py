"""`cmcheck report` for people and programs: text, JSON, Markdown, and an HTML page whose
charts are static SVG drawn here (no script, no external service). Pure functions only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

from cmcheck.core.safe import markdown
from cmcheck.report.figures import CATEGORIES, KINDS, Report, as_dict
from cmcheck.report.tables import tables

# Tableau's ten hues, darkened where needed so that every bar stands out from the white page
# by at least 3:1 (WCAG 1.4.11, non-text contrast); a white line parts stacked segments, so a
# segment never has to contrast with its neighbour. A test holds the ratio.
PALETTE = ("#1f77b4", "#c2410c", "#15803d", "#d62728", "#9467bd", "#8c564b", "#be185d",
           "#7f7f7f", "#a16207", "#0e7490")
OUTCOME_COLOURS = {"successful": "#15803d", "failed": "#d62728", "backed-out": "#c2410c",
                   "postponed": "#7f7f7f", "partial": "#a16207"}


def _figure(value: float | None, unit: str = "") -> str:
    return "–" if value is None else f"{value:g}{unit}"


def _headline(report: Report) -> list[tuple[str, str]]:
    """The single figures, shared by every format."""
    r = report
    return [
        ("Changes", str(r.total)),
        ("Unscheduled", f"{r.unscheduled} ({_figure(r.rate(r.unscheduled, r.total), '%')})"),
        ("Median notice given", _figure(r.median_notice_days, " days")),
        ("Window exceptions granted", str(r.window_exceptions)),
        ("Reviewed", str(r.reviewed)),
        *[(f"  {o}", f"{n} ({_figure(r.rate(n, r.reviewed), '%')})")
          for o, n in r.outcomes.items()],
        ("Reviews overdue", str(len(r.reviews_overdue))),
        ("Median days to review", _figure(r.median_days_to_review, " days")),
        *_risk_rows(r),
    ]


def _risk_rows(r: Report) -> list[tuple[str, str]]:
    if not r.risk:
        return []
    high = r.risk["high"][0]
    return [("High risk", f"{high} ({_figure(r.rate(high, r.total), '%')})"),
            ("Success rate by risk", ", ".join(
                f"{level} {_figure(r.rate(ok, ran), '%')} ({ok}/{ran})"
                for level, (_, ran, ok) in r.risk.items()))]


def _scope(report: Report) -> str:
    since = f"since {report.since.isoformat()}" if report.since else "all changes"
    return f"{since}, as of {report.now:%Y-%m-%d %H:%M}"


def render_text(report: Report) -> str:
    rows = _headline(report)
    width = max(len(label) for label, _ in rows)
    out = [f"Change management statistics ({_scope(report)})", ""]
    out += [f"{label:<{width}}  {value}" for label, value in rows]
    if report.reviews_overdue:
        out.append(f"{'Overdue':<{width}}  {', '.join(report.reviews_overdue)}")
    out += ["", "Month    Total  By kind / by category"]
    for m in report.months:
        kinds = ", ".join(f"{k} {n}" for k, n in m.by_kind.items())
        cats = ", ".join(f"{c} {n}" for c, n in m.by_category.items())
        out.append(f"{m.month}  {m.total:>5}  {kinds}; {cats}")
    return "\n".join(out) + "\n"


def render_json(report: Report) -> str:
    return json.dumps(as_dict(report), indent=2) + "\n"


def _md(text: str) -> str:
    # Ids and category names are plain, but a table cell must never gain a column or markup.
    # Only what starts markup inside a line is escaped: with "[" escaped no "(" can make a
    # link, and "#", "+" or "!" mean nothing there, so "(0%)" stays readable in the raw text.
    return "".join("\\" + c if c in "\\`*_[]<>|~&" else c for c in text)


def render_markdown(report: Report) -> str:
    out = ["# Change management statistics", "", f"_{_md(_scope(report))}_", "",
           "| Measure | Value |", "| --- | --- |"]
    out += [f"| {_md(label.strip())} | {_md(value)} |" for label, value in _headline(report)]
    if report.reviews_overdue:
        # Ids are file names, whatever was pushed: a backtick would end a code span.
        out += ["", "Overdue reviews: " + ", ".join(markdown.code(i)
                                                    for i in report.reviews_overdue)]
    cats = [c for c in CATEGORIES if any(c in m.by_category for m in report.months)]
    out += ["", "## Changes per month", "",
            "| Month | Total | " + " | ".join([*KINDS, *cats]) + " |",
            "| --- | ---: |" + " ---: |" * (len(KINDS) + len(cats))]
    for m in report.months:
        cells = [str(m.by_kind.get(k, 0)) for k in KINDS] + \
                [str(m.by_category.get(c, 0)) for c in cats]
        out.append(f"| {m.month} | {m.total} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


# Text in the SVGs is 12 px; 0.7 em a character is wider than any character of the sans-serif
# fonts browsers fall back to, so a label given that room never runs into its neighbour.
FONT = 12
CHAR = 0.7 * FONT
# The width a chart of a few rows is stretched to: at 1280 px a chart of 3 months was 200 px
# wide (issue 24). The pages let an SVG shrink to fit a narrower screen (max-width: 100%).
WIDE = 560


def _text_width(text: str) -> float:
    return len(text) * CHAR


def bar_chart(*, title: str, rows: list[tuple[str, dict[str, int]]],
              colours: dict[str, str]) -> str:
    """A stacked bar chart as SVG: one bar per row, one segment per series, a legend below,
    one series a line, so that the legend is as narrow as its longest name and a chart of a
    few months fits a phone.

    Up to two years of rows each get a label and room for it; more rows get narrow bars and a
    label every k-th, k chosen so that labels never overlap."""
    series = list(colours)
    peak = max((sum(values.values()) for _, values in rows), default=0) or 1
    widest = int(max((_text_width(label) for label, _ in rows), default=0)) + 8
    height, top, left = 180, 30, 44
    stretched = (WIDE - left - 10) // max(1, len(rows))
    bar, slot = (36, max(52, widest, min(stretched, 180))) if len(rows) <= 24 else (10, 14)
    bar = max(bar, min(56, slot // 2)) if len(rows) <= 24 else bar
    every = max(1, -(-widest // slot))
    plot = max(1, len(rows)) * slot
    legend_rows = [[name] for name in series]
    column = max((_text_width(name) for name in series), default=0) + 24
    width = max(left + plot + 10, left + int(column) + 10, int(_text_width(title)) + left)
    base = top + height
    total = base + 24 + 18 * len(legend_rows) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{total}" viewBox="0 0 {width} {total}" font-size="{FONT}">',
             f"<title>{escape(title)}</title>",
             f'<text x="{left}" y="18" font-weight="bold">{escape(title)}</text>',
             f'<line x1="{left}" y1="{base}" x2="{left + plot}" y2="{base}" stroke="#333"/>',
             f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{peak}</text>',
             f'<text x="{left - 6}" y="{base}" text-anchor="end">0</text>']
    for n, (label, values) in enumerate(rows):
        x = left + (slot - bar) // 2 + n * slot
        y = base
        for name in series:
            count = values.get(name, 0)
            if not count:
                continue
            h = max(1, round(height * count / peak))
            y -= h
            parts.append(f'<rect x="{x}" y="{y}" width="{bar}" height="{h}" '
                         f'fill="{colours[name]}" stroke="#fff"><title>{escape(label)}: '
                         f"{escape(name)} {count}</title></rect>")
        if n % every == 0:
            parts.append(f'<text x="{x + bar / 2:g}" y="{base + 16}" text-anchor="middle" '
                         f'class="label">{escape(label)}</text>')
    for r, names in enumerate(legend_rows):
        y = base + 28 + 18 * r
        for c, name in enumerate(names):
            x = left + c * int(column)
            parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" '
                         f'fill="{colours[name]}"/><text x="{x + 17}" y="{y + 11}" '
                         f'class="label">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def count_chart(*, title: str, rows: list[tuple[str, int]], colours: dict[str, str]) -> str:
    """Horizontal bars, one a row, the label in a column to their left and the count after
    them: long names ("backed-out", "postponed") never meet."""
    peak = max((count for _, count in rows), default=0) or 1
    left = int(max((_text_width(label) for label, _ in rows), default=0)) + 12
    bar_room, line, top = max(200, WIDE - left - 60), 24, 30
    width = max(left + bar_room + 60, int(_text_width(title)) + 10)
    total = top + line * len(rows) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{total}" viewBox="0 0 {width} {total}" font-size="{FONT}">',
             f"<title>{escape(title)}</title>",
             f'<text x="0" y="18" font-weight="bold">{escape(title)}</text>']
    for n, (label, count) in enumerate(rows):
        y = top + n * line
        length = round(bar_room * count / peak)
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" '
                     f'class="label">{escape(label)}</text>')
        if length:
            parts.append(f'<rect x="{left}" y="{y + 3}" width="{length}" height="16" '
                         f'fill="{colours.get(label, PALETTE[0])}"><title>{escape(label)}: '
                         f"{count}</title></rect>")
        parts.append(f'<text x="{left + length + 6}" y="{y + 15}" class="label">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def charts(report: Report) -> list[str]:
    cats = [c for c in CATEGORIES if any(c in m.by_category for m in report.months)]
    return [
        bar_chart(title="Changes per month by category",
                  rows=[(m.month, m.by_category) for m in report.months],
                  colours={c: PALETTE[n % len(PALETTE)] for n, c in enumerate(cats)}),
        bar_chart(title="Changes per month by kind",
                  rows=[(m.month, m.by_kind) for m in report.months],
                  colours={"scheduled": PALETTE[0], "unscheduled": PALETTE[3]}),
        count_chart(title="Outcomes of reviewed changes",
                    rows=list(report.outcomes.items()), colours=OUTCOME_COLOURS),
    ]


def render_statistics_html(report: Report) -> str:
    """The calendar site's statistics page: a standalone HTML document, charts inline."""
    rows = "".join(f"<tr><th scope=\"row\">{escape(label.strip())}</th>"
                   f"<td>{escape(value)}</td></tr>" for label, value in _headline(report))
    overdue = "".join(f"<li><code>{escape(i)}</code></li>" for i in report.reviews_overdue)
    # Each table in a box of its own that scrolls sideways, named by its chart: at 320 px the
    # page itself never scrolls, and a screen reader tells the three tables apart.
    figures = "".join(f"<figure>{svg}<figcaption><details><summary>{escape(title)}: the numbers"
                      f'</summary><div class="scroll" tabindex="0" role="region" aria-label="'
                      f'{escape(title)}: the numbers">{numbers}</div></details></figcaption>'
                      "</figure>"
                      for svg, (title, numbers) in zip(charts(report), tables(report),
                                                       strict=True))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>Change management statistics</title><style>"
        "body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}"
        "@media (max-width:640px){body{margin:1em}}"
        "table{border-collapse:collapse}th,td{padding:.2em .8em;text-align:left;"
        "border-bottom:1px solid #ddd}figure{margin:1.5em 0}"
        "svg{max-width:100%;height:auto}.scroll{overflow-x:auto;max-width:100%}"
        "</style></head><body>"
        f"<h1>Change management statistics</h1><p>{escape(_scope(report))}</p>"
        f"<table>{rows}</table>"
        + (f"<h2>Reviews overdue</h2><ul>{overdue}</ul>" if overdue else "")
        + f"<h2>Charts</h2>{figures}</body></html>\n")


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_statistics_html,
}
