"""`cmcheck notify`: from two commits (or the clock) to the notices due, and a Markdown preview."""

from __future__ import annotations

import re
from datetime import datetime

import git

from cmcheck import catalog, mail
from cmcheck import ledger as ledgers
from cmcheck import repo as gitrepo
from cmcheck.notices import Notice, due, reminders
from cmcheck.policy import Policy
from cmcheck.reporters.github import escape_markdown


def base_for(repository: git.Repo, ledger: ledgers.Ledger, before: str) -> str:
    """Where to diff from: `before`, or further back when an earlier run never finished.

    The last run that finished records its `after`. If that commit is an ancestor of `before`,
    the pushes in between were never completely announced (a cancelled or crashed run), so the
    diff starts there; the ledger keeps anything already sent from going out twice.
    """
    done = ledger.last_done()
    if done is None or done == before:
        return before
    try:
        repository.git.merge_base("--is-ancestor", done, before)
    except git.GitCommandError:
        return before
    return done


def _deleted(repository: git.Repo, before: str, after: str) -> set[str]:
    gone = set(gitrepo.tracked_at(repository, before)) - set(gitrepo.tracked_at(repository, after))
    stems = {p.rsplit("/", 1)[-1].rsplit(".", 1)[0] for p in gone}
    return stems


def pushed(repository: git.Repo, before: str, after: str) -> tuple[Policy, list[Notice]]:
    """The notices a push from before to after makes due, judged by after's policy."""
    policy = catalog.policy_at(repository, after)
    old = catalog.changes_at(repository, before, policy)
    new = catalog.changes_at(repository, after, policy)
    return policy, due(old, new, policy, deleted=_deleted(repository, before, after))


def reminding(repository: git.Repo, ref: str, now: datetime) -> tuple[Policy, list[Notice]]:
    policy = catalog.policy_at(repository, ref)
    return policy, reminders(catalog.changes_at(repository, ref, policy), policy, now)


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def render_preview(items: list[tuple[Notice, mail.Rendered, list[str]]]) -> str:
    """The plain-text notices as Markdown for a job summary; nothing in them can escape."""
    lines = ["## cmcheck notify (preview)", ""]
    if not items:
        lines += ["No notices are due.", ""]
    for notice, rendered, recipients in items:
        fence = _fence(rendered.text)
        lines += [
            f"### {escape_markdown(rendered.subject)}", "",
            f"**{escape_markdown(notice.kind)}** to "
            f"{escape_markdown(', '.join(recipients))}", "",
            f"{fence}text", rendered.text.rstrip("\n"), fence, "",
        ]
    return "\n".join(lines)
