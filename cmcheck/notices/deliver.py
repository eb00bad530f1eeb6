"""The thin I/O layer: write each notice to the outbox and hand it to the SMTP server.

Exactly-once per recipient comes from the ledger: a recipient is skipped when the ledger holds
its (change, kind, revision, recipient), and recorded right after the server accepted it. A
refused recipient stays unrecorded, so the next run sends to it, and only to it.
"""

from __future__ import annotations

import ipaddress
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

import jinja2

from cmcheck.core.model.policy import Policy
from cmcheck.notices import ledger as ledgers
from cmcheck.notices import mail
from cmcheck.notices.due import Notice

TIMEOUT_SECONDS = 30


class InsecureConnection(smtplib.SMTPException):
    """The password would have crossed an unencrypted connection, so cmcheck did not log in."""


@dataclass(frozen=True, kw_only=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    sender: str
    implicit_tls: bool = False  # TLS from the first byte (SMTPS, port 465)
    ca_file: str | None = None  # trust these certificates instead of the system's
    insecure_loopback: bool = False  # a plain relay on this machine may take the password


def _flag(environ: dict[str, str], name: str) -> bool:
    value = environ.get(name, "").strip().lower()
    if value not in ("", "0", "1", "true", "false"):
        raise ValueError(f"{name} must be 1 or 0, not {value!r}")
    return value in ("1", "true")


def smtp_from_env(environ: dict[str, str], default_sender: str) -> SmtpSettings | None:
    host = environ.get("CMCHECK_SMTP_HOST", "").strip()
    if not host:
        return None
    port = environ.get("CMCHECK_SMTP_PORT", "").strip() or "587"
    if not port.isdigit():
        raise ValueError(f"CMCHECK_SMTP_PORT must be a number, not {port!r}")
    tls = environ.get("CMCHECK_SMTP_TLS", "").strip().lower() or (
        "implicit" if port == "465" else "starttls")
    if tls not in ("starttls", "implicit"):
        raise ValueError(f"CMCHECK_SMTP_TLS must be starttls or implicit, not {tls!r}")
    ca_file = environ.get("CMCHECK_SMTP_CA_FILE", "").strip() or None
    if ca_file is not None and not Path(ca_file).is_file():
        raise ValueError(f"CMCHECK_SMTP_CA_FILE names no file: {ca_file}")
    return SmtpSettings(host=host, port=int(port),
                        user=environ.get("CMCHECK_SMTP_USER") or None,
                        password=environ.get("CMCHECK_SMTP_PASSWORD") or None,
                        sender=environ.get("CMCHECK_SMTP_FROM") or default_sender,
                        implicit_tls=tls == "implicit", ca_file=ca_file,
                        insecure_loopback=_flag(environ, "CMCHECK_SMTP_INSECURE_LOOPBACK"))


def tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    """Certificates and host names verified, against CMCHECK_SMTP_CA_FILE when it is set."""
    return ssl.create_default_context(cafile=settings.ca_file)


def _on_loopback(client: smtplib.SMTP) -> bool:
    """Judged by the address actually connected to, so no DNS answer can make it true."""
    if client.sock is None:
        return False
    try:
        return ipaddress.ip_address(client.sock.getpeername()[0]).is_loopback
    except (OSError, ValueError):
        return False


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """Connect, encrypt, log in. The password goes only over TLS: implicit TLS, or STARTTLS,
    which is then required, so that a man in the middle who strips STARTTLS from the server's
    answer gets a refusal, not the password. Without a user, STARTTLS is used when offered.
    """
    client: smtplib.SMTP
    if settings.implicit_tls:
        client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT_SECONDS,
                                  context=tls_context(settings))
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
    try:
        client.ehlo()
        encrypted = settings.implicit_tls
        if not encrypted and client.has_extn("starttls"):
            client.starttls(context=tls_context(settings))
            client.ehlo()
            encrypted = True
        if settings.user:
            if not encrypted and not (settings.insecure_loopback and _on_loopback(client)):
                raise InsecureConnection(
                    f"the SMTP server {settings.host}:{settings.port} offers no STARTTLS, so "
                    "cmcheck did not send the password: use a server that offers STARTTLS, "
                    "implicit TLS (port 465 or CMCHECK_SMTP_TLS=implicit), or, for a relay "
                    "on this machine only, CMCHECK_SMTP_INSECURE_LOOPBACK=1")
            client.login(settings.user, settings.password or "")
    except BaseException:
        client.close()
        raise
    return client


@dataclass
class Report:
    sent: list[tuple[str, str]] = field(default_factory=list)  # (change id, recipient)
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # + the server's answer
    skipped: int = 0
    written: list[Path] = field(default_factory=list)
    previews: list[tuple[Notice, mail.Rendered, list[str]]] = field(default_factory=list)
    error: str | None = None
    ignored: int = 0  # ledger records not signed with the ledger key: they silenced nothing


@dataclass(kw_only=True)
class Run:
    policy: Policy
    env: jinja2.Environment
    ledger: ledgers.Ledger
    now: datetime
    outbox: Path | None = None
    smtp: SmtpSettings | None = None
    dry_run: bool = False
    client: smtplib.SMTP | None = None

    def sender(self) -> str:
        if self.smtp is not None:
            return self.smtp.sender
        contact = self.policy.district.contact
        return formataddr((contact.name, contact.email))

    def pending(self, notice: Notice) -> list[str]:
        return [r for r in notice.recipients
                if not self.ledger.has(ledgers.Key(notice.change_id, notice.kind,
                                                   notice.revision, r))]

    def build(self, notice: Notice) -> tuple[mail.Rendered, EmailMessage]:
        rendered = mail.render_notice(notice, self.policy, self.env)
        domain = self.policy.district.domain
        root = mail.root_id(notice.change_id, domain)
        thread = [root, *(m for m in self.ledger.thread(notice.change_id) if m != root)]
        # A change that comes back without a cancellation notice (an unscheduled one deleted,
        # then filed again) would reuse an earlier notice's ID: move on until it is new.
        epoch = self.ledger.cancellations(notice.change_id)
        taken = self.ledger.ids_of_others(notice.change_id, notice.kind, notice.revision)
        while epoch < 1000 and mail.message_id(notice.change_id, notice.kind, notice.revision,
                                               domain, epoch=epoch) in taken:
            epoch += 1
        message = mail.build_message(notice, rendered, self.policy, sender=self.sender(),
                                     thread=thread, date=self.now, epoch=epoch)
        return rendered, message


def _write(outbox: Path, notice: Notice, message: EmailMessage) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    safe = mail.safe_id(notice.change_id)
    file = outbox / f"{safe}.{notice.kind}.{notice.revision}.eml"
    file.write_bytes(message.as_bytes())
    return file


def _send(run: Run, notice: Notice, message: EmailMessage, pending: list[str],
          report: Report) -> None:
    assert run.smtp is not None
    if run.client is None:
        run.client = connect(run.smtp)
    try:
        refused: dict[str, tuple[int, bytes]] = run.client.send_message(
            message, from_addr=run.smtp.sender, to_addrs=pending)
    except smtplib.SMTPRecipientsRefused as error:
        refused = {str(k): v for k, v in error.recipients.items()}
    accepted = [r for r in pending if r not in refused]
    message_id = str(message["Message-ID"])
    if accepted:
        run.ledger.record(
            [ledgers.sent_record(ledgers.Key(notice.change_id, notice.kind, notice.revision, r),
                                 message_id) for r in accepted],
            f"sent {notice.kind} of {notice.change_id} to {len(accepted)} recipient(s)")
    report.sent.extend((notice.change_id, r) for r in accepted)
    report.refused.extend((notice.change_id, r, f"{code} {answer.decode(errors='replace')}")
                          for r, (code, answer) in refused.items())


def deliver(notices: list[Notice], run: Run) -> Report:
    """Send what the ledger lacks; stop at the first connection failure (the next run resumes)."""
    report = Report()
    try:
        for notice in notices:
            pending = run.pending(notice)
            if not pending:
                report.skipped += 1
                continue
            rendered, message = run.build(notice)
            if run.outbox is not None:
                report.written.append(_write(run.outbox, notice, message))
            if run.dry_run or run.smtp is None:
                report.previews.append((notice, rendered, list(pending)))
                continue
            _send(run, notice, message, list(pending), report)
    except jinja2.TemplateError:  # TemplateNotFound is an OSError too, but no delivery problem
        raise
    except (smtplib.SMTPException, OSError) as error:
        report.error = f"{type(error).__name__}: {error}"
    finally:
        if run.client is not None:
            try:
                run.client.quit()
            except (smtplib.SMTPException, OSError):
                run.client.close()
            run.client = None
    return report


def environment_smtp(policy: Policy) -> SmtpSettings | None:
    contact = policy.district.contact
    return smtp_from_env(dict(os.environ), formataddr((contact.name, contact.email)))
