"""Finding a system id from the words a technician has in mind (issue 24).

`hs-ups` is "the high school's UPS": its words are in the system's name ("High school
server-room UPS") and its site, not spelled like its id (`ups-hs-01`), so a spelling distance
over ids alone found nothing, or the central office's air conditioner. Here every system is
known by the words of its id, its name, its kind and its sites, and a site also by its
abbreviations, worked out from policy.yaml's sites (high-school and "Quitman County High
School" give hs and qchs; central-office gives co). A query's words are matched against those;
the systems that match the most of them, best first, are the answer. `cmcheck systems`,
`cmcheck impact`, the inventory rule and the wizard all ask this one search.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from cmcheck.core.model.inventory import Graph, System
from cmcheck.core.model.policy import Site

_WORD = re.compile(r"[a-z0-9]+")
SHOWN = 3  # suggestions in a finding
# Without the policy's sites, a site is still known by its key's initials (high-school: hs).
NO_SITES: Mapping[str, Site] = {}


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def abbreviations(key: str, site: Site | None) -> set[str]:
    """A site's short names: its key's initials (high-school: hs) and the initials of each
    tail of its name of two words or more (Quitman County High School: qchs, chs, hs)."""
    found = {"".join(w[0] for w in words(key))}
    named = words(site.name) if site else []
    found.update("".join(w[0] for w in named[n:]) for n in range(len(named) - 1))
    return {a for a in found if len(a) >= 2}


class Match(NamedTuple):
    system: str
    entry: System
    matched: int  # how many of the query's words it matches


def _vocabulary(system: str, entry: System, sites: Mapping[str, Site]) -> set[str]:
    found = {*words(system), *words(entry.name), *words(entry.kind)}
    for key in entry.sites:
        found.update(words(key))
        found.update(abbreviations(key, sites.get(key)))
        if key in sites:
            found.update(words(sites[key].name))
    return found


def _matches(word: str, vocabulary: set[str]) -> bool:
    if word in vocabulary:
        return True
    if len(word) < 3 or word.isdigit():
        return False
    # A word begun ("serv") or misspelt ("swich") still counts.
    return any(v.startswith(word) or (len(v) >= 4 and difflib.SequenceMatcher(
        None, word, v).ratio() >= 0.8) for v in vocabulary)


def search(graph: Graph, query: Iterable[str],
           sites: Mapping[str, Site] = NO_SITES) -> list[Match]:
    """Systems matching at least one word of the query, most words matched first, then the
    closest id; every system (by id) when the query has no words."""
    wanted = [w for text in query for w in words(text)]
    found = []
    for system, entry in graph.systems.items():
        vocabulary = _vocabulary(system, entry, sites)
        matched = sum(_matches(w, vocabulary) for w in wanted)
        if matched or not wanted:
            found.append(Match(system, entry, matched))
    joined = "-".join(wanted)
    return sorted(found, key=lambda m: (-m.matched, -difflib.SequenceMatcher(
        None, joined, m.system).ratio(), m.system))


def suggestions(name: str, graph: Graph,
                sites: Mapping[str, Site] = NO_SITES) -> list[Match]:
    """For an unknown id: the systems matching the most of its words, at least half of them
    (an id that shares one word of four is no suggestion), up to SHOWN."""
    wanted = len(words(name))
    found = search(graph, [name], sites)
    best = found[0].matched if found else 0
    if not wanted or best * 2 < wanted:
        return []
    return [m for m in found if m.matched == best][:SHOWN]


def did_you_mean(name: str, graph: Graph, sites: Mapping[str, Site] = NO_SITES) -> str:
    """'; did you mean ups-hs-01 (High school server-room UPS)?' or ''."""
    close = suggestions(name, graph, sites)
    return "; did you mean " + " or ".join(
        f"{m.system} ({m.entry.name})" for m in close) + "?" if close else ""
