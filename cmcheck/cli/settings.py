"""`cmcheck settings`: verify the repository's gate on GitHub, or apply it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cmcheck.cli.support import Failure, echo_untrusted


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True)
@click.option("--apply", "to_apply", is_flag=True,
              help="Make GitHub match the declaration (needs an administrator's token).")
@click.option("--dry-run", is_flag=True, help="With --apply: print the changes, make none.")
@click.pass_obj
def settings(root: Path, fmt: str, to_apply: bool, dry_run: bool) -> None:
    """Compare the repository's settings on GitHub with what .github/ declares.

    The branch ruleset (.github/rulesets/main.json), CODEOWNERS, forking off, the notifications
    environment deploying from main only, and a read-only workflow token: each setting found
    weaker is named with the threat it opens. Reads GitHub's REST API like `approval` and
    `audit` (GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY); what the token may not read is
    listed as not verified. Exit status: 0 nothing weaker, 1 something weaker, 2 cannot tell.
    """
    from cmcheck.github import api as github_api
    from cmcheck.github.gate import apply as gate_apply
    from cmcheck.github.gate import report as gate_report
    from cmcheck.github.gate import settings as running
    from cmcheck.github.gate.compare import DeclarationError

    if dry_run and not to_apply:
        raise click.UsageError("--dry-run goes with --apply")
    _need_token(to_apply)
    try:
        if to_apply:
            steps = running.converge(root, dry_run=dry_run, say=echo_untrusted)
            echo_untrusted("nothing to change: GitHub already matches the declaration" if not steps
                     else f"{len(steps)} change(s) {'planned' if dry_run else 'made'}")
            sys.exit(0)
        verdict = running.verify(root)
    except (DeclarationError, gate_apply.NotAdministrator, github_api.ApiError,
            ValueError) as error:
        raise Failure(str(error)) from None
    echo_untrusted(gate_report.FORMATS[fmt](verdict), nl=False, machine=fmt == "json")
    sys.exit(1 if verdict.findings else 0)


def _need_token(to_apply: bool) -> None:
    """No token: say so at once. GitHub answers nothing about rulesets or environments without
    one, and an unreachable API address would keep a newcomer waiting in silence (issue 24)."""
    import os

    if os.environ.get("GITHUB_TOKEN"):
        return
    raise Failure(
        "cmcheck settings needs GITHUB_TOKEN, a token that may read the repository's settings: "
        "a fine-grained personal access token for this repository with Administration: read"
        f"{' and write' if to_apply else ''} and Actions: read (the workflow's own token verifies "
        "what it may read). Run: GITHUB_TOKEN=<token> GITHUB_REPOSITORY=owner/name cmcheck "
        f"settings{' --apply' if to_apply else ''} (docs/coordinator.md, step 2)")
