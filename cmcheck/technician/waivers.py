"""`cmcheck new`: which rules a start breaks, and the exception a technician may ask for.

The procedure allows user-affecting work outside the window, or less notice, "unless otherwise
scheduled with the Technology Coordinator": a change request asks for that in its `exceptions`,
and the coordinator's approval grants it. The wizard names the rule a typed start breaks and
the earliest start that breaks none, and offers the exception, so that the file it writes
validates with a notice for the coordinator instead of an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import get_args

import click

from cmcheck.core.judge.context import Subject
from cmcheck.core.model.localtime import show
from cmcheck.core.model.models import WaivableRule
from cmcheck.core.model.policy import Policy
from cmcheck.core.time.durations import in_words
from cmcheck.core.time.window import Interval, closed_hours, overlaps
from cmcheck.technician.asker import TEXT

WAIVABLE: tuple[str, ...] = get_args(WaivableRule)
# The rules a start alone decides; the wizard judges a typed start by them.
SCHEDULING = ("notice-period", "maintenance-window", "backout-fits", "blackout", "conflict",
              "unscheduled")
Waivers = dict[str, str]


def parse(values: Iterable[str]) -> Waivers:
    """--exception RULE:REASON values, each rule once, checked like the file's own fields."""
    found: Waivers = {}
    for value in values:
        rule, colon, reason = str(value).partition(":")
        rule = rule.strip()
        if not colon or rule not in WAIVABLE:
            raise click.BadParameter(
                f"{value!r}: write RULE:REASON with RULE one of {', '.join(WAIVABLE)}",
                param_hint="--exception")
        if rule in found:
            raise click.BadParameter(f"{rule} is given twice", param_hint="--exception")
        try:
            found[rule] = TEXT(reason)
        except click.BadParameter as error:
            raise click.BadParameter(f"{rule}: the reason: {error.message}",
                                     param_hint="--exception") from None
    return found


def others(known: list[Subject], *, systems: list[str], sites: list[str]) -> list[Subject]:
    """The live changes on the same systems or sites (the conflict rule's view)."""
    names = {n.casefold() for n in (*systems, *sites)}
    return [other for other in known if other.names() & names
            and (other.change.review is None or other.change.review.outcome != "postponed")]


def busy(policy: Policy, neighbours: list[Subject], waived: Iterable[str]) -> list[Interval]:
    """What a proposed start must avoid, minus what the change asks to waive."""
    skip = set(waived)
    found: list[Interval] = []
    if "blackout" not in skip:
        found.extend((b.start, b.end) for b in policy.blackouts)
    if "conflict" not in skip:
        found.extend(other.span for other in neighbours)
    return found


def _notice(given: timedelta) -> str:
    return in_words(max(given, timedelta(0)))


def broken(*, policy: Policy, now: datetime, kind: str, start: datetime, end: datetime,
           backout: timedelta, needs_window: bool, neighbours: list[Subject]) -> dict[str, str]:
    """rule -> why, for every scheduling rule the start breaks (as `cmcheck validate` judges)."""
    tz = policy.tz
    found: dict[str, str] = {}
    if kind == "scheduled":
        if start - now < timedelta(days=policy.notice_days):
            found["notice-period"] = (f"{_notice(start - now)} of notice where the policy asks "
                                      f"{policy.notice_days} days")
        closed = next(closed_hours(policy, start, end), None) if needs_window else None
        if closed is not None:
            found["maintenance-window"] = (f"it overlaps closed hours {show(closed[0], tz)}–"
                                           f"{closed[1].astimezone(tz):%H:%M}")
        elif needs_window and backout and (
                late := next(closed_hours(policy, end, end + backout), None)) is not None:
            found["backout-fits"] = ("a backout after the end would run into closed hours from "
                                     f"{late[0].astimezone(tz):%H:%M}")
    if kind == "unscheduled" and now - start > timedelta(days=policy.unscheduled_report_days):
        found["unscheduled"] = (f"filed {_notice(now - start)} after it started; the policy asks "
                                f"for it within {policy.unscheduled_report_days} days")
    blackout = next((b for b in policy.blackouts if overlaps((b.start, b.end), (start, end))),
                    None)
    if blackout is not None:
        found["blackout"] = f"it overlaps the {blackout.name} blackout"
    clash = next((o for o in neighbours if overlaps(o.span, (start, end))), None)
    if clash is not None:
        found["conflict"] = f"it overlaps {clash.id} on the same systems or sites"
    return found


def describe(problems: dict[str, str]) -> str:
    """'notice-period (6 days of notice where the policy asks 14 days)'."""
    return "; ".join(f"{rule} ({why})" for rule, why in problems.items())


def offer(problems: dict[str, str], waivers: Waivers) -> bool:
    """Ask, rule by rule, for an exception and its reason; True when every rule got one."""
    for rule in problems:
        if rule in waivers:
            continue
        if not click.confirm(f"Ask the Technology Coordinator for an exception to {rule}?",
                             default=True):
            return False
        waivers[rule] = click.prompt(f"Why can it not wait ({rule}), for the coordinator",
                                     value_proc=TEXT)
    return True
