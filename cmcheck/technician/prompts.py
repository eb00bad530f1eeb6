"""`cmcheck new`, the conversation: the procedure's questions in order, then the fields.

Each question is also a flag (see ``asker``); the decision and the file's text are ``wizard``'s.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import click

from cmcheck.core.judge.placeholders import from_template
from cmcheck.core.model.inventory import Graph
from cmcheck.core.model.models import Category, FacilitySystem
from cmcheck.core.model.policy import Policy
from cmcheck.technician import waivers
from cmcheck.technician.asker import EMAIL, TEXT, Asker, login_or_none
from cmcheck.technician.from_inventory import Filled, fill
from cmcheck.technician.new_system import NewSystem, ask_systems, with_new
from cmcheck.technician.templates import TEMPLATES, Template
from cmcheck.technician.wizard import (
    Answers,
    days_off,
    describe_slot,
    local,
    needs_request,
    propose_start,
    required_fields,
    slug,
)

CATEGORIES: tuple[str, ...] = get_args(Category)
FACILITY_SYSTEMS: tuple[str, ...] = get_args(FacilitySystem)


def parse_start(text: str, policy: Policy) -> datetime:
    from cmcheck.core.model.localtime import parse_datetime

    try:
        return parse_datetime(text, policy.tz)
    except ValueError as error:
        raise click.BadParameter(f"start: {error}") from None


def _start_text(value: str, policy: Policy) -> str:
    parse_start(value, policy)
    return value


def ask(asker: Asker, *, policy: Policy, known: list[Any], now: datetime,
        template: Template | None, inventory: Graph | None = None) -> Answers | str:
    """The answers, or the plain reason why no change request is needed. With an inventory,
    systems must be in it, and what they bring in becomes the defaults (and is said)."""
    t = template
    wsus = asker.flag("wsus_only", "Is it only Windows Updates already in the district's "
                      "Windows Update repository?", False)
    if wsus:
        return needs_request(wsus_only=True, mission_critical=False, upgrade=False,
                             user_connectivity=False, facilities=False) or ""
    critical = asker.flag("mission_critical", "Could it affect the availability of "
                          "mission-critical data?", True)
    upgrade = asker.flag("upgrade", "Is it an OS or firmware upgrade, or a replacement of "
                         "server/network equipment?", t.upgrade if t else False)
    users = asker.flag("user_connectivity", "Will users lose connectivity or access to "
                       "information services while it runs?", t.user_connectivity if t else True)
    facilities = asker.many("facility", "Environmental facilities it touches, or none",
                            list(t.facilities) if t and t.facilities else ["none"],
                            choices=FACILITY_SYSTEMS)
    reason = needs_request(wsus_only=False, mission_critical=critical, upgrade=upgrade,
                           user_connectivity=users, facilities=bool(facilities))
    if reason:
        return reason
    if upgrade and not critical:
        click.echo("An OS/firmware upgrade or an equipment replacement counts as affecting "
                   "mission-critical data (the procedure says so).")
        critical = True
    notice_date = describe_slot(now + timedelta(days=policy.notice_days), policy)
    kind = "unscheduled" if asker.flag(
        "emergency", f"Is it an emergency that must start before {notice_date} (less than "
        f"{policy.notice_days} days' notice)?",
        t is not None and t.kind == "unscheduled") else "scheduled"
    if kind == "unscheduled":
        click.echo(f"It must be an unscheduled change: give the reason and file it within "
                   f"{policy.unscheduled_report_days} days of its start; the Technology "
                   "Coordinator ratifies it and a Change Review is still required.")
    click.echo("Required: " + "; ".join(required_fields(
        kind=kind, mission_critical=critical, facilities=bool(facilities))) + ".")
    category = asker.choice("category", "Category", CATEGORIES,
                            t.category if t else ("facilities" if facilities else "other"))
    title = asker.text("title", "Title (one line)",
                       why="it names the change in every notice and on the calendar")
    name = asker.text("name", "Your name", why="the coordinator must know who asks")
    email = asker.text("email", "Your e-mail", check=EMAIL,
                       why="the coordinator and the notices answer to it")
    github = asker.text("github", "Your GitHub login (or none)", "none",
                        check=login_or_none)
    github_login = None if github.strip().lower() in ("", "none", "-") else github.strip()
    question = ("Systems touched (host or device names"
                f"{', ids of inventory.yaml' if inventory else ''})")
    new_systems: list[NewSystem] = []
    if inventory:  # an unknown one typed is offered as a new system of this pull request
        systems, new_systems = ask_systems(asker, question, inventory, policy)
        inventory = with_new(inventory, new_systems)
    else:
        systems = asker.many("system", question, [])
    filled = fill(inventory, systems) if inventory else None
    if filled is not None:
        click.echo("\n".join(filled.notes))
        if filled.critical and not critical:
            click.echo("Mission-critical data: yes, from the inventory "
                       f"({filled.critical[0]} holds it).")
            critical = True
    audiences = asker.many("audience", "Who is affected", filled.audiences if filled else [],
                           choices=list(policy.audiences))
    sites = asker.many("site", "Sites affected", (filled.sites if filled else []) or ["none"],
                       choices=list(policy.sites))
    impact = asker.text("impact", "How users are affected (one sentence)", check=TEXT,
                        why="the notices tell the people affected what to expect")
    duration = asker.number("duration", "How many minutes will the work take",
                            t.duration_minutes if t else 120)
    backout_minutes = asker.number("backout_minutes", "How many minutes does the backout take",
                                   t.backout_minutes if t else 30)
    # With an inventory, a change up- or downstream of these systems conflicts too.
    related = sorted(inventory.related(systems)) if inventory else []
    start, waived = _settle_start(asker, policy=policy, now=now, kind=kind, users=users,
                                  work=timedelta(minutes=duration),
                                  room=timedelta(minutes=backout_minutes),
                                  neighbours=waivers.others(known, systems=[*systems, *related],
                                                            sites=sites))
    off = days_off(policy, start, start + timedelta(minutes=duration))
    if off:
        click.echo(f"Note: it falls on {', '.join(off)}: adequate resources may be a problem; "
                   "name staff who will really be there.")
    plan = asker.text("plan", "Plan summary", t.plan if t else None, check=TEXT)
    default, guide = _offered(t.steps if t else ())
    steps = asker.lines("step", "Plan steps", default, guide=guide)
    verification = asker.text("verification", "How success is checked",
                              t.verification if t else None, check=TEXT)
    staff = asker.many("staff", "Staff who will be there", [github_login or name])
    backout = asker.text("backout", "Backout summary", t.backout if t else None,
                         check=TEXT)
    default, guide = _offered(t.backout_steps if t else ())
    backout_steps = asker.lines("backout_step", "Backout steps", default, guide=guide)
    stakeholders: list[str] = []
    if critical:
        stakeholders = asker.many("stakeholder", "Who was consulted (supervisors, business "
                                  "owners)", consulted(filled, sites, policy), sep=";",
                                  why="it may affect mission-critical data, and the procedure "
                                  "asks who was consulted first")
    coordinated = None
    if facilities:
        coordinated = asker.text("coordinated_with", "Who the facilities work was coordinated "
                                 "with (the leader of the change-management process: the "
                                 "Technology Coordinator or the facilities person they named)",
                                 why="the procedure asks that facilities work be coordinated")
    why = asker.text("reason", "Why it could not be scheduled", check=TEXT,
                     why="an emergency skips the notice period only for a reason the "
                     "coordinator can ratify") if kind == "unscheduled" else None
    return Answers(
        title=title, kind=kind, category=category, name=name, email=email, github=github_login,
        systems=systems, mission_critical=critical, user_connectivity=users,
        audiences=audiences, sites=sites, impact=impact, start=start,
        end=start + timedelta(minutes=duration), plan=plan, steps=steps,
        verification=verification, staff=staff, backout=backout, backout_steps=backout_steps,
        backout_minutes=backout_minutes, stakeholders=stakeholders, facilities=facilities,
        coordinated_with=coordinated, reason=why, exceptions=waived, new_systems=new_systems)


def _constraints(policy: Policy, *, users: bool, waived: waivers.Waivers) -> str:
    """What the proposed start satisfies, and what the exceptions asked for leave out."""
    asked = [rule for rule in waived if rule in waivers.SCHEDULING]
    window = "no window needed as users keep their access" if not users else \
        "maintenance window with room for the backout"
    parts = [f"{policy.notice_days} days' notice", window, "no blackout", "no conflicting change"]
    kept = [part for part, rule in zip(parts, ("notice-period", "maintenance-window", "blackout",
                                               "conflict"), strict=True) if rule not in asked]
    return ", ".join(kept) + (f"; exception asked for {', '.join(asked)}" if asked else "")


def _settle_start(asker: Asker, *, policy: Policy, now: datetime, kind: str, users: bool,
                  work: timedelta, room: timedelta, neighbours: list[Any],
                  ) -> tuple[datetime, waivers.Waivers]:
    """The start, and the exceptions asked for: a start that breaks a rule is moved, covered
    by an exception with a reason, or kept only when the technician says so."""
    waived = waivers.parse(asker.given.get("exception") or ())

    def compliant(after: datetime | None = None) -> datetime | None:
        return propose_start(policy=policy, now=now, duration=work, backout=room,
                             needs_window=users, busy=waivers.busy(policy, neighbours, waived),
                             after=after, waived=waived)

    slot = compliant() if kind == "scheduled" else now
    if kind == "scheduled" and slot is not None:
        click.echo(f"Earliest compliant start: {describe_slot(slot, policy)} "
                   f"({_constraints(policy, users=users, waived=waived)}).")
    while True:
        start = parse_start(asker.text("start", "Start (YYYY-MM-DD HH:MM, local time)",
                                       local(slot, policy) if slot else None,
                                       check=lambda v: _start_text(v, policy)), policy)
        problems = waivers.broken(policy=policy, now=now, kind=kind, start=start,
                                  end=start + work, backout=room, needs_window=users,
                                  neighbours=neighbours)
        left = {rule: why for rule, why in problems.items() if rule not in waived}
        if not left:
            return start, waived
        better = compliant(after=start) if kind == "scheduled" else None
        click.echo(f"{describe_slot(start, policy)} breaks {waivers.describe(left)}; " + (
            f"the earliest compliant start after it is {describe_slot(better, policy)}."
            if better else "no start within a year avoids it." if kind == "scheduled"
            else "an emergency starts when it must: ask for an exception or type another start."))
        if asker.accept_defaults:
            click.echo("Written as given, so cmcheck validate will report it: start at the "
                       "compliant time, or ask for an exception with --exception RULE:REASON.")
            return start, waived
        if better is not None and click.confirm(f"Start at {local(better, policy)} instead?",
                                                default=True):
            return better, waived
        if waivers.offer(left, waived):
            click.echo("The file asks the Technology Coordinator for an exception to "
                       f"{', '.join(left)}; approving the pull request grants it.")
            return start, waived
        if click.confirm(f"Write it anyway? cmcheck validate will fail on {', '.join(left)}",
                         default=False):
            return start, waived
        asker.given["start"] = None  # ask for another start


def target(root: Path, answers: Answers, *, policy: Policy, given_id: str | None) -> Path:
    change_id = given_id or f"{local(answers.start, policy)[:10]}-{slug(answers.title)}"
    return root / "changes" / local(answers.start, policy)[:4] / f"{change_id}.yaml"


def template_named(name: str | None) -> Template | None:
    return TEMPLATES[name] if name else None


def free_id(root: Path, change_id: str) -> str:
    """change_id if it is well formed and unused under changes/, else ask again."""
    from cmcheck.core.judge.rules.filename import ID
    from cmcheck.core.reading import ids_in_changes

    if not ID.fullmatch(change_id):
        raise click.BadParameter("an id is lowercase letters, digits and single dashes")
    used = ids_in_changes(root, {change_id}).get(change_id, [])
    if used:
        raise click.BadParameter(f"{change_id} is already used by {', '.join(used)}")
    return change_id


class NotWritten(Exception):
    """The file was not written; the message says why (the command exits 2)."""


def write(root: Path, answers: Answers, *, policy: Policy, change_id: str) -> Path:
    """Create the file; an id already used anywhere under changes/ is refused."""
    from cmcheck.core.judge.rules.filename import ID
    from cmcheck.core.reading import ids_in_changes
    from cmcheck.technician.wizard import render

    if not ID.fullmatch(change_id):
        raise NotWritten(f"the id {change_id!r} must be lowercase letters, digits and dashes")
    used = ids_in_changes(root, {change_id}).get(change_id, [])
    if used:
        raise NotWritten(f"the id {change_id} is already used by {', '.join(used)}; "
                      "nothing was written (choose another with --id)")
    path = target(root, answers, policy=policy, given_id=change_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(render(answers, policy=policy))
    except FileExistsError:
        raise NotWritten(f"{path} already exists; nothing was written") from None
    return path


def _offered(steps: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(default, guide): a template's steps as a default to keep, or, when they are only its
    placeholders (the emergency template's "Find the cause of the outage."), as a guide with
    no default."""
    if steps and all(from_template(step) for step in steps):
        return (), steps
    return steps, ()


def consulted(filled: Filled | None, sites: list[str], policy: Policy) -> list[str]:
    """The default for "Who was consulted": the owners the wizard has just printed from the
    inventory, else the principals of the sites named (the people a newcomer would ask)."""
    if filled is not None and filled.stakeholders:
        return filled.stakeholders
    return [policy.sites[key].principal.name for key in sites if key in policy.sites]
