"""The coordinator's weekly digest: what waits in open pull requests, sorted by days left, with
conflicts and notice problems, rendered from templates/notices/digest.*.j2 and sent once per
ISO week.

The notices do not talk to GitHub: the command line reads the queue (`github/queue/`) and
hands it here as plain data (dicts of strings, numbers and booleans), which is all the
sandboxed templates see. The ledger keeps a re-run of the same week from sending it twice: its
key is the week, under a name no change id can take (ids are `a-z0-9-`).
"""

from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

from cmcheck.core import catalog
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.model.policy import Policy
from cmcheck.core.safe import templating
from cmcheck.notices import deliver, mail
from cmcheck.notices import ledger as ledgers

KIND = "digest"
LEDGER_NAME = "#coordinator-digest"  # "#" is no id's letter: no change shares its records
TEMPLATE = "digest"


@dataclass
class Outcome:
    week: str
    recipients: list[str]
    rendered: mail.Rendered | None = None  # None: nothing waits, nothing to say
    sent: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    already: bool = False  # the ledger holds this week's digest for every recipient
    written: Path | None = None


def week_of(now: datetime, policy: Policy) -> str:
    """The ISO week in the district's zone: "2026-W50"."""
    year, week, _ = now.astimezone(policy.tz).isocalendar()
    return f"{year}-W{week:02d}"


def render(items: list[dict[str, Any]], *, policy: Policy, week: str, generated: str,
           root: Path) -> mail.Rendered:
    env = mail.environment(root)
    values = {"items": items, "week": week, "generated": generated,
              "district": policy.district.name, "notice_days": policy.notice_days}
    urgent = sum(1 for item in items if item.get("urgent"))
    subject = mail.one_line(f"[{policy.district.name}] {len(items)} change request"
                            f"{'' if len(items) == 1 else 's'} wait for your decision"
                            + (f", {urgent} this week" if urgent else "") + f" ({week})")
    return mail.Rendered(subject,
                         templating.render(env.get_template(f"{TEMPLATE}.txt.j2"), values),
                         templating.render(env.get_template(f"{TEMPLATE}.html.j2"), values))


def message(rendered: mail.Rendered, *, policy: Policy, sender: str, recipients: list[str],
            week: str, date: datetime) -> EmailMessage:
    built = EmailMessage(policy=SMTP)
    built["Subject"] = rendered.subject
    built["From"] = mail.one_line(sender)
    built["To"] = ", ".join(recipients)
    built["Date"] = format_datetime(date)
    built["Message-ID"] = f"<coordinator-digest.{week}@{policy.district.domain}>"
    built["Auto-Submitted"] = "auto-generated"
    built["X-Cmcheck-Notice"] = f"{KIND} {week}"
    built.set_content(rendered.text)
    built.add_alternative(rendered.html, subtype="html")
    return built


def execute(root: Path, items: list[dict[str, Any]], *, now: datetime, outbox: Path | None,
            dry_run: bool) -> Outcome:
    """Render this week's digest and send it to the district's contact address (where the
    Technology Coordinator reads the department's mail), unless the ledger has it already.
    Without CMCHECK_SMTP_HOST, or with dry_run, it is only rendered (and written to outbox)."""
    policy = catalog.policy_in(root)
    week = week_of(now, policy)
    recipients = [policy.district.contact.email]
    outcome = Outcome(week=week, recipients=recipients)
    if not items:
        return outcome
    outcome.rendered = render(items, policy=policy, week=week, root=root,
                              generated=now.astimezone(policy.tz).strftime("%a %Y-%m-%d %H:%M"))
    smtp = None if dry_run else deliver.environment_smtp(policy)
    repository = gitrepo.open_repo(root)
    secret = ledgers.key_from_env(dict(os.environ))
    if smtp is not None and (secret is None or repository is None):
        raise ValueError(f"{ledgers.KEY_VARIABLE} is not set (or {root} is no git repository): "
                         "without the ledger cmcheck cannot send the digest once a week, so it "
                         "sends nothing (see docs/notifications.md, 'The ledger key')")
    contact = policy.district.contact
    sender = smtp.sender if smtp is not None else formataddr((contact.name, contact.email))
    built = message(outcome.rendered, policy=policy, sender=sender, recipients=recipients,
                    week=week, date=now)
    if outbox is not None:
        outbox.mkdir(parents=True, exist_ok=True)
        outcome.written = outbox / f"coordinator-digest.{week}.eml"
        outcome.written.write_bytes(built.as_bytes())
    if smtp is None or repository is None:
        return outcome
    ledger = ledgers.load(repository, secret)
    pending = [r for r in recipients
               if not ledger.has(ledgers.Key(LEDGER_NAME, KIND, week, r))]
    if not pending:
        outcome.already = True
        return outcome
    _send(smtp, built, pending, ledger, week, outcome)
    return outcome


def _send(smtp: deliver.SmtpSettings, built: EmailMessage, pending: list[str],
          ledger: ledgers.Ledger, week: str, outcome: Outcome) -> None:
    client = deliver.connect(smtp)
    try:
        try:
            refused = client.send_message(built, from_addr=smtp.sender, to_addrs=pending)
        except smtplib.SMTPRecipientsRefused as error:
            refused = {str(k): v for k, v in error.recipients.items()}
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
    accepted = [r for r in pending if r not in refused]
    if accepted:
        ledger.record([ledgers.sent_record(ledgers.Key(LEDGER_NAME, KIND, week, r),
                                           str(built["Message-ID"])) for r in accepted],
                      f"sent the coordinator's digest of {week}")
    outcome.sent = accepted
    outcome.refused = [(r, f"{code} {answer.decode(errors='replace')}")
                       for r, (code, answer) in refused.items()]
