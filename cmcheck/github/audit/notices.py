"""Whether notices go out: the notify workflow's last finished run on main, for the audit.

notify stops with exit 2 when its ledger is missing or holds nothing it can trust (someone
deleted refs/cmcheck/ledger, or pointed it at a commit the key did not sign), rather than take
every change as announced; it stops too when the mail server refuses the run. A failed run
of a scheduled workflow mails only whoever last edited its cron, so the audit puts it in the
coordinator's issue: the notices of that push, and of every push since, wait until someone acts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from cmcheck.core.judge.findings import one_line
from cmcheck.github.api import ApiError, Client
from cmcheck.github.gate.compare import Unverified

WORKFLOW = "notify.yml"
PLACE = f".github/workflows/{WORKFLOW}"
# A run that did its work: anything else (failure, cancelled, timed_out, ...) may have left
# notices unsent.
FINISHED = frozenset({"success", "skipped", "neutral"})


class Stalled(NamedTuple):
    """The last finished run of notify.yml on main, when it did not go through."""

    conclusion: str
    at: str
    url: str


def last_run(root: Path, client: Client) -> tuple[Stalled | None, list[Unverified]]:
    """The stalled run (None when the last one went through, or the repository has no notify
    workflow), and what could not be read."""
    if not (root / PLACE).is_file():
        return None, []
    path = client.repo_path(f"actions/workflows/{WORKFLOW}/runs?branch=main&status=completed"
                            "&per_page=1")
    try:
        answer: Any = client.get(path)
    except ApiError as error:
        return None, [Unverified("notices", f"actions: read, to see whether {WORKFLOW} went "
                                            f"through ({one_line(str(error), limit=200)})")]
    runs = answer.get("workflow_runs") if isinstance(answer, dict) else None
    if not isinstance(runs, list) or not runs or not isinstance(runs[0], dict):
        return None, []  # never ran yet
    run = runs[0]
    conclusion = run.get("conclusion")
    if conclusion in FINISHED or not isinstance(conclusion, str):
        return None, []
    return Stalled(conclusion, str(run.get("updated_at", "")), str(run.get("html_url", ""))), []


def message(stalled: Stalled) -> str:
    return (f"the last run of {WORKFLOW} on main ({one_line(stalled.at, limit=40)}) ended "
            f"{one_line(stalled.conclusion, limit=40)}: the notices of that push, and of every "
            "push since, may not have gone out. Read its log "
            f"({one_line(stalled.url, limit=200)}). If it says refs/cmcheck/ledger does not exist "
            "or holds no record it can trust, someone removed or replaced the ledger: start it "
            "again with cmcheck notify --init (docs/notifications.md, 'Starting the ledger')")
