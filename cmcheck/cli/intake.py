"""The online change request: `issue-form` writes the GitHub issue form, `intake` turns a
submitted form (an `issues` event) into the change request file and the issue's comment."""

from __future__ import annotations

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
