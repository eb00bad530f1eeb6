"""`cmcheck review ID`: add the Change Review to a change request, as text at the end of the file.

"A Change Review must be completed for each change, whether scheduled or unscheduled, and
whether successful or not." The rest of the file stays byte-identical: the diff a coordinator
approves is the review and nothing else, so the `locked` rule has nothing to object to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import get_args

import click

from cmcheck.core.judge.reviews import completed_problem
from cmcheck.core.model.localtime import parse_datetime
from cmcheck.core.model.models import ChangeRequest, Outcome
from cmcheck.core.model.policy import Policy
from cmcheck.technician.asker import TEXT
from cmcheck.technician.yamltext import block, scalar

_REVIEW_KEY = re.compile(r"^review[ \t]*:")
OUTCOMES: list[str] = list(get_args(Outcome))


@dataclass(frozen=True, kw_only=True)
class ReviewAnswers:
    outcome: str
    completed: datetime
    notes: str
    next_steps: str | None = None
    follow_ups: list[str] = field(default_factory=list)


def render_review(review: ReviewAnswers, *, policy: Policy) -> str:
    completed = review.completed.astimezone(policy.tz).strftime("%Y-%m-%d %H:%M")
    out = ["review:\n", f"  outcome: {scalar(review.outcome)}\n", f"  completed: {completed}\n",
           f"  notes: {scalar(review.notes)}\n"]
    if review.next_steps:
        out.append(f"  next_steps: {scalar(review.next_steps)}\n")
    if review.follow_ups:
        out.append("  follow_ups:\n" + block(review.follow_ups, indent=4))
    return "".join(out)


def without_review(text: str) -> str:
    """text minus its top-level review section (the key's line and every indented, blank or
    comment line after it)."""
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if _REVIEW_KEY.match(line)), None)
    if start is None:
        return text
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "\t", "#") or not lines[end].strip()):
        end += 1
    return "".join(lines[:start] + lines[end:])


def with_review(text: str, review: str) -> str:
    """text with review as its last section, in the file's own line endings."""
    kept = without_review(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    if kept and not kept.endswith("\n"):
        kept += newline
    return kept + review.replace("\n", newline)


def find(root: Path, change_id: str) -> Path:
    from cmcheck.core.reading import ids_in_changes

    paths = ids_in_changes(root, {change_id}).get(change_id, [])
    if len(paths) != 1:
        problem = "no change request" if not paths else f"{len(paths)} files ({', '.join(paths)})"
        raise LookupError(f"{problem} with the id {change_id} under changes/")
    return root / paths[0]


def _when(value: str, policy: Policy, change: ChangeRequest, now: datetime) -> datetime:
    """The time the work ended, refused (asked again at the prompt) when the review could not
    be true: before the change started, or later than now."""
    try:
        moment = parse_datetime(value, policy.tz)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--completed") from None
    wrong = completed_problem(change, moment, now=now, tz=policy.tz)
    if wrong is not None:
        raise click.BadParameter(wrong, param_hint="--completed")
    return moment


def ask(*, policy: Policy, change: ChangeRequest, now: datetime, outcome: str | None,
        completed: str | None, notes: str | None, next_steps: str | None,
        follow_ups: list[str]) -> ReviewAnswers:
    """The review of change from the flags, asking for whatever is missing (typed answers are
    checked and asked again when wrong)."""
    interactive = outcome is None or notes is None  # then follow-ups are asked too
    outcome = outcome or click.prompt("Outcome", type=click.Choice(OUTCOMES))
    # The scheduled end is what most reviews report; before it has come, now is the only
    # time that can be true (a review is never in the future).
    shown = min(change.schedule.end, now).astimezone(policy.tz).strftime("%Y-%m-%d %H:%M")
    finished = _when(completed, policy, change, now) if completed else click.prompt(
        "Completed (YYYY-MM-DD HH:MM, local time)", default=shown,
        value_proc=lambda v: _when(v, policy, change, now))
    notes = notes or click.prompt("Notes (what happened)", value_proc=TEXT)
    if outcome != "successful" and not next_steps:
        next_steps = click.prompt("Next steps (what happens now)", value_proc=TEXT)
    asked = bool(follow_ups)  # `--follow-up none` answers the question: none
    follow_ups = [item for item in follow_ups if not _nothing(item)]
    if not asked and interactive:
        raw = click.prompt("Follow-ups, separated by ';' (or none)", default="none")
        follow_ups = [TEXT(p.strip()) for p in raw.split(";") if not _nothing(p)]
    return ReviewAnswers(outcome=outcome, completed=finished, notes=notes,
                         next_steps=next_steps, follow_ups=follow_ups)


def _nothing(item: str) -> bool:
    """'none', '-' or blank: the way a person says there is no follow-up."""
    return item.strip().casefold() in ("", "none", "-", "n/a")
