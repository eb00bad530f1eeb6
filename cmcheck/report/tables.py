"""Each chart's numbers as an HTML table, in the order of ``render.charts``: the text that a
screen reader, a search or a copy-and-paste needs, which an SVG's tooltips cannot give (WCAG
1.1.1). The statistics pages show each one under its chart. Pure functions only.
"""

from __future__ import annotations

from html import escape

from cmcheck.report.figures import CATEGORIES, KINDS, Report


def table(*, caption: str, head: list[str], rows: list[tuple[str, list[int]]]) -> str:
    """A table whose first column names the row and whose other columns are counts."""
    header = "".join(f'<th scope="col">{escape(name)}</th>' for name in head)
    body = "".join(f'<tr><th scope="row">{escape(label)}</th>'
                   + "".join(f"<td>{count}</td>" for count in counts) + "</tr>"
                   for label, counts in rows)
    return (f'<table class="chart-data"><caption>{escape(caption)}</caption>'
            f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>")


def tables(report: Report) -> list[tuple[str, str]]:
    """(title, table) for each chart of ``render.charts``, titled as the chart is."""
    cats = [c for c in CATEGORIES if any(c in m.by_category for m in report.months)]
    made = [
        ("Changes per month by category", ["Month", *cats, "Total"],
         [(m.month, [*(m.by_category.get(c, 0) for c in cats), m.total])
          for m in report.months]),
        ("Changes per month by kind", ["Month", *KINDS, "Total"],
         [(m.month, [*(m.by_kind.get(k, 0) for k in KINDS), m.total]) for m in report.months]),
        ("Outcomes of reviewed changes", ["Outcome", "Changes"],
         [(outcome, [count]) for outcome, count in report.outcomes.items()]),
    ]
    return [(title, table(caption=title, head=head, rows=rows)) for title, head, rows in made]
