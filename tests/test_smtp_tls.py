"""Issue 10, item 10: the SMTP password crosses only TLS.

Every server is aiosmtpd on 127.0.0.1; a wiretap relay in front of it records every byte the
client sent, so "the password was never sent" is read off the wire, not off cmcheck's word.
"""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator

import pytest

from cmcheck.notices import deliver
from tests import ledgers
from tests.conftest import REPO_ROOT, Repo, run
from tests.smtpserver import (
    LEDGER_KEY,
    Certificate,
    Inbox,
    Password,
    certificate,
    serving,
    wiretap,
)

__all__ = ["certificate"]

PATH = "changes/2026/2026-12-19-core-switch.yaml"
USER, SECRET = "notices", "s3cret-over-tls-only"
AUDIENCE = ["all-staff@qcsd.example.org", "student-notices@qcsd.example.org"]


@pytest.fixture
def pushed(repo: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[
        tuple[Repo, str, str]]:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    before = repo.commit("Add the templates", "2026-11-01T13:00:00-05:00")
    ledgers.start(repo)  # the coordinator's one-time start (notify --init)
    after = repo.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    monkeypatch.setenv("CMCHECK_LEDGER_KEY", LEDGER_KEY)
    monkeypatch.setenv("CMCHECK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CMCHECK_SMTP_USER", USER)
    monkeypatch.setenv("CMCHECK_SMTP_PASSWORD", SECRET)
    for name in ("CMCHECK_SMTP_FROM", "CMCHECK_SMTP_TLS", "CMCHECK_SMTP_CA_FILE",
                 "CMCHECK_SMTP_INSECURE_LOOPBACK", "SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)
    yield repo, before, after


def secret_on_the_wire(sent: bytes) -> bool:
    """The password as AUTH PLAIN or LOGIN would carry it, or in clear."""
    forms = [SECRET.encode(), base64.b64encode(SECRET.encode()),
             base64.b64encode(f"\0{USER}\0{SECRET}".encode())]
    return any(form in sent for form in forms)


def test_a_server_without_starttls_never_gets_the_password(
        pushed: tuple[Repo, str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    repo, before, after = pushed
    password = Password(USER, SECRET)
    with serving(Inbox(), authenticator=password, auth_require_tls=False) as box, \
            wiretap(box.port) as tap:
        monkeypatch.setenv("CMCHECK_SMTP_PORT", str(tap.port))
        result = run(repo.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 2
    assert "offers no STARTTLS, so cmcheck did not send the password" in result.output
    assert b"ehlo" in tap.said() and b"auth" not in tap.said()  # it talked, never logged in
    assert not secret_on_the_wire(bytes(tap.sent))
    assert password.seen == [] and box.received == []


def test_a_man_in_the_middle_stripping_starttls_gets_a_refusal(
        pushed: tuple[Repo, str, str], certificate: Certificate,
        monkeypatch: pytest.MonkeyPatch) -> None:
    repo, before, after = pushed
    monkeypatch.setenv("CMCHECK_SMTP_CA_FILE", str(certificate.cert))
    password = Password(USER, SECRET)
    with serving(Inbox(), authenticator=password, auth_require_tls=False,
                 tls_context=certificate.server_context()) as box, \
            wiretap(box.port, strip_starttls=True) as tap:
        monkeypatch.setenv("CMCHECK_SMTP_PORT", str(tap.port))
        result = run(repo.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 2 and "offers no STARTTLS" in result.output
    assert b"auth" not in tap.said() and not secret_on_the_wire(bytes(tap.sent))
    assert password.seen == [] and box.received == []


def test_login_over_starttls_trusting_the_districts_own_ca(
        pushed: tuple[Repo, str, str], certificate: Certificate,
        monkeypatch: pytest.MonkeyPatch) -> None:
    repo, before, after = pushed
    password = Password(USER, SECRET)
    with serving(Inbox(), authenticator=password,
                 tls_context=certificate.server_context()) as box, wiretap(box.port) as tap:
        monkeypatch.setenv("CMCHECK_SMTP_PORT", str(tap.port))
        # (That an untrusted certificate is refused: test_notify_delivery's STARTTLS test.)
        monkeypatch.setenv("CMCHECK_SMTP_CA_FILE", str(certificate.cert))
        result = run(repo.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 0, result.output
    assert password.seen == [(USER.encode(), True)]
    assert box.encrypted == [True] and box.recipients() == AUDIENCE
    assert b"starttls" in tap.said() and not secret_on_the_wire(bytes(tap.sent))


def test_implicit_tls_on_its_own_port(pushed: tuple[Repo, str, str], certificate: Certificate,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    repo, before, after = pushed
    monkeypatch.setenv("CMCHECK_SMTP_TLS", "implicit")
    monkeypatch.setenv("CMCHECK_SMTP_CA_FILE", str(certificate.cert))
    password = Password(USER, SECRET)
    # aiosmtpd does not count implicit TLS as TLS for AUTH; the wire shows it is.
    with serving(Inbox(), authenticator=password, auth_require_tls=False,
                 ssl_context=certificate.server_context()) as box, wiretap(box.port) as tap:
        monkeypatch.setenv("CMCHECK_SMTP_PORT", str(tap.port))
        result = run(repo.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 0, result.output
    assert password.seen == [(USER.encode(), True)] and box.recipients() == AUDIENCE
    assert tap.sent[:1] == b"\x16"  # a TLS handshake record from the first byte
    assert b"ehlo" not in tap.said() and b"mail from" not in tap.said()
    assert not secret_on_the_wire(bytes(tap.sent))


def test_a_plain_loopback_relay_only_when_allowed_by_name(
        pushed: tuple[Repo, str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    repo, before, after = pushed
    monkeypatch.setenv("CMCHECK_SMTP_INSECURE_LOOPBACK", "1")
    password = Password(USER, SECRET)
    with serving(Inbox(), authenticator=password, auth_require_tls=False) as box:
        monkeypatch.setenv("CMCHECK_SMTP_PORT", str(box.port))
        result = run(repo.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 0, result.output
    assert password.seen == [(USER.encode(), True)] and box.encrypted == [False]


def test_port_465_means_implicit_tls_and_settings_are_checked(tmp_path: object) -> None:
    base = {"CMCHECK_SMTP_HOST": "mail.qcsd.example.org"}
    assert deliver.smtp_from_env({**base, "CMCHECK_SMTP_PORT": "465"}, "a@b.org").implicit_tls  \
        # type: ignore[union-attr]
    default = deliver.smtp_from_env(base, "a@b.org")
    assert default is not None and not default.implicit_tls and not default.insecure_loopback
    for name, value in (("CMCHECK_SMTP_TLS", "none"), ("CMCHECK_SMTP_INSECURE_LOOPBACK", "yes"),
                        ("CMCHECK_SMTP_CA_FILE", "/nonexistent/ca.pem")):
        with pytest.raises(ValueError, match=name):
            deliver.smtp_from_env({**base, name: value}, "a@b.org")
