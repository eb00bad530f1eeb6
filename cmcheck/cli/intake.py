"""The online change request: `issue-form` writes the GitHub issue form, `intake` turns a
submitted form (an `issues` event) into the change request file and the issue's comment."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cmcheck.cli.support import Failure


@click.command("issue-form")
@click.pass_obj
def issue_form(root: Path) -> None:
    """Print the change-request issue form (.github/ISSUE_TEMPLATE/change-request.yml) made from
    the model, policy.yaml and inventory.yaml."""
    from cmcheck.core import catalog, configuration
    from cmcheck.core.model import issueform

    try:
        policy = catalog.policy_in(root)
        inventory = catalog.inventory_in(root, policy)
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    click.echo(issueform.render(policy, inventory), nl=False)


@click.command()
@click.option("--event", "event_path", envvar="GITHUB_EVENT_PATH",
              help="The `issues` event's JSON (default: $GITHUB_EVENT_PATH).")
@click.option("--now", envvar="CMCHECK_NOW",
              help="Fix the current time (ISO 8601) for reproducible runs.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="text: the issue's comment (Markdown); json: it and the findings.")
@click.pass_obj
def intake(root: Path, /, event_path: str | None, now: str | None, fmt: str) -> None:
    """Turn a change-request issue (the form's answers) into its change request under changes/
    and print the comment for the issue. Exit 0: no errors; 1: findings to fix in the issue;
    2: the issue is refused (not the form, or an author without write access) and nothing is
    written."""
    from cmcheck.cli.support import echo_err, echo_untrusted, iso
    from cmcheck.core import catalog, configuration
    from cmcheck.core.model import issueform
    from cmcheck.technician import intake as intake_run
    from cmcheck.technician import intake_comment, issue_event

    if not event_path:
        raise Failure("no event: pass --event FILE (GitHub sets GITHUB_EVENT_PATH)")
    fixed = iso(now)
    try:
        policy = catalog.policy_in(root)
        inventory = catalog.inventory_in(root, policy)
        issue = issue_event.read(event_path)
        taken = intake_run.take(root, issue, policy=policy, inventory=inventory)
        result = intake_run.judged(root, taken, fixed)
    except issue_event.Refused as refusal:
        if fmt == "json":
            echo_untrusted(intake_comment.refused_json(str(refusal)), nl=False, machine=True)
        echo_err(f"cmcheck intake: refused: {refusal}")
        sys.exit(2)
    except configuration.ConfigurationError as error:
        raise Failure(str(error)) from None
    fields = issueform.fields(policy, inventory)
    if fmt == "json":
        echo_untrusted(intake_comment.as_json(issue, taken, result, fields), nl=False,
                       machine=True)
    else:
        echo_untrusted(intake_comment.markdown(issue, taken, result, fields))
    sys.exit(1 if intake_comment.failed(taken, result) else 0)


@click.command("intake-pr")
@click.option("--report", "report_path", required=True, type=click.Path(dir_okay=False),
              help="What `cmcheck intake --format json` printed.")
@click.option("--event", "event_path", envvar="GITHUB_EVENT_PATH",
              help="The `issues` event's JSON (default: $GITHUB_EVENT_PATH).")
@click.option("--by-hand", is_flag=True,
              help="The pull request is opened with the workflow's own token: say on the issue "
                   "that its checks must be started by hand.")
def intake_pr(report_path: str, event_path: str | None, by_hand: bool) -> None:
    """Open or update the pull request of a change-request issue (its branch is already
    pushed) and keep cmcheck's one comment on the issue. Reads GITHUB_REPOSITORY,
    GITHUB_API_URL and GITHUB_TOKEN."""
    import json
    import os

    from cmcheck.github.api import ApiError, client_from
    from cmcheck.github.intake import publish
    from cmcheck.technician import issue_event

    if not event_path:
        raise Failure("no event: pass --event FILE (GitHub sets GITHUB_EVENT_PATH)")
    try:
        issue = issue_event.read(event_path)
        with open(event_path, encoding="utf-8") as handle:
            base = json.load(handle)["repository"]["default_branch"]
        with open(report_path, encoding="utf-8") as handle:
            report = json.load(handle)
        if report.get("refused") or report.get("issue") != issue.number:
            raise Failure(f"{report_path} is not the intake of #{issue.number}: nothing to publish")
        done = publish.publish(client_from(os.environ), issue=issue.number, login=issue.login,
                               title=issue.title, path=str(report["path"]),
                               comment=str(report["comment"]), base=str(base), by_hand=by_hand,
                               web=os.environ.get("GITHUB_SERVER_URL") or "https://github.com")
    except (issue_event.Refused, OSError, ValueError, KeyError, TypeError) as error:
        raise Failure(f"cannot publish the intake: {error}") from None
    except ApiError as error:
        raise Failure(str(error)) from None
    if done.pull is None:
        click.echo(f"GitHub refused this token a pull request: the comment {done.comment} on "
                   f"#{issue.number} links the branch for a person to open it")
        return
    click.echo(f"{'opened' if done.opened else 'updated'} pull request #{done.pull} for "
               f"#{issue.number}; comment {done.comment}")
