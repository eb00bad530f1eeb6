"""The technician's commands: `new` and `review`."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from cmcheck.cli.support import Failure, iso
from cmcheck.technician.templates import TEMPLATES


def _run_engine(root: Path, path: str, now: datetime | None) -> bool:
    """Validate one file as CI will, print the findings; True when it has errors."""
    from cmcheck.core import configuration, engine
    from cmcheck.core.judge.reporters import text

    try:
        result = engine.run(engine.Options(root=root, paths=(path,), now=now))
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    click.echo(text.render(result), nl=False)
    return result.failed


@click.command()
@click.option("--from", "template", type=click.Choice(list(TEMPLATES)),
    help="Start from a template with the usual steps and backout.")
@click.option("-y", "--yes", "accept_defaults", is_flag=True,
              help="Take every default without asking; fail if a needed flag is missing.")
@click.option("--wsus-only/--not-wsus-only", default=None,
              help="Only Windows Updates already in the district's update repository.")
@click.option("--mission-critical/--no-mission-critical", default=None,
              help="Could it affect the availability of mission-critical data?")
@click.option("--upgrade/--no-upgrade", default=None,
              help="An OS or firmware upgrade, or a replacement of server/network equipment.")
@click.option("--user-connectivity/--no-user-connectivity", default=None,
              help="Users lose connectivity or access while it runs.")
@click.option("--facility", multiple=True, help="An environmental facility touched "
              "(air-conditioning, water, heat, plumbing, electricity, alarms, or none).")
@click.option("--emergency/--scheduled", default=None,
              help="An emergency that cannot wait for the notice period (unscheduled).")
@click.option("--category")
@click.option("--title")
@click.option("--name", help="Your name.")
@click.option("--email", help="Your e-mail.")
@click.option("--github", help="Your GitHub login (or none).")
@click.option("--system", multiple=True, help="A system touched (repeat).")
@click.option("--audience", multiple=True, help="A key of policy.audiences (repeat).")
@click.option("--site", multiple=True, help="A key of policy.sites, or none (repeat).")
@click.option("--impact", help="How users are affected.")
@click.option("--duration", type=int, help="Minutes the work takes.")
@click.option("--backout-minutes", type=int, help="Minutes the backout takes.")
@click.option("--start", help="Start, local time (default: the earliest compliant start).")
@click.option("--plan", help="Plan summary.")
@click.option("--step", multiple=True, help="A plan step (repeat).")
@click.option("--verification", help="How success is checked.")
@click.option("--staff", multiple=True, help="Who will be there (repeat).")
@click.option("--backout", help="Backout summary.")
@click.option("--backout-step", multiple=True, help="A backout step (repeat).")
@click.option("--stakeholder", multiple=True, help="Who was consulted (repeat).")
@click.option("--coordinated-with", help="Who facilities work was coordinated with.")
@click.option("--reason", help="Why an unscheduled change could not be scheduled.")
@click.option("--exception", multiple=True, metavar="RULE:REASON",
              help="Ask the Technology Coordinator to waive RULE (for example "
                   "notice-period:the UPS failed its self-test), repeatable; the approval of the "
                   "pull request grants it.")
@click.option("--id", "change_id", help="The id (file name without .yaml).")
@click.option("--now", envvar="CMCHECK_NOW",
              help="Fix the current time (ISO 8601) for reproducible runs.")
@click.pass_obj
def new(root: Path, /, template: str | None, accept_defaults: bool, now: str | None,
        change_id: str | None, **given: object) -> None:
    """Write a new change request by answering the procedure's questions.

    Says when no change request is needed, proposes the earliest compliant start, writes
    changes/<year>/<id>.yaml (never over an existing id) and validates it.
    """
    from cmcheck.core import catalog, configuration
    from cmcheck.core.model.localtime import localize
    from cmcheck.technician import asker as questions
    from cmcheck.technician import inventory_text
    from cmcheck.technician import prompts as wizard_prompts

    try:
        policy = catalog.policy_in(root)
        inventory = catalog.inventory_in(root, policy)
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    fixed = iso(now)
    moment = (fixed if fixed is None or fixed.tzinfo else localize(fixed, policy.tz))
    current = (moment or datetime.now().astimezone()).astimezone(policy.tz)
    asker = questions.Asker(given={**given, "id": change_id}, accept_defaults=accept_defaults)
    try:
        answers = wizard_prompts.ask(
            asker, policy=policy, known=list(catalog.changes_in(root, policy).values()),
            now=current, template=wizard_prompts.template_named(template), inventory=inventory)
        if isinstance(answers, str):
            click.echo(answers)
            return
        proposed = wizard_prompts.target(root, answers, policy=policy, given_id=None).stem
        chosen = asker.text("id", "Id (the file name)", proposed,
                            check=lambda value: wizard_prompts.free_id(root, value))
    except questions.MissingAnswer as error:
        raise Failure(str(error)) from None
    try:  # the inventory's edit is made (and checked) before anything is written
        inventory_bytes = inventory_text.edited(root, answers.new_systems)
        path = wizard_prompts.write(root, answers, policy=policy, change_id=chosen)
    except (wizard_prompts.NotWritten, inventory_text.NotEdited) as error:
        raise Failure(str(error)) from None
    relative = path.relative_to(root).as_posix()
    click.echo(f"wrote {relative}")
    if inventory_bytes is not None:
        (root / configuration.INVENTORY_FILE).write_bytes(inventory_bytes)
        click.echo(inventory_text.said(answers.new_systems))
    sys.exit(1 if _run_engine(root, relative, fixed) else 0)


@click.command()
@click.argument("change_id", metavar="ID")
@click.option("--outcome", type=click.Choice(
    ["successful", "failed", "backed-out", "postponed", "partial"]))
@click.option("--completed", help="When the work ended, local time (default: now).")
@click.option("--notes", help="What happened.")
@click.option("--next-steps", help="For a change that did not succeed: what happens next.")
@click.option("--follow-up", "follow_ups", multiple=True, help="A follow-up task (repeat).")
@click.option("--replace", is_flag=True, help="Replace a review the file already has.")
@click.option("--now", envvar="CMCHECK_NOW",
              help="Fix the current time (ISO 8601) for reproducible runs.")
@click.pass_obj
def review(root: Path, /, change_id: str, outcome: str | None, completed: str | None,
           notes: str | None, next_steps: str | None, follow_ups: tuple[str, ...],
           replace: bool, now: str | None) -> None:
    """Add the Change Review (outcome, completion, notes, follow-ups) to change ID."""
    from cmcheck.core import catalog, configuration
    from cmcheck.core.model.localtime import localize, show
    from cmcheck.core.reading import read_change
    from cmcheck.technician import review as review_cmd

    try:
        policy = catalog.policy_in(root)
        path = review_cmd.find(root, change_id)
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    except LookupError as error:
        raise Failure(str(error)) from None
    relative = path.relative_to(root).as_posix()
    subject, findings = read_change(root, relative, policy.tz)
    if subject is None or findings:
        raise Failure(f"{relative} does not parse; run cmcheck validate and fix it first")
    if subject.change.review is not None and not replace:
        raise Failure(f"{relative} already has a review; use --replace to replace it")
    fixed = iso(now)
    current = (localize(fixed, policy.tz) if fixed and not fixed.tzinfo else fixed) \
        or datetime.now().astimezone()
    if subject.change.schedule.start > current:
        raise Failure(f"{relative} starts {show(subject.change.schedule.start, policy.tz)} and "
                      "has not started yet: a Change Review describes work that has happened; "
                      f"run cmcheck review {change_id} after the work")
    text = review_cmd.render_review(review_cmd.ask(
        policy=policy, change=subject.change, now=current, outcome=outcome,
        completed=completed, notes=notes, next_steps=next_steps, follow_ups=list(follow_ups)),
        policy=policy)
    original = path.read_bytes().decode("utf-8")  # no newline translation: bytes stay as they are
    path.write_bytes(review_cmd.with_review(original, text).encode("utf-8"))
    click.echo(f"{'replaced the review in' if subject.change.review else 'added a review to'} "
               f"{relative}")
    sys.exit(1 if _run_engine(root, relative, fixed) else 0)
