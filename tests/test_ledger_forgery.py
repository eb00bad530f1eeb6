"""Issue 10, item 11: a ledger record the notify workflow did not write silences nothing.

Anyone who can push can write refs/cmcheck/ledger. The attacks, with git's own plumbing on a
real repository and a real SMTP server: pre-seed a "sent" record for a change before it is
merged (with no signature, and signed with the technician's own key), and remove a genuine
cancellation record so that a change brought back looks announced. Each time the notice still
goes out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from cmcheck.core.catalog import changes_at, policy_at
from cmcheck.notices import due, ledger
from tests import ledgers
from tests.conftest import REPO_ROOT, Repo, run
from tests.smtpserver import LEDGER_KEY, Inbox, inbox

__all__ = ["inbox"]

PATH = "changes/2026/2026-12-19-core-switch.yaml"
ID = "2026-12-19-core-switch"
AUDIENCE = ["all-staff@qcsd.example.org", "student-notices@qcsd.example.org"]
KEY = LEDGER_KEY.encode()
TECHNICIANS_KEY = b"the-technicians-own-key-0123456789abcdef"


@pytest.fixture
def district(repo: Repo) -> Repo:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    repo.commit("Add the notice templates", "2026-11-01T13:00:00-05:00")
    ledgers.start(repo)  # the coordinator's one-time start (notify --init)
    return repo


def git(repo: Repo, *args: str, stdin: str = "") -> str:
    done = subprocess.run(["git", "-C", str(repo.root), *args], input=stdin, text=True,
                          capture_output=True, check=True)
    return done.stdout.strip()


def write_ref(repo: Repo, lines: list[str], message: str = "ledger") -> None:
    """What a technician can do, and push: any file at refs/cmcheck/ledger."""
    blob = git(repo, "hash-object", "-w", "--stdin", stdin="".join(lines))
    tree = git(repo, "mktree", stdin=f"100644 blob {blob}\t{ledger.FILE}\n")
    parent = subprocess.run(["git", "-C", str(repo.root), "rev-parse", "--verify", "--quiet",
                             ledger.REF], capture_output=True, text=True).stdout.strip()
    commit = git(repo, "commit-tree", tree, "-m", message, *(["-p", parent] if parent else []))
    git(repo, "update-ref", ledger.REF, commit)


def scheduled_key(repo: Repo, ref: str, recipient: str) -> ledger.Key:
    """The key the forger needs: everything in it is public (the change is in the PR)."""
    policy = policy_at(repo.git, ref)
    change = changes_at(repo.git, ref, policy)[ID].change
    return ledger.Key(ID, "scheduled", due.revision("scheduled", change), recipient)


def sent_line(key: ledger.Key, secret: bytes | None, previous: str = "") -> str:
    record = ledger.sent_record(key, f"<{ID}@qcsd.example.org>")
    if secret is not None:
        record["mac"] = ledger.mac(secret, record, previous,
                                   repository=ledger.repository_name(os.environ))
    return json.dumps(record, sort_keys=True) + "\n"


@pytest.mark.parametrize("forger_key", [None, TECHNICIANS_KEY], ids=["unsigned", "own-key"])
def test_a_pre_seeded_record_does_not_silence_the_notice(
        district: Repo, inbox: Inbox, change_text: str, forger_key: bytes | None) -> None:
    before = district.git.head.commit.hexsha
    # The technician's branch holds the change; before the merge they seed the ledger.
    district.branch("switch")
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    district.checkout("main")
    # The genuine start stays (a ledger with no trusted record stops the run loudly, see
    # tests/attacks/test_ledger_lost.py); the forged records follow it, chained to its mac.
    genuine = str(district.git.git.show(f"{ledger.REF}:{ledger.FILE}")) + "\n"
    previous = json.loads(genuine)["mac"]
    forged = [sent_line(scheduled_key(district, after, r), forger_key, previous)
              for r in AUDIENCE]
    write_ref(district, [genuine, *forged], "sent scheduled")
    if forger_key is not None:  # well-formed: under the forger's key the first would verify
        record = json.loads(forged[0])
        assert record.pop("mac") == ledger.mac(forger_key, record, previous,
                                               repository=ledger.repository_name(os.environ))
    district.git.git.merge("--ff-only", "switch")

    result = run(district.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 0, result.output
    assert inbox.recipients() == AUDIENCE  # sent despite the seeded records
    assert "holds 2 record(s) not signed with CMCHECK_LEDGER_KEY" in result.output
    book = ledger.load(district.git, KEY)
    assert book.ignored == 0  # the next commit dropped them
    assert [r.get("recipient") for r in book.records if "recipient" in r] == AUDIENCE
    assert notify_again(district, before, after) == 0 and len(inbox.received) == 1


def notify_again(repo: Repo, before: str, after: str) -> int:
    return run(repo.root, "notify", "--before", before, "--after", after).exit_code


def test_removing_a_genuine_cancellation_does_not_silence_the_change_brought_back(
        district: Repo, inbox: Inbox, change_text: str) -> None:
    first = district.git.head.commit.hexsha
    second = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    assert notify_again(district, first, second) == 0
    third = district.commit("Call it off", "2026-12-02T10:00:00-06:00", remove=[PATH])
    assert notify_again(district, second, third) == 0
    # The technician deletes the cancellation records and keeps everything else, signatures
    # and all: to the old ledger, the change's scheduled notice was sent and never undone.
    text = str(district.git.git.show(f"{ledger.REF}:{ledger.FILE}"))
    lines = [line + "\n" for line in text.splitlines()]
    kept = [line for line in lines if json.loads(line).get("kind") != "cancelled"]
    assert len(kept) == len(lines) - 2
    write_ref(district, kept, "tidy up")
    fourth = district.commit("Bring it back", "2026-12-03T10:00:00-06:00", {PATH: change_text})
    assert notify_again(district, third, fourth) == 0
    kinds = [str(r.message["X-Cmcheck-Notice"]).split()[0] for r in inbox.received]
    assert kinds == ["scheduled", "cancelled", "cancelled", "scheduled"]  # told again, then back
    assert inbox.received[-1].recipients == AUDIENCE


def test_sending_without_the_ledger_key_is_refused(district: Repo, inbox: Inbox,
                                                  change_text: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    monkeypatch.delenv("CMCHECK_LEDGER_KEY")
    result = run(district.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 2 and "CMCHECK_LEDGER_KEY is not set" in result.output
    monkeypatch.setenv("CMCHECK_LEDGER_KEY", "short")
    result = run(district.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 2 and "at least 32 characters" in result.output
    assert inbox.received == []
    # A preview needs no key and trusts no record.
    monkeypatch.delenv("CMCHECK_LEDGER_KEY")
    assert run(district.root, "notify", "--before", before, "--after", after,
               "--dry-run").exit_code == 0


def test_a_ledger_ref_that_is_no_commit_silences_nothing(district: Repo, inbox: Inbox,
                                                          change_text: str) -> None:
    """It stops the run loudly (it knows nothing), and the coordinator's new start replaces
    it: the notice goes out then."""
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    blob = git(district, "hash-object", "-w", "--stdin", stdin="not a ledger\n")
    git(district, "update-ref", ledger.REF, blob)
    result = run(district.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 2 and "cmcheck notify --init" in result.output
    assert inbox.received == []
    ledgers.start(district, before)
    assert notify_again(district, before, after) == 0
    assert inbox.recipients() == AUDIENCE
    assert ledger.load(district.git, KEY).last_done() == after
