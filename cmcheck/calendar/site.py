"""Build the calendar: load the repository, render every page and feed, write them out.

``build`` yields each file's relative path and bytes (no clock, no network, sorted iteration:
the same repository and --now give the same bytes); ``write`` is the only I/O. Files stream from
one to the other so that 10,000 pages are never all held in memory at once.
"""

from __future__ import annotations

import gc
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import partial
from itertools import chain
from pathlib import Path

import jinja2

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
# Change pages a part of the build holds at least (it is one draw, see write; there are at
# most parallel.TICKETS parts), and how many pages make forking a second writer pay.
CHUNK = 20
FORK_AT = 500


class BuildError(Exception):
    """The calendar cannot be built or written (exit 2)."""


def load(root: Path, now: datetime, requests: list[Request] | None = None,
         ) -> tuple[html.Site, list[data.Entry], Callable[[], report.Report]]:
    """The site (with the requested changes, none without requests), its entries and the
    statistics page's figures (to be worked out by the process that writes that page, while
    a forked writer already renders change pages), from one pass over history."""
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
    figures = partial(report.build, list(live.values()), policy=policy,
                      now=now.astimezone(policy.tz), submitted=submitted, reviewed_at=reviewed_at,
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
    as the files are consumed: in parts, first everything but the change pages, then the
    change pages in runs of CHUNK or more, which write shares out between two processes."""
    # A build left frozen by the last one (below) goes back in the GC's sight and is collected
    # now, before the GC is turned off again: a process that builds again, like the tests,
    # keeps at most one build's objects. (The command builds once: nothing is frozen yet.)
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    # Loading makes tens of thousands of long-lived objects and few cycles: the cyclic GC
    # would rescan them as the heap grows (as in engine._judge). After loading they are frozen
    # out of its sight (and, in a forked writer, their pages stay shared), and rendering,
    # which does make cycles, runs with the GC on. They stay frozen after the build: the
    # command then ends without a last collection through them (1.2 s at 10,000 changes).
    gc.disable()
    try:
        site, entries, figures = load(root, now, requests)
    finally:
        gc.enable()
    # No gc.collect() first: at 10,000 changes it found nothing to free and took 0.34 s.
    gc.freeze()
    env = html.environment(root / TEMPLATES, site)  # compiled once, shared by a forked writer
    pages = entries + site.requested
    by_key = {e.key: e for e in pages}
    files = _files(env, root / TEMPLATES, site, entries, now, figures, site.requested)
    if len(pages) < FORK_AT:
        return [chain(files, _change_pages(env, site, pages, by_key))]
    html.prepare_changes(env, site)
    size = max(CHUNK, -(-len(pages) // parallel.TICKETS))
    return [files, *(_change_pages(env, site, pages[start:start + size], by_key)
                     for start in range(0, len(pages), size))]


def _change_pages(env: jinja2.Environment, site: html.Site, pages: list[data.Entry],
                  by_key: dict[str, data.Entry]) -> Iterator[tuple[str, bytes]]:
    for entry in pages:
        yield entry.page, html.render_change(
            env, site, entry, [by_key[c] for c in entry.conflicts if c in by_key]).encode()


def _files(env: jinja2.Environment, folder: Path, site: html.Site, entries: list[data.Entry],
           now: datetime, figures: Callable[[], report.Report],
           asked: list[data.Entry]) -> Iterator[tuple[str, bytes]]:
    policy = site.policy
    today = now.astimezone(policy.tz).date()
    # The views show requested changes beside the rest, each in its Requested state; the
    # statistics, the state and site pages and the systems count what was merged.
    shown = sorted(entries + asked, key=lambda e: (e.start, e.id)) if asked else entries
    calendar = Calendar(shown, policy, today)

    upcoming = [e for e in shown if e.end > now
                and e.state.key in ("scheduled", "in-progress", "requested")][:UPCOMING]
    yield "index.html", html.render_index(env, site, calendar, upcoming).encode()
    yield "statistics.html", html.render_statistics(env, site, figures(), entries).encode()
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

    The first part is this process's; a forked process takes the others, one at a time, from
    the start, and this one joins it when its own part is written: on two cores both finish
    together, within one part."""
    if out.exists():
        if not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file()):
            raise BuildError(f"{out} exists and is not an earlier calendar build; "
                             "choose an empty or new folder")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if len(parts) == 1:
        return _store(out, parts[0])
    tickets = parallel.Tickets(len(parts) - 1)
    shared = partial(_store, out, (path_content for ticket in tickets
                                   for path_content in parts[1 + ticket]))
    job = parallel.start(shared)
    try:
        written = _store(out, parts[0]) + shared()
    except BaseException:
        parallel.stop(job)
        raise
    finally:
        tickets.close()
    return written + parallel.finish(job)


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
