"""What was sent, kept in the repository's own git data so that it outlives a CI runner.

The ledger is a commit chain on ``refs/cmcheck/ledger`` whose tree holds one file,
``sent.jsonl``: one JSON object per delivered (change, notice kind, revision, recipient), and one
per finished run (``{"done": <after commit>}``). Each delivery is committed the moment the SMTP
server accepts it, so a crash loses at most the message in flight. The workflow fetches the ref
before a run and pushes it afterwards, even when the run failed or was cancelled.

Anyone who can push can also write that ref, and a record saying "sent" silences a notice. So
every record carries ``mac``: an HMAC-SHA256, under ``CMCHECK_LEDGER_KEY``, of the record and of
the previous record's ``mac``. The key lives only in the ``notifications`` environment, which
only ``main``'s workflow can use; a technician who can push cannot read it. On reading, the
records are trusted up to the first one whose chain does not verify; that one and everything
after it are ignored (and dropped from the next commit). Ignoring a record can only make a
notice go out again, never keep one back: a rolled-back or truncated ledger also loses its
``done`` marks, and the next run re-announces from the last mark it still trusts.

A ledger with no trusted ``done`` mark at all (the ref deleted, pointed at a commit the key did
not sign, or never started) says nothing about what was announced, and "nothing known" must
never read as "all announced": notify stops with exit 2 until the coordinator starts the
ledger on purpose (``cmcheck notify --init``, see ``start``). Each record's HMAC also covers
the repository (``GITHUB_REPOSITORY``), so that under a key shared by two repositories one's
records cannot stand in for the other's.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

import git

REF = "refs/cmcheck/ledger"
FILE = "sent.jsonl"
KEY_VARIABLE = "CMCHECK_LEDGER_KEY"
REPOSITORY_VARIABLE = "GITHUB_REPOSITORY"
MIN_KEY_LENGTH = 32
# v2: the repository is signed into each record; v1 records (without it) are not trusted.
_DOMAIN = b"cmcheck ledger v2\n"


class LedgerError(Exception):
    """The ledger ref could not be read or moved (another run moved it, or git failed)."""


class Key(NamedTuple):
    change: str
    kind: str
    revision: str
    recipient: str


@dataclass
class Ledger:
    repository: git.Repo
    head: str | None
    records: list[dict[str, str]] = field(default_factory=list)  # the trusted ones only
    secret: bytes | None = None  # CMCHECK_LEDGER_KEY; None: nothing can be trusted or written
    macs: list[str] = field(default_factory=list)  # one per record
    ignored: int = 0  # records in the ref that the key did not sign
    ref: str | None = None  # what the ref points at, when that is no commit (someone else's)
    name: str = ""  # the repository (owner/name) every record is signed for

    def has(self, key: Key) -> bool:
        """Whether this recipient has this notice, in the change's current story.

        A cancellation starts the story over: a change brought back after it was cancelled is
        announced again even when its schedule (so its revision) is the one announced before.
        """
        recipient = key.recipient.casefold()
        found = False
        for record in self.records:
            if record.get("change") != key.change or \
                    record.get("recipient", "").casefold() != recipient:
                continue
            if (record["kind"], record["revision"]) == (key.kind, key.revision):
                found = True
            elif record["kind"] == "cancelled" or (key.kind, record["kind"]) == (
                    "cancelled", "scheduled"):
                found = False
        return found

    def cancellations(self, change: str) -> int:
        """How many times the change was cancelled: its notices after that need new IDs."""
        return len({r["message_id"] for r in self.records
                    if r.get("change") == change and r.get("kind") == "cancelled"})

    def ids_of_others(self, change: str, kind: str, revision: str) -> set[str]:
        """Message-IDs the change's other notices (another kind or revision) were sent with:
        a new notice must not reuse one (RFC 5322 3.6.4; mail services drop a duplicate)."""
        return {r["message_id"] for r in self.records
                if r.get("change") == change and r.get("message_id")
                and (r.get("kind"), r.get("revision")) != (kind, revision)}

    def thread(self, change: str) -> list[str]:
        """Message-IDs of the change's delivered notices, oldest first, each once."""
        found: list[str] = []
        for record in self.records:
            mid = record.get("message_id")
            if record.get("change") == change and mid and mid not in found:
                found.append(mid)
        return found

    def last_done(self) -> str | None:
        done = [r["done"] for r in self.records if "done" in r]
        return done[-1] if done else None

    def record(self, items: list[dict[str, str]], message: str) -> None:
        if self.secret is None:
            raise LedgerError(f"{KEY_VARIABLE} is not set: cmcheck records nothing it could "
                              "not later tell from a forged record")
        for item in items:
            self.macs.append(mac(self.secret, item, self.macs[-1] if self.macs else "",
                                 repository=self.name))
            self.records.append(item)
        self.head = _commit(self.repository, self.records, self.macs, self.head, message,
                            expected=self.head or self.ref)
        self.ref = None


def key_from_env(environ: dict[str, str]) -> bytes | None:
    value = environ.get(KEY_VARIABLE, "").strip()
    if not value:
        return None
    if len(value) < MIN_KEY_LENGTH:
        raise ValueError(f"{KEY_VARIABLE} must be at least {MIN_KEY_LENGTH} characters "
                         "(make one with: openssl rand -hex 32)")
    return value.encode()


def repository_name(environ: Mapping[str, str]) -> str:
    """The repository the records are signed for: GITHUB_REPOSITORY on GitHub, else none."""
    return environ.get(REPOSITORY_VARIABLE, "").strip().casefold()


def mac(secret: bytes, record: dict[str, str], previous: str, *, repository: str) -> str:
    """The record's place in the chain: its repository, its own content and the mac before it."""
    body = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    message = (_DOMAIN + repository.encode() + b"\n" + previous.encode() + b"\n"
               + body.encode())
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _parse(line: str) -> tuple[dict[str, str], str] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in value.items()):
        return None
    signature = value.pop("mac", None)
    return (value, signature) if signature is not None else None


def _trusted(lines: list[str], secret: bytes | None, name: str,
             ) -> tuple[list[dict[str, str]], list[str]]:
    """The longest prefix whose chain verifies under the key."""
    records: list[dict[str, str]] = []
    macs: list[str] = []
    if secret is None:
        return records, macs
    for line in lines:
        parsed = _parse(line)
        if parsed is None:
            break
        record, signature = parsed
        expected = mac(secret, record, macs[-1] if macs else "", repository=name)
        if not hmac.compare_digest(expected, signature):
            break
        records.append(record)
        macs.append(signature)
    return records, macs


def load(repository: git.Repo, secret: bytes | None = None, name: str | None = None) -> Ledger:
    """The ledger as far as `secret` vouches for it for repository `name` (by default
    GITHUB_REPOSITORY's); without a key, no record is trusted."""
    name = repository_name(os.environ) if name is None else name.casefold()
    try:
        head = str(repository.git.rev_parse("--verify", "--quiet", f"{REF}^{{commit}}")).strip()
    except git.GitCommandError:
        try:  # a ref to a blob or a tree stops nothing: it is replaced by the first record
            raw = str(repository.git.rev_parse("--verify", "--quiet", REF)).strip()
        except git.GitCommandError:
            raw = None
        return Ledger(repository, None, secret=secret, ref=raw, name=name)
    try:
        text = str(repository.git.show(f"{head}:{FILE}"))
    except git.GitCommandError:  # a commit someone else made, without the file
        text = ""
    lines = [line for line in text.splitlines() if line.strip()]
    records, macs = _trusted(lines, secret, name)
    return Ledger(repository, head, records, secret=secret, macs=macs,
                  ignored=len(lines) - len(records), name=name)


def not_started(ledger: Ledger) -> str | None:
    """Why the ledger cannot say where announcing stands (None: it can): no trusted `done`
    mark. A deleted or forged ledger must not read as "all announced", nor start itself."""
    if ledger.last_done() is not None:
        return None
    if ledger.head is None and ledger.ref is None:
        found = f"{REF} does not exist"
    elif ledger.ignored or ledger.ref is not None:
        found = (f"{REF} holds no record signed with {KEY_VARIABLE} for "
                 f"{ledger.name or 'this repository'}")
    else:
        found = f"{REF} records no finished run"
    return (f"{found}, so nothing shows which notices went out: cmcheck sends nothing rather "
            "than take every change as announced. If this is the first run, or the ledger "
            "was lost, the coordinator starts it on purpose: cmcheck notify --init --after "
            "<the last commit whose notices are known to have gone out>, then pushes "
            f"{REF} (docs/notifications.md, 'Starting the ledger')")


def start(ledger: Ledger, commit: str) -> None:
    """The coordinator's deliberate start: everything up to commit counts as announced."""
    if ledger.last_done() is not None:
        raise LedgerError(f"{REF} is already started (its last finished run announced "
                          f"{ledger.last_done()}); starting it again would mark the notices "
                          "due since then as sent, so nothing was changed")
    ledger.record([{"done": commit, "started": datetime.now(UTC).isoformat(
        timespec="seconds")}], f"start announcing after {commit}")


def sent_record(key: Key, message_id: str) -> dict[str, str]:
    return {"change": key.change, "kind": key.kind, "revision": key.revision,
            "recipient": key.recipient, "message_id": message_id,
            "at": datetime.now(UTC).isoformat(timespec="seconds")}


def _git(repository: git.Repo, *args: str, stdin: str = "") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "cmcheck", "GIT_AUTHOR_EMAIL": "cmcheck@localhost",
           "GIT_COMMITTER_NAME": "cmcheck", "GIT_COMMITTER_EMAIL": "cmcheck@localhost"}
    done = subprocess.run(["git", f"--git-dir={repository.git_dir}", *args], input=stdin,
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise LedgerError(f"git {args[0]} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def _commit(repository: git.Repo, records: list[dict[str, str]], macs: list[str],
            parent: str | None, message: str, *, expected: str | None) -> str:
    data = "".join(json.dumps({**r, "mac": m}, sort_keys=True) + "\n"
                   for r, m in zip(records, macs, strict=True))
    blob = _git(repository, "hash-object", "-w", "--stdin", stdin=data)
    tree = _git(repository, "mktree", stdin=f"100644 blob {blob}\t{FILE}\n")
    commit = _git(repository, "commit-tree", tree, "-m", message,
                  *(["-p", parent] if parent else []))
    # Compare-and-swap: a concurrent run that moved the ref makes this fail loudly, not lose data.
    _git(repository, "update-ref", "-m", message, REF, commit, expected or "0" * 40)
    return commit
