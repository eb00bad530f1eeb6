"""What was sent, kept in the repository's own git data so that it outlives a CI runner.

The ledger is a commit chain on ``refs/cmcheck/ledger`` whose tree holds one file,
``sent.jsonl``: one JSON object per delivered (change, notice kind, revision, recipient), and one
per finished run (``{"done": <after commit>}``). Each delivery is committed the moment the SMTP
server accepts it, so a crash loses at most the message in flight. The workflow fetches the ref
before a run and pushes it afterwards, even when the run failed or was cancelled.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

import git

REF = "refs/cmcheck/ledger"
FILE = "sent.jsonl"


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
    records: list[dict[str, str]] = field(default_factory=list)

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
        self.records.extend(items)
        self.head = _commit(self.repository, self.records, self.head, message)


def load(repository: git.Repo) -> Ledger:
    try:
        head = str(repository.git.rev_parse("--verify", "--quiet", f"{REF}^{{commit}}")).strip()
    except git.GitCommandError:
        return Ledger(repository, None)
    text = str(repository.git.show(f"{head}:{FILE}"))
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    return Ledger(repository, head, records)


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


def _commit(repository: git.Repo, records: list[dict[str, str]], parent: str | None,
            message: str) -> str:
    data = "".join(json.dumps(r, sort_keys=True) + "\n" for r in records)
    blob = _git(repository, "hash-object", "-w", "--stdin", stdin=data)
    tree = _git(repository, "mktree", stdin=f"100644 blob {blob}\t{FILE}\n")
    commit = _git(repository, "commit-tree", tree, "-m", message,
                  *(["-p", parent] if parent else []))
    # Compare-and-swap: a concurrent run that moved the ref makes this fail loudly, not lose data.
    _git(repository, "update-ref", "-m", message, REF, commit, parent or "0" * 40)
    return commit
