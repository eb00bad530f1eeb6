"""Build the calendar: load the repository, render every page and feed, write them out.

``build`` yields each file's relative path and bytes (no clock, no network, sorted iteration:
the same repository and --now give the same bytes); ``write`` is the only I/O. Files stream from
one to the other so that 10,000 pages are never all held in memory at once.
"""

from __future__ import annotations

import gc
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import partial
from pathlib import Path

from cmcheck.calendar import data, history, html, ics, parallel, pending, systems
from cmcheck.calendar.views import Calendar, month_firsts
from cmcheck.core.catalog import changes_in, inventory_in, policy_in
from cmcheck.core.git import history as git_history
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.requested import Request
from cmcheck.report import figures as report

TEMPLATES = Path("templates") / "calendar"
MARKER = ".cmcheck-calendar"
UPCOMING = 50


class BuildError(Exception):
    """The calendar cannot be built or written (exit 2)."""


def load(root: Path, now: datetime, requests: list[Request] | None = None,
         ) -> tuple[html.Site, list[data.Entry], report.Report]:
    """The site (with the requested changes, none without requests), its entries and the
    statistics page's figures, from one pass over history."""
    policy = policy_in(root)
    inventory = inventory_in(root, policy)
    live = changes_in(root, policy)
    past: dict[str, history.History] = {}
    gone: dict[str, history.Gone] = {}
    fresh: set[str] = set()
    repository = gitrepo.open_repo(root)
    if repository is not None:
        try:  # close() ends GitPython's long-running cat-file processes
            if gitrepo.has_commits(repository):
                git_history.require_history(repository)  # the notice figures need it
            log = git_history.file_events(repository)
            reviewed = frozenset(k for k, s in live.items() if s.change.review is not None)
            past = history.histories(repository, log, policy.tz, reviewed)
            gone = history.cancelled(repository, log, policy.tz, set(live))
            fresh = gitrepo.untracked(repository)
        finally:
            repository.close()
    entries = data.entries(policy=policy, live=live, cancelled=gone, histories=past, now=now,
                           inventory=inventory)
    # The report's clock (core.clock and report.load each read history again) from this pass:
    # submitted when a file with the id was first added, reviewed when a version first had a
    # review; a change not committed yet is submitted now.
    submitted = {k: now if s.path in fresh else (past[k].submitted if k in past else None) or now
                 for k, s in live.items()}
    reviewed_at = {k: h.reviewed for k, h in past.items() if k in live and h.reviewed}
    figures = report.build(list(live.values()), policy=policy, now=now.astimezone(policy.tz),
                           submitted=submitted, reviewed_at=reviewed_at,
                           risks={e.id: e.risk.level for e in entries if e.risk is not None})
    asked = pending.entries(requests or [], live, policy=policy, now=now, inventory=inventory)
    sites = sorted(set(policy.sites) | {s for e in entries for s in e.sites})
    today = now.astimezone(policy.tz).date()
    site = html.Site(policy=policy, now=now, months=month_firsts(entries + asked, policy, today),
                     sites=sites, inventory=inventory, requested=asked)
    # Each change as the plain data its pages show, made here once, where a forked writer
    # shares it, instead of in each process.
    html.data(site, entries + asked)
    return site, entries, figures


def build(root: Path, now: datetime,
          requests: list[Request] | None = None) -> list[Iterator[tuple[str, bytes]]]:
    """Load now (so that a broken policy stops the run before write clears anything), render
    as the files are consumed: in two parts, the change pages and everything else, which
    write renders side by side."""
    # Loading makes tens of thousands of long-lived objects and few cycles: the cyclic GC
    # would rescan them as the heap grows (as in engine._judge). After loading they are frozen
    # out of its sight (and, in a forked writer, their pages stay shared), and rendering,
    # which does make cycles, runs with the GC on.
    gc.disable()
    try:
        site, entries, figures = load(root, now, requests)
    finally:
        gc.enable()
    gc.collect()
    gc.freeze()
    folder = root / TEMPLATES
    return [_thawed(_files(folder, site, entries, now, figures, site.requested)),
            _change_pages(folder, site, entries, site.requested)]


def _thawed(files: Iterator[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
    """files, then the loaded objects back in the GC's sight (a process that builds again,
    like the tests, must not keep every build's objects)."""
    try:
        yield from files
    finally:
        gc.unfreeze()


def _change_pages(folder: Path, site: html.Site, entries: list[data.Entry],
                  asked: list[data.Entry]) -> Iterator[tuple[str, bytes]]:
    env = html.environment(folder, site)
    by_key = {e.key: e for e in entries + asked}
    for entry in entries + asked:
        yield entry.page, html.render_change(
            env, site, entry, [by_key[c] for c in entry.conflicts if c in by_key]).encode()


def _files(folder: Path, site: html.Site, entries: list[data.Entry], now: datetime,
           figures: report.Report, asked: list[data.Entry]) -> Iterator[tuple[str, bytes]]:
    policy = site.policy
    env = html.environment(folder, site)
    today = now.astimezone(policy.tz).date()
    # The views show requested changes beside the rest, each in its Requested state; the
    # statistics, the state and site pages and the systems count what was merged.
    shown = sorted(entries + asked, key=lambda e: (e.start, e.id)) if asked else entries
    calendar = Calendar(shown, policy, today)

    upcoming = [e for e in shown if e.end > now
                and e.state.key in ("scheduled", "in-progress", "requested")][:UPCOMING]
    yield "index.html", html.render_index(env, site, calendar, upcoming).encode()
    yield "statistics.html", html.render_statistics(env, site, figures, entries).encode()
    by_month: dict[date, list[data.Entry]] = defaultdict(list)
    for entry in shown:
        by_month[entry.start.astimezone(policy.tz).date().replace(day=1)].append(entry)
    for first in site.months:
        yield f"months/{first:%Y-%m}.html", html.render_month(
            env, site, calendar.month(first), by_month.get(first, [])).encode()
    for state in data.STATES.values():
        yield f"states/{state.key}.html", html.render_list(
            env, site, title=f"Changes: {state.label}",
            listed=[e for e in entries if e.state is state]).encode()
    if asked:
        yield "states/requested.html", html.render_list(
            env, site, title="Changes: Requested, not approved", listed=asked).encode()
    events = {e.id: ics.render_event(e, policy) for e in entries}
    span = ics.years(shown, policy, today)
    # A request appears in the district's feed only as TENTATIVE (ics.render_event).
    yield "changes.ics", ics.render_feed([events[e.id] for e in entries]
                                         + [ics.render_event(e, policy) for e in asked],
                                         policy=policy, name=f"{policy.district.name} changes",
                                         span=span)
    for key in site.sites:
        listed = [e for e in entries if key in e.sites]
        name = policy.sites[key].name if key in policy.sites else key
        yield f"sites/{key}.html", html.render_list(
            env, site, title=f"Changes at {name}", listed=listed).encode()
        yield f"sites/{key}.ics", ics.render_feed([events[e.id] for e in listed],
                                                  policy=policy, name=f"{name} changes",
                                                  span=span)
    yield from systems.pages(env, site, entries)
    for css in sorted((folder / "static").glob("*.css")):
        yield f"static/{css.name}", css.read_bytes()
    yield MARKER, b"built by cmcheck calendar; this folder is replaced on every build\n"


def write(out: Path, parts: list[Iterator[tuple[str, bytes]]]) -> list[str]:
    """Replace out with the files of every part and return their paths; refuse to clear a
    folder that is not an earlier build (--out pointed at the wrong folder must not delete it).

    The parts after the first are rendered and written by forked processes while this one
    does the first: on two cores the build takes the time of its larger half."""
    if out.exists():
        if not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file()):
            raise BuildError(f"{out} exists and is not an earlier calendar build; "
                             "choose an empty or new folder")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    forked = [parallel.start(partial(_store, out, part)) for part in parts[1:]]
    written = _store(out, parts[0])
    for job in forked:
        written += parallel.finish(job)
    return written


def _store(out: Path, files: Iterable[tuple[str, bytes]]) -> list[str]:
    written = []
    folders: set[Path] = set()
    for path, content in files:
        target = out / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_bytes(content)
        written.append(path)
    return written
