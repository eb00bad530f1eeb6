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

from cmcheck.policy import Policy
from cmcheck.yamltext import block, quote

_REVIEW_KEY = re.compile(r"^review[ \t]*:")


@dataclass(frozen=True, kw_only=True)
class ReviewAnswers:
    outcome: str
    completed: datetime
    notes: str
    next_steps: str | None = None
    follow_ups: list[str] = field(default_factory=list)


def render_review(review: ReviewAnswers, *, policy: Policy) -> str:
    completed = review.completed.astimezone(policy.tz).strftime("%Y-%m-%d %H:%M")
    out = ["review:\n", f"  outcome: {quote(review.outcome)}\n", f"  completed: {completed}\n",
           f"  notes: {quote(review.notes)}\n"]
    if review.next_steps:
        out.append(f"  next_steps: {quote(review.next_steps)}\n")
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
    from cmcheck.ids import paths_with_id

    paths = paths_with_id(root, change_id)
    if len(paths) != 1:
        problem = "no change request" if not paths else f"{len(paths)} files ({', '.join(paths)})"
        raise LookupError(f"{problem} with the id {change_id} under changes/")
    return root / paths[0]
