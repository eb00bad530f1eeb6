"""The queue as text (for the coordinator) or JSON (for scripts), both sorted by days left.

A request's title is the technician's text: one line, bounded, control characters escaped, like
every message. Nothing here calls a request scheduled.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cmcheck.core.judge.findings import one_line
from cmcheck.core.model.localtime import show
from cmcheck.github.queue.build import THIS_WEEK, Item, Queue


def as_json(queue: Queue) -> str:
    """{"pending": [{"pr", "id", "title", "start", "days_left", "approved", "notice_ok",
    "conflicts": [ids]}]}, as issue 27 gives it; start is ISO 8601 in the policy's zone."""
    tz = queue.policy.tz
    return json.dumps({"pending": [{
        "pr": item.pr, "id": item.id, "title": item.title,
        "start": item.start.astimezone(tz).isoformat(timespec="minutes"),
        "days_left": item.days_left, "approved": item.approved, "notice_ok": item.notice_ok,
        "conflicts": [c.id for c in item.conflicts]} for item in queue.items]}, indent=2) + "\n"


def as_plain(queue: Queue) -> list[dict[str, Any]]:
    """Each item as plain data (strings, numbers, booleans), for the digest's templates, which
    see nothing else; text from the change request is as its author wrote it (the templates
    escape for HTML; a mail header gets it through notices.mail.one_line)."""
    tz = queue.policy.tz
    return [{"pr": item.pr, "id": one_line(item.id, limit=120), "title": item.title,
             "start": show(item.start, tz), "days_left": item.days_left,
             "left": (f"{_count(item.days_left, 'day')} left" if item.days_left >= 0
                      else f"started {_count(-item.days_left, 'day')} ago"),
             "urgent": item.urgent, "approved": item.approved, "approval": item.approval,
             "notice_ok": item.notice_ok,
             "conflicts": [one_line(c, limit=120) for c in item.conflicts],
             "url": item.url if item.url.startswith(("https://", "http://")) else "",
             "author": item.author} for item in queue.items]


def as_text(queue: Queue) -> str:
    tz = queue.policy.tz
    if not queue.items:
        readable = " readable" if queue.unreadable else ""
        lines = [f"no{readable} change request waits in an open pull request "
                 f"({show(queue.now, tz)})"]
    else:
        pulls = len({item.pr for item in queue.items})
        lines = [f"{_count(len(queue.items), 'requested change')} in "
                 f"{_count(pulls, 'open pull request')}, by days left "
                 f"({show(queue.now, tz)}); none is scheduled until it is approved and merged"]
        urgent = [item for item in queue.items if item.urgent]
        later = [item for item in queue.items if not item.urgent]
        for heading, items in ((f"Decide this week (starts within {THIS_WEEK} days):", urgent),
                               ("Later:", later)):
            if items:
                lines += ["", heading, *(line for item in items for line in _item(item, queue))]
    if queue.unreadable:
        lines += ["", "Not readable (their pull request's check names the line to fix):"]
        lines += [f"  {f.path}:{f.line}: {f.rule}: {one_line(f.message, limit=160)}"
                  for f in queue.unreadable]
    return "\n".join(lines) + "\n"


def _item(item: Item, queue: Queue) -> list[str]:
    when = show(item.start, queue.policy.tz)
    left = (f"{_count(item.days_left, 'day')} left" if item.days_left >= 0
            else f"started {_count(-item.days_left, 'day')} ago")
    # The id is a file name from GitHub: it may hold a line break, so it is quoted like a title.
    lines = [f"  #{item.pr} {one_line(item.id, limit=120)} — {one_line(item.title, limit=70)}",
             f"      starts {when}, {left}; by {one_line(item.author, limit=40)}; {item.url}",
             f"      approval: {one_line(item.approval, limit=200)}"]
    if not item.notice_ok:
        lines.append(f"      notice: less than {queue.policy.notice_days} days — it fails "
                     "notice-period unless the coordinator grants an exception")
    if item.conflicts:
        lines.append("      conflicts with: " + ", ".join(one_line(c, limit=120)
                                                       for c in item.conflicts))
    return lines


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


FORMATS: dict[str, Callable[[Queue], str]] = {"text": as_text, "json": as_json}
