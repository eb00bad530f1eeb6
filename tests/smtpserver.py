"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the notification tests."""

from __future__ import annotations

import gc
import socket
import ssl
import subprocess
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

# The notify workflow's ledger key (docs/notifications.md); every sending run needs one.
LEDGER_KEY = "test-ledger-key-0123456789abcdef0123456789abcdef"


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> Message:
        return message_from_bytes(self.data, policy=default)


@dataclass
class Inbox:
    """Stores every accepted message; refuses the addresses in `refuse` with a 550."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    fail_data_after: int | None = None  # answer DATA with 451 once this many were accepted
    port: int = 0
    encrypted: list[bool] = field(default_factory=list)  # per message: over TLS?

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.fail_data_after is not None and len(self.received) >= self.fail_data_after:
            return "451 4.3.0 local error in processing"
        content = envelope.original_content or b""
        self.encrypted.append(session.ssl is not None)
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos),
                                      content))
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return sorted(r for item in self.received for r in item.recipients)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A running server; CMCHECK_SMTP_* point at it for the CLI."""
    box = Inbox()
    box.port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    monkeypatch.setenv("CMCHECK_LEDGER_KEY", LEDGER_KEY)
    monkeypatch.setenv("CMCHECK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CMCHECK_SMTP_PORT", str(box.port))
    monkeypatch.setenv("CMCHECK_SMTP_FROM", "Technology Department <technology@qcsd.example.org>")
    for name in ("CMCHECK_SMTP_USER", "CMCHECK_SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    try:
        yield box
    finally:
        controller.stop()
        collect_aiosmtpd_leftovers()


class Password:
    """An authenticator accepting one login and password."""

    def __init__(self, login: str, password: str) -> None:
        self.login, self.password = login.encode(), password.encode()
        self.seen: list[tuple[bytes, bool]] = []

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                 auth_data: object) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = (auth_data.login, auth_data.password) == (self.login, self.password)
        self.seen.append((auth_data.login, ok))
        return AuthResult(success=ok, handled=False)


@contextmanager
def serving(box: Inbox, **options: Any) -> Iterator[Inbox]:
    """aiosmtpd on 127.0.0.1 with `options` (authenticator, tls_context, ssl_context, ...)."""
    box.port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port, **options)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
        collect_aiosmtpd_leftovers()


def collect_aiosmtpd_leftovers() -> None:
    """aiosmtpd leaves the server side of some connections open after stop() (one the client
    broke off during a TLS handshake, its own readiness probe of a TLS server): collect them
    here, where it is known whose they are, or a later test gets their ResourceWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Inbox, Password]]:
    """A server that takes a login over plain text (no STARTTLS): cmcheck must refuse it unless
    CMCHECK_SMTP_INSECURE_LOOPBACK allows this loopback relay."""
    box, password = Inbox(), Password("notices", "s3cret")
    box.port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port, authenticator=password,
                            auth_require_tls=False)
    controller.start()
    monkeypatch.setenv("CMCHECK_LEDGER_KEY", LEDGER_KEY)
    monkeypatch.setenv("CMCHECK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CMCHECK_SMTP_PORT", str(box.port))
    monkeypatch.setenv("CMCHECK_SMTP_USER", "notices")
    monkeypatch.setenv("CMCHECK_SMTP_PASSWORD", "s3cret")
    monkeypatch.delenv("CMCHECK_SMTP_FROM", raising=False)
    try:
        yield box, password
    finally:
        controller.stop()
        collect_aiosmtpd_leftovers()


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate for 127.0.0.1 (its own CA), made by the openssl command."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return Certificate(cert, key)


@pytest.fixture
def tls_inbox(certificate: Certificate, monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A server offering STARTTLS with a certificate for 127.0.0.1 that the client trusts
    through SSL_CERT_FILE (which OpenSSL's default verify paths honour)."""
    box = Inbox()
    box.port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port,
                            tls_context=certificate.server_context())
    controller.start()
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert))
    monkeypatch.setenv("CMCHECK_LEDGER_KEY", LEDGER_KEY)
    monkeypatch.setenv("CMCHECK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CMCHECK_SMTP_PORT", str(box.port))
    for name in ("CMCHECK_SMTP_USER", "CMCHECK_SMTP_PASSWORD", "CMCHECK_SMTP_FROM"):
        monkeypatch.delenv(name, raising=False)
    try:
        yield box
    finally:
        controller.stop()
        collect_aiosmtpd_leftovers()


# The password of `sending`: what a template must never reach.
SMTP_PASSWORD = "hunter2-the-smtp-password"


@pytest.fixture
def sending(certificate: Certificate,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Inbox, Password]]:
    """The notify job as it runs in the notifications environment: a server that takes a login
    only over STARTTLS, with CMCHECK_SMTP_USER, CMCHECK_SMTP_PASSWORD and CMCHECK_LEDGER_KEY in
    the environment (inbox removes the password; the template tests need it there)."""
    box, password = Inbox(), Password("notices", SMTP_PASSWORD)
    with serving(box, authenticator=password, auth_require_tls=True,
                 tls_context=certificate.server_context()):
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert))
        monkeypatch.setenv("CMCHECK_LEDGER_KEY", LEDGER_KEY)
        monkeypatch.setenv("CMCHECK_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("CMCHECK_SMTP_PORT", str(box.port))
        monkeypatch.setenv("CMCHECK_SMTP_USER", "notices")
        monkeypatch.setenv("CMCHECK_SMTP_PASSWORD", SMTP_PASSWORD)
        monkeypatch.setenv("CMCHECK_SMTP_FROM",
                           "Technology Department <technology@qcsd.example.org>")
        yield box, password


class Wiretap:
    """A TCP relay on 127.0.0.1 in front of a server: records every byte the client sent, and
    can play the man in the middle who strips STARTTLS from the server's EHLO answer."""

    def __init__(self, target: int, *, strip_starttls: bool = False) -> None:
        self.target, self.strip = target, strip_starttls
        self.sent = bytearray()  # client -> server, as it crossed the wire
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False),
                             daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, upstream: bool) -> None:
        while True:
            try:
                data = source.recv(65536)
                if not data:
                    sink.shutdown(socket.SHUT_WR)
                    return
                if upstream:
                    self.sent += data
                elif self.strip:
                    data = data.replace(b"STARTTLS", b"XXXXXXXX")
                sink.sendall(data)
            except OSError:
                return

    def said(self) -> bytes:
        """What the client sent, lower-cased (SMTP commands are case-insensitive)."""
        return bytes(self.sent).lower()

    def close(self) -> None:
        for item in self.sockets:
            item.close()


@contextmanager
def wiretap(target: int, *, strip_starttls: bool = False) -> Iterator[Wiretap]:
    tap = Wiretap(target, strip_starttls=strip_starttls)
    try:
        yield tap
    finally:
        tap.close()
