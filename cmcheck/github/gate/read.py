"""Reading the repository's settings from GitHub, one small function per endpoint.

What a token may not read is a `Refused` naming the permission it needs, so that the caller can
list the setting as not verified: GitHub answers 403 (or, for some endpoints, 404) where the
token lacks a permission, and a 401 or any other answer means cmcheck cannot tell (exit 2).
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from cmcheck.github.api import PLAN_HINT, ApiError, Client
from cmcheck.github.gate import declared as gate

ADMIN_READ = "an administrator's token (Administration: read)"
ACTIONS_READ = "actions: read (audit.yml grants it)"


class Refused(Exception):
    """The token may not read this; `needs` names the permission."""

    def __init__(self, needs: str) -> None:
        super().__init__(needs)
        self.needs = needs


class Unavailable(ApiError):
    """GitHub's plan for the repository lacks the feature: the setting cannot exist there,
    which is a gap in the gate, not a permission the token lacks."""


def _get(client: Client, tail: str, *, needs: str, absent_on_404: bool = False,
         every_page: bool = False) -> Any:
    read = client.get_all if every_page else client.get
    try:
        return read(client.repo_path(tail))
    except ApiError as error:
        if error.status == 404 and absent_on_404:
            return None
        if error.status in (403, 404) and PLAN_HINT in str(error):
            raise Unavailable(str(error), status=error.status) from None
        if error.status in (403, 404):
            raise Refused(needs) from None
        raise


def repository(client: Client) -> dict[str, Any]:
    """The repository: default branch, allow_forking, and the token's own permissions."""
    found = client.get(f"/repos/{client.repository}")
    if not isinstance(found, dict) or not isinstance(found.get("default_branch"), str):
        raise ApiError("unexpected answer for the repository: no default_branch")
    return found


def rules_in_force(client: Client, branch: str) -> list[dict[str, Any]]:
    """Every active rule on the branch, from every ruleset (Metadata: read is enough)."""
    found = client.get_all(client.repo_path(f"rules/branches/{urllib.parse.quote(branch)}"))
    return [rule for rule in found if isinstance(rule, dict)]


def ruleset_named(client: Client, name: str) -> dict[str, Any] | None:
    """The repository's own ruleset of that name, in full (bypass_actors only for a token that
    may administer it), or None when there is none."""
    # every page: a repository may hold up to 75 rulesets, GitHub lists 30 a page
    listed = _get(client, "rulesets?includes_parents=false", needs=ADMIN_READ, every_page=True)
    for item in listed:
        if isinstance(item, dict) and item.get("name") == name and \
                item.get("source_type", "Repository") == "Repository":
            detail = _get(client, f"rulesets/{int(item['id'])}", needs=ADMIN_READ)
            if isinstance(detail, dict):
                return detail
    return None


def ruleset(client: Client, number: int) -> dict[str, Any]:
    """One ruleset by id, the repository's or its organization's (GitHub answers both here),
    with bypass_actors only for a token that may edit it."""
    found = _get(client, f"rulesets/{int(number)}", needs=ADMIN_READ)
    if not isinstance(found, dict):
        raise ApiError(f"unexpected answer for ruleset {int(number)}: not an object")
    return found


def environment(client: Client) -> dict[str, Any] | None:
    """The notifications environment, or None when it does not exist."""
    found = _get(client, f"environments/{gate.ENVIRONMENT}", needs=ACTIONS_READ,
                 absent_on_404=True)
    return found if isinstance(found, dict) else None


def branch_policies(client: Client) -> list[dict[str, Any]]:
    found = _get(client, f"environments/{gate.ENVIRONMENT}/deployment-branch-policies",
                 needs=ACTIONS_READ)
    policies = found.get("branch_policies") if isinstance(found, dict) else None
    return [p for p in policies or [] if isinstance(p, dict)]


def workflow_permissions(client: Client) -> dict[str, Any]:
    found = _get(client, "actions/permissions/workflow", needs=ADMIN_READ)
    if not isinstance(found, dict):
        raise ApiError("unexpected answer for the default workflow permissions")
    return found


def can_administer(found_repository: dict[str, Any]) -> bool:
    """Whether the token's user may change the repository's settings (GitHub says so in the
    repository's `permissions`, which an installation token's answer does not carry)."""
    permissions = found_repository.get("permissions")
    return isinstance(permissions, dict) and permissions.get("admin") is True
