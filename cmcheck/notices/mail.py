"""Notices rendered from the district's templates into e-mail messages: pure functions.

Untrusted text (a change's title, summary, notes) reaches two dangerous places. In HTML, Jinja's
autoescape is forced on for every ``.html.j2`` template. In headers, values are stripped of line
breaks and set through ``EmailMessage`` with the SMTP policy, which encodes them; no header is
ever formatted by hand, so no title can add a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

import jinja2

from cmcheck.core.model.policy import Policy
from cmcheck.core.safe import plain, templating
from cmcheck.notices import when
from cmcheck.notices.due import Notice

TEMPLATES = Path("templates") / "notices"
LABELS = {
    "scheduled": "Scheduled",
    "rescheduled": "Rescheduled",
    "cancelled": "Cancelled",
    "completion": "Completed",
    "unscheduled": "Unscheduled change",
    "reminder": "Reminder",
}
OUTCOMES = {
    "successful": "completed successfully",
    "failed": "failed",
    "backed-out": "was backed out",
    "postponed": "was postponed",
    "partial": "was partly completed",
}
_BREAKS = re.compile(r"[\r\n\x00-\x1f\x7f\u0085\u2028\u2029]+")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def environment(root: Path) -> jinja2.Environment:
    """The district's notice templates, sandboxed (see core/safe/templating.py): they render in the
    job that holds the SMTP password, and the context below is all they can reach."""
    return templating.environment(
        root / TEMPLATES,
        autoescape=lambda name: name is not None and name.endswith(".html.j2"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def one_line(value: str) -> str:
    """A header value: every line break or control character becomes one space, and "=?" is
    broken up.

    The second matters as much as the first: assigning a header parses its value, and an
    encoded word in it ("=?UTF-8?Q?=0A?=") would be decoded into a real line break, which the
    generator then writes out as the end of the headers.
    """
    return _BREAKS.sub(" ", value).replace("=?", "= ?").strip()


def subject(notice: Notice, policy: Policy) -> str:
    label = LABELS[notice.kind]
    if notice.kind == "completion" and notice.change.review is not None:
        outcome = notice.change.review.outcome
        label = "Completed" if outcome == "successful" else f"Change {outcome.replace('-', ' ')}"
    return one_line(f"[{policy.district.name}] {label}: {notice.change.title}")


def context(notice: Notice, policy: Policy) -> dict[str, Any]:
    """What a notice template sees, as plain data (core/safe/plain.py): a template gets the
    change's values, never the model, whose methods could run code."""
    change, tz = notice.change, policy.tz
    previous = notice.previous
    review = change.review
    return plain.context({
        "notice": notice,
        "kind": notice.kind,
        "change_id": notice.change_id,
        "change": change,
        "district": policy.district,
        "when": when.span(change.schedule.start, change.schedule.end, tz),
        "previous_when": (when.span(previous.schedule.start, previous.schedule.end, tz)
                          if previous is not None else None),
        "sites": [policy.sites[k].name for k in change.impact.sites if k in policy.sites],
        "review": review,
        "outcome": OUTCOMES[review.outcome] if review is not None else None,
        "completed": when.moment(review.completed, tz) if review is not None else None,
    })


def render_notice(notice: Notice, policy: Policy, env: jinja2.Environment) -> Rendered:
    values = context(notice, policy)
    text = templating.render(env.get_template(f"{notice.kind}.txt.j2"), values)
    html = templating.render(env.get_template(f"{notice.kind}.html.j2"), values)
    return Rendered(subject(notice, policy), text, html)


def safe_id(change_id: str) -> str:
    return _ID_UNSAFE.sub("-", change_id)


def message_id(change_id: str, kind: str, revision: str, domain: str, *,
               epoch: int = 0) -> str:
    """Deterministic, so a re-sent notice is the same message to a mail client.

    `epoch` counts earlier cancellations: a change brought back needs fresh IDs, because some
    mail services silently drop a message whose Message-ID they have seen.
    """
    safe = safe_id(change_id)
    if kind in ("scheduled", "unscheduled") and epoch == 0:  # the root of the change's thread
        return f"<{safe}@{domain}>"
    suffix = f".{epoch}" if epoch and kind != "cancelled" else ""
    return f"<{safe}.{kind}.{revision}{suffix}@{domain}>"


def root_id(change_id: str, domain: str) -> str:
    return message_id(change_id, "scheduled", "", domain)


def build_message(notice: Notice, rendered: Rendered, policy: Policy, *, sender: str,
                  thread: list[str], date: Any, epoch: int = 0) -> EmailMessage:
    """multipart/alternative: the plain text first, the HTML preferred by clients that can.

    `thread` lists the Message-IDs of the change's earlier notices, oldest first.
    """
    domain = policy.district.domain
    own = message_id(notice.change_id, notice.kind, notice.revision, domain, epoch=epoch)
    message = EmailMessage(policy=SMTP)
    message["Subject"] = rendered.subject
    message["From"] = one_line(sender)
    contact = policy.district.contact
    message["Reply-To"] = formataddr((one_line(contact.name), contact.email))
    message["To"] = ", ".join(notice.recipients)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = own
    earlier = [mid for mid in thread if mid != own]
    if earlier:
        message["In-Reply-To"] = earlier[-1]
        message["References"] = " ".join(earlier)
    message["Auto-Submitted"] = "auto-generated"
    message["X-Cmcheck-Change"] = one_line(notice.change_id)
    message["X-Cmcheck-Notice"] = f"{notice.kind} {notice.revision}"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message
