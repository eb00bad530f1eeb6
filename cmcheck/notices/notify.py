"""`cmcheck notify`: from two commits (or the clock) to the notices due, and a Markdown preview."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import git

from cmcheck.core import catalog
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge.reporters.github import escape_markdown
from cmcheck.core.model.localtime import localize
from cmcheck.core.model.policy import Policy
from cmcheck.notices import deliver, mail
from cmcheck.notices import ledger as ledgers
from cmcheck.notices.due import Notice, due, reminders


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
    return {gitrepo.change_id(path) for path in gone}


def pushed(repository: git.Repo, before: str, after: str, *,
           missed: str | None = None) -> tuple[Policy, list[Notice]]:
    """The notices a push from before to after makes due, judged by after's policy.

    `missed` is where an unfinished earlier run started: the steps missed..before and
    before..after are compared one after the other, so that a change added in a lost run and
    moved in this push is announced as scheduled (already sent, so skipped) and rescheduled, not
    as a second "scheduled" with the new time.
    """
    policy = catalog.policy_at(repository, after)
    steps = [(missed, before)] if missed and missed != before else []
    steps.append((before, after))
    found: list[Notice] = []
    for old_ref, new_ref in steps:
        old = catalog.changes_at(repository, old_ref, policy)
        new = catalog.changes_at(repository, new_ref, policy)
        found += due(old, new, policy, deleted=_deleted(repository, old_ref, new_ref))
    return policy, found


def reminding(repository: git.Repo, ref: str, now: datetime) -> tuple[Policy, list[Notice]]:
    policy = catalog.policy_at(repository, ref)
    return policy, reminders(catalog.changes_at(repository, ref, policy), policy,
                             in_zone(now, policy))


def in_zone(now: datetime, policy: Policy) -> datetime:
    """--now without an offset is the district's wall clock, as every other time is."""
    return now if now.tzinfo else localize(now, policy.tz)


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


def render_text_preview(items: list[tuple[Notice, mail.Rendered, list[str]]]) -> str:
    """The same preview as plain text, for a terminal or a log: nothing escaped that a person
    would then have to read past (the CLI keeps workflow commands out of a CI log)."""
    lines = ["cmcheck notify (preview)", ""]
    if not items:
        lines += ["No notices are due.", ""]
    for notice, rendered, recipients in items:
        lines += [f"--- {notice.kind} to {', '.join(recipients)}",
                  f"Subject: {rendered.subject}", "", rendered.text.rstrip("\n"), ""]
    return "\n".join(lines)


@dataclass(frozen=True, kw_only=True)
class Options:
    root: Path
    before: str | None  # None: reminders
    after: str = "HEAD"
    now: datetime | None = None
    outbox: Path | None = None
    dry_run: bool = False


def execute(options: Options) -> tuple[deliver.Report, bool]:
    """Decide, render, deliver; returns the report and whether SMTP was configured."""
    repository = gitrepo.open_repo(options.root)
    if repository is None:
        raise ValueError(f"{options.root} is not a git repository")
    secret = ledgers.key_from_env(dict(os.environ))
    ledger = ledgers.load(repository, secret)
    target = gitrepo.resolve(repository, options.after)
    now = options.now or datetime.now(UTC)
    before = None if options.before is None else gitrepo.resolve(repository, options.before)
    if before is None:
        policy, notices = reminding(repository, target, now)
    else:
        policy, notices = pushed(repository, before, target,
                                 missed=base_for(repository, ledger, before))
    now = in_zone(now, policy)
    smtp = None if options.dry_run else deliver.environment_smtp(policy)
    if smtp is not None and secret is None:
        raise ValueError(f"{ledgers.KEY_VARIABLE} is not set: without it cmcheck cannot tell "
                         "its own ledger records from forged ones, so it sends nothing "
                         "(see docs/notifications.md, 'The ledger key')")
    unknown = ledgers.not_started(ledger) if smtp is not None else None
    if unknown is not None:  # never "first run ever": that is what a deleted ledger looks like
        raise ledgers.LedgerError(unknown)
    run = deliver.Run(policy=policy, env=mail.environment(options.root), ledger=ledger, now=now,
                      outbox=options.outbox, smtp=smtp, dry_run=options.dry_run)
    report = deliver.deliver(notices, run)
    report.ignored = ledger.ignored
    finished = smtp is not None and report.error is None
    if before is not None and finished and ledger.last_done() != target:
        # A run that went through (refused recipients included: a re-run of the same push retries
        # them) moves the mark; one stopped by an error leaves it for the next run to start from.
        ledger.record([{"done": target}], f"announced {target}")
    return report, smtp is not None


def initialise(root: Path, after: str) -> tuple[str, str]:
    """`notify --init`: the coordinator starts the ledger on purpose at commit `after` (all up
    to it counts as announced); returns the commit and the repository signed for."""
    repository = gitrepo.open_repo(root)
    if repository is None:
        raise ValueError(f"{root} is not a git repository")
    secret = ledgers.key_from_env(dict(os.environ))
    if secret is None:
        raise ValueError(f"{ledgers.KEY_VARIABLE} is not set: give it the notifications "
                         "environment's key, or the workflow will not trust the start")
    name = ledgers.repository_name(os.environ)
    if not name:
        raise ValueError(f"{ledgers.REPOSITORY_VARIABLE} is not set: give it the repository "
                         "the notify workflow runs in (owner/name); each record is signed "
                         "for it")
    target = gitrepo.resolve(repository, after)
    ledgers.start(ledgers.load(repository, secret, name), target)
    return target, name
