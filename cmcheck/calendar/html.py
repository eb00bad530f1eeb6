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
from markupsafe import Markup, escape

from cmcheck.calendar.data import STATES, Entry
from cmcheck.calendar.pending import REQUESTED
from cmcheck.calendar.views import Calendar, Month, next_month
from cmcheck.calendar.weekrows import week_rows
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.localtime import zone
from cmcheck.core.model.policy import Policy
from cmcheck.core.safe import plain, templating
from cmcheck.report import render as report_render
from cmcheck.report import tables as report_tables
from cmcheck.report.figures import Report, rate

FORTNIGHT = timedelta(days=14)

# A text symbol with each level, so the badge reads without colour (like the state badges).
RISK_ICONS = {"low": "▽", "medium": "◆", "high": "▲"}


@dataclass(frozen=True, kw_only=True)
class Site:
    """What every page needs besides its own data."""

    policy: Policy
    now: datetime
    months: list[date]  # every month that has a page
    sites: list[str]  # sites that have a page
    inventory: Graph | None = None  # one page per system when there is one
    # The requested changes (calendar/pending.py), shown only with `calendar --pending`.
    requested: list[Entry] = field(default_factory=list)
    # Each change's listing line by (root, id), rendered once and listed on up to five pages.
    items: dict[tuple[str, str], Markup] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # _site_names, worked out once
    # Every model and record a page shows, as the plain data templates get (core/safe/plain.py),
    # made once: a change is listed on up to five pages.
    records: plain.Memo = field(default_factory=dict)
    # What every page at a folder depth sees, the shared header and footer rendered with it:
    # made once per depth, 10,000 pages need them.
    common: dict[str, dict[str, Any]] = field(default_factory=dict)


def data(site: Site, value: Any) -> Any:
    """value as a template may see it: plain data, each model or record converted once."""
    return plain.plain(value, site.records)


def environment(folder: Path, site: Site) -> jinja2.Environment:
    # autoescape=True for every template: select_autoescape() would not match ".html.j2".
    # Sandboxed like the notices (core/safe/templating.py): templates/ is the district's to edit.
    env = templating.environment(folder, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                 keep_trailing_newline=True, auto_reload=False)
    env.filters["clock"] = _clock
    env.filters["day"] = _day
    # Filters, not loops and method calls in the templates: a sandboxed call costs a check, and
    # these run on every change page and chip (10,000 of them).
    env.filters["names"] = _names
    env.filters["keys"] = _keys
    env.filters["path_keys"] = _path_keys
    # The functions a template may call (templating: only globals, macros and data's methods).
    env.globals["span"] = span
    env.globals["rate"] = rate
    env.globals["item"] = partial(_item, env, site)
    states = data(site, STATES)
    env.globals["states"] = states
    badge = env.get_template("macros.html.j2").module.badge  # type: ignore[attr-defined]
    env.globals["badges"] = {key: Markup(badge(state)) for key, state in
                             (*states.items(), (REQUESTED.key, data(site, REQUESTED)))}
    env.globals["risk_badges"] = {level: Markup(
        f'<span class="risk risk-{level}"><span aria-hidden="true">{icon}</span> '
        f'{level.capitalize()} risk</span>') for level, icon in RISK_ICONS.items()}
    # An unscheduled (emergency) change says so wherever it is listed, in words.
    env.globals["unscheduled"] = Markup(
        '<span class="kind-unscheduled"><span aria-hidden="true">↯</span> Unscheduled</span>')
    return env


def _clock(moment: datetime, tz: str | tzinfo, fmt: str = "%H:%M") -> str:
    return moment.astimezone(_zone(tz)).strftime(fmt)


def _zone(tz: str | tzinfo) -> tzinfo:
    """Templates hold the policy's time zone by its name (a zone object is not plain data)."""
    return zone(tz) if isinstance(tz, str) else tz


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


def span(entry: Entry | plain.Record, tz: str | tzinfo) -> str:
    """'Sat 19 Dec 2026, 20:00–22:00 CST', or both dates when it runs past midnight."""
    zone = _zone(tz)
    start, end = entry.start.astimezone(zone), entry.end.astimezone(zone)
    name = end.strftime("%Z")
    if start.date() == end.date():
        return f"{start:%a %d %b %Y}, {start:%H:%M}–{end:%H:%M} {name}"
    return f"{start:%a %d %b %Y %H:%M} – {end:%a %d %b %Y %H:%M} {name}"


def _common(env: jinja2.Environment, site: Site, root: str) -> dict[str, Any]:
    """What every page at root sees, made plain once per folder depth."""
    if root in site.common:
        return site.common[root]
    values = plain.context({
        "policy": site.policy, "tz": site.policy.timezone, "now": site.now, "root": root,
        "months": site.months, "site_keys": site.sites,
        "today": site.now.astimezone(site.policy.tz).date(),
        "has_systems": site.inventory is not None,
        "site_names": _site_names(site),
        "system_ids": site.inventory.systems if site.inventory is not None else {}},
        site.records)
    values["chrome"] = {part: Markup(templating.render(env.get_template(f"{part}.html.j2"),
                                                       values))
                        for part in ("header", "footer")}
    site.common[root] = values
    return values


def _site_names(site: Site) -> dict[str, str]:
    """Sites by the name the header gives them; a key the policy does not name stays a key."""
    if not site.names:
        named = site.policy.sites
        site.names.update({key: named[key].name if key in named else key for key in site.sites})
    return site.names


def _item(env: jinja2.Environment, site: Site, entry: plain.Record, root: str) -> Markup:
    key = (root, entry.key)
    if key not in site.items:
        site.items[key] = Markup(templating.render(env.get_template("item.html.j2"), {
            **_common(env, site, root), "entry": entry}))
    return site.items[key]


def _page(env: jinja2.Environment, site: Site, root: str, name: str,
          values: dict[str, Any]) -> str:
    """A page at root: what every page sees and its own values, made plain."""
    return templating.render(env.get_template(name), {
        **_common(env, site, root), **plain.context(values, site.records)})


def render_index(env: jinja2.Environment, site: Site, calendar: Calendar,
                 upcoming: list[Entry]) -> str:
    today = site.now.astimezone(site.policy.tz).date()
    first = today.replace(day=1)
    shown = [calendar.month(first), calendar.month(next_month(first))]
    week = calendar.week(today)
    return _page(env, site, "", "index.html.j2", {
        "shown": shown, "week": week, "upcoming": upcoming,
        "rows": week_rows((block.top, block.bottom) for day in week for block in day.blocks),
        # The most changes side by side on one day: the grid grows wide enough (scrolling
        # sideways in its box if it must) that each keeps its time, state and conflict in view.
        "lanes": max((block.lanes for day in week for block in day.blocks), default=1)})


def render_month(env: jinja2.Environment, site: Site, month: Month, listed: list[Entry]) -> str:
    return _page(env, site, "../", "month.html.j2", {
        "month": month, "listed": listed})


def prepare_changes(env: jinja2.Environment, site: Site) -> None:
    """Compile the change page and make what every change page sees, before the writers fork:
    both draw change pages (site.write), and each would otherwise do this itself."""
    env.get_template("change.html.j2")
    _common(env, site, "../")


def render_change(env: jinja2.Environment, site: Site, entry: Entry,
                  conflicts: list[Entry]) -> str:
    return _page(env, site, "../", "change.html.j2", {
        "entry": entry, "conflicts": conflicts,
        "repository_url": site.policy.district.repository_url})


def render_list(env: jinja2.Environment, site: Site, *, title: str, listed: list[Entry]) -> str:
    return _page(env, site, "../", "list.html.j2", {
        "title": title, "listed": listed})


def render_statistics(env: jinja2.Environment, site: Site, report: Report,
                      entries: list[Entry]) -> str:
    """The report's figures as a page of the site: what needs the coordinator first (overdue
    reviews, work in progress, upcoming conflicts), then the figures and the charts."""
    now = site.now
    upcoming = [e for e in entries if e.state.key == "scheduled"]
    soon = [e for e in upcoming if e.start - now <= FORTNIGHT]
    return _page(env, site, "", "statistics.html.j2", {
        "report": report,
        # Each chart with its numbers as a table; both escaped when drawn.
        "charts": [(title, Markup(svg), Markup(numbers)) for svg, (title, numbers) in zip(
            report_render.charts(report), report_tables.tables(report), strict=True)],
        "overdue": [e for e in entries if e.state.key == "overdue"],
        "running": [e for e in entries if e.state.key == "in-progress"],
        "clashes": [e for e in upcoming if e.conflicts], "soon": soon,
        "waived": [e for e in upcoming if e.change.exceptions]})
