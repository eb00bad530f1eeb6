"""The HTML pages, rendered from templates/calendar/ with autoescape forced on.

Every page is a pure function of the data; links are relative (``root`` is the way back to the
site's top folder), so the site works from any address and from a folder on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import pydantic
from markupsafe import Markup, escape

from cmcheck.calendar.data import STATES, Entry, State
from cmcheck.calendar.history import Event, History
from cmcheck.calendar.views import Block, Calendar, Day, Hour, Mark, Month, WeekDay, next_month
from cmcheck.calendar.weekrows import Row, WeekRows, week_rows
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.policy import Policy
from cmcheck.core.model.verdicts import Risk
from cmcheck.core.safe import templating
from cmcheck.report import render as report_render
from cmcheck.report import tables as report_tables
from cmcheck.report.figures import Report

FORTNIGHT = timedelta(days=14)

# A text symbol with each level, so the badge reads without colour (like the state badges).
RISK_ICONS = {"low": "▽", "medium": "◆", "high": "▲"}


def _models(base: type) -> set[type]:
    below: list[type] = base.__subclasses__()
    found = {kind for kind in below if kind.__module__.startswith("cmcheck.")}
    return found.union(*(_models(kind) for kind in below))


# The data the pages read a million times at 10,000 changes (templating.environment's quick
# answer): the calendar's own records and every pydantic model of the change and the policy.
PLAIN: frozenset[type] = frozenset({
    Entry, State, History, Event, Risk, Day, Month, WeekDay, Block, Hour, Mark, Row, WeekRows,
    *_models(pydantic.BaseModel)})


@dataclass(frozen=True, kw_only=True)
class Site:
    """What every page needs besides its own data."""

    policy: Policy
    now: datetime
    months: list[date]  # every month that has a page
    sites: list[str]  # sites that have a page
    inventory: Graph | None = None  # one page per system when there is one
    # The shared header and footer by root, rendered once: 10,000 pages need them.
    chrome: dict[str, dict[str, Markup]] = field(default_factory=dict)
    # Each change's listing line by (root, id), rendered once and listed on up to five pages.
    items: dict[tuple[str, str], Markup] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # _site_names, worked out once


def environment(folder: Path) -> jinja2.Environment:
    # autoescape=True for every template: select_autoescape() would not match ".html.j2".
    # Sandboxed like the notices (core/safe/templating.py): templates/ is the district's to edit.
    env = templating.environment(folder, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                 keep_trailing_newline=True, auto_reload=False, plain=PLAIN)
    env.filters["clock"] = _clock
    env.filters["day"] = _day
    # Filters, not loops and method calls in the templates: a sandboxed call costs a check, and
    # these run on every change page and chip (10,000 of them).
    env.filters["names"] = _names
    env.filters["keys"] = _keys
    env.filters["path_keys"] = _path_keys
    env.globals["states"] = STATES
    badge = env.get_template("macros.html.j2").module.badge  # type: ignore[attr-defined]
    env.globals["badges"] = {key: Markup(badge(state)) for key, state in STATES.items()}
    env.globals["risk_badges"] = {level: Markup(
        f'<span class="risk risk-{level}"><span aria-hidden="true">{icon}</span> '
        f'{level.capitalize()} risk</span>') for level, icon in RISK_ICONS.items()}
    # An unscheduled (emergency) change says so wherever it is listed, in words.
    env.globals["unscheduled"] = Markup(
        '<span class="kind-unscheduled"><span aria-hidden="true">↯</span> Unscheduled</span>')
    return env


def _clock(moment: datetime, tz: tzinfo, fmt: str = "%H:%M") -> str:
    return moment.astimezone(tz).strftime(fmt)


def _day(moment: date, fmt: str = "%a %d %b %Y") -> str:
    return moment.strftime(fmt)


def _names(keys: list[str], names: dict[str, str]) -> str:
    """Site keys by their names, as the header gives them."""
    return ", ".join(names.get(key, key) for key in keys)


def _keys(keys: list[str]) -> Markup:
    """Each key in a span of its own: a key moves to the next line whole (calendar.css)."""
    return Markup(", ".join(f'<span class="key">{escape(key)}</span>' for key in keys))


def _path_keys(path: str) -> Markup:
    """"(changes/2026/x.yaml)" in parts that break only after a slash."""
    inner = '/</span><span class="key">'.join(escape(part) for part in path.split("/"))
    return Markup(f'<span class="key">({inner})</span>')


def span(entry: Entry, tz: tzinfo) -> str:
    """'Sat 19 Dec 2026, 20:00–22:00 CST', or both dates when it runs past midnight."""
    start, end = entry.start.astimezone(tz), entry.end.astimezone(tz)
    zone = end.strftime("%Z")
    if start.date() == end.date():
        return f"{start:%a %d %b %Y}, {start:%H:%M}–{end:%H:%M} {zone}"
    return f"{start:%a %d %b %Y %H:%M} – {end:%a %d %b %Y %H:%M} {zone}"


def _common(env: jinja2.Environment, site: Site, root: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "policy": site.policy, "tz": site.policy.tz, "now": site.now, "root": root,
        "months": site.months, "site_keys": site.sites, "span": span,
        "today": site.now.astimezone(site.policy.tz).date(),
        "has_systems": site.inventory is not None,
        "site_names": _site_names(site),
        "system_ids": site.inventory.systems if site.inventory is not None else {}}
    if root not in site.chrome:
        site.chrome[root] = {part: Markup(templating.render(env.get_template(f"{part}.html.j2"),
                                                          values))
                             for part in ("header", "footer")}
    values["chrome"] = site.chrome[root]
    values["item"] = partial(_item, env, site)
    return values


def _site_names(site: Site) -> dict[str, str]:
    """Sites by the name the header gives them; a key the policy does not name stays a key."""
    if not site.names:
        named = site.policy.sites
        site.names.update({key: named[key].name if key in named else key for key in site.sites})
    return site.names


def _item(env: jinja2.Environment, site: Site, entry: Entry, root: str) -> Markup:
    key = (root, entry.id)
    if key not in site.items:
        site.items[key] = Markup(templating.render(env.get_template("item.html.j2"), {
            "entry": entry, "root": root, "tz": site.policy.tz, "span": span,
            "site_names": _site_names(site)}))
    return site.items[key]


def render_index(env: jinja2.Environment, site: Site, calendar: Calendar,
                 upcoming: list[Entry]) -> str:
    today = site.now.astimezone(site.policy.tz).date()
    first = today.replace(day=1)
    shown = [calendar.month(first), calendar.month(next_month(first))]
    week = calendar.week(today)
    return templating.render(env.get_template("index.html.j2"), {
        **_common(env, site, ""), "shown": shown, "week": week, "upcoming": upcoming,
        "rows": week_rows((block.top, block.bottom) for day in week for block in day.blocks),
        # The most changes side by side on one day: the grid grows wide enough (scrolling
        # sideways in its box if it must) that each keeps its time, state and conflict in view.
        "lanes": max((block.lanes for day in week for block in day.blocks), default=1)})


def render_month(env: jinja2.Environment, site: Site, month: Month, listed: list[Entry]) -> str:
    return templating.render(env.get_template("month.html.j2"), {
        **_common(env, site, "../"), "month": month, "listed": listed})


def render_change(env: jinja2.Environment, site: Site, entry: Entry,
                  conflicts: list[Entry]) -> str:
    return templating.render(env.get_template("change.html.j2"), {
        **_common(env, site, "../"), "entry": entry, "conflicts": conflicts,
        "repository_url": site.policy.district.repository_url})


def render_list(env: jinja2.Environment, site: Site, *, title: str, listed: list[Entry]) -> str:
    return templating.render(env.get_template("list.html.j2"), {
        **_common(env, site, "../"), "title": title, "listed": listed})


def render_statistics(env: jinja2.Environment, site: Site, report: Report,
                      entries: list[Entry]) -> str:
    """The report's figures as a page of the site: what needs the coordinator first (overdue
    reviews, work in progress, upcoming conflicts), then the figures and the charts."""
    now = site.now
    upcoming = [e for e in entries if e.state.key == "scheduled"]
    soon = [e for e in upcoming if e.start - now <= FORTNIGHT]
    return templating.render(env.get_template("statistics.html.j2"), {
        **_common(env, site, ""), "report": report,
        # Each chart with its numbers as a table; both escaped when drawn.
        "charts": [(title, Markup(svg), Markup(numbers)) for svg, (title, numbers) in zip(
            report_render.charts(report), report_tables.tables(report), strict=True)],
        "overdue": [e for e in entries if e.state.key == "overdue"],
        "running": [e for e in entries if e.state.key == "in-progress"],
        "clashes": [e for e in upcoming if e.conflicts], "soon": soon,
        "waived": [e for e in upcoming if e.change.exceptions]})
