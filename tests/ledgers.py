"""The coordinator's one-time start of the notice ledger, for tests that send.

Sending refuses a ledger that does not know where announcing stands (issue 23, item 14): a
district starts it on purpose with `cmcheck notify --init`. Tests start it the same way,
through the same function, at the commit before their first push.
"""

from __future__ import annotations

from cmcheck.notices import ledger
from tests.conftest import Repo
from tests.smtpserver import LEDGER_KEY


def start(repo: Repo, at: str = "HEAD") -> str:
    """Start repo's ledger at commit `at` (signed for GITHUB_REPOSITORY, as a run reads it)."""
    commit = repo.git.commit(at).hexsha
    ledger.start(ledger.load(repo.git, LEDGER_KEY.encode()), commit)
    return commit
