"""What the CI event says about the pull request being checked (GitHub's GITHUB_EVENT_PATH)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def payload(environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The event's JSON, on a pull-request event; None on any other."""
    if not environ.get("GITHUB_EVENT_NAME", "").startswith("pull_request"):
        return None
    path = environ.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            event = json.load(handle)
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read the event file {path}: {exc}") from None
    return event if isinstance(event, dict) else None


def base_problem(environ: Mapping[str, str]) -> str | None:
    """Why this pull request may not be judged, or None.

    Policy, coordinators and the merged changes that `locked` protects live on the default
    branch. A pull request aimed at another branch, one whose policy.yaml anyone could have
    weakened, would be judged by that branch's rules, and its green check would survive a
    later switch of the base to the default branch.
    """
    event = payload(environ)
    if event is None:
        return None
    try:
        base = str(event["pull_request"]["base"]["ref"])
        default = str(event["repository"]["default_branch"])
    except (KeyError, TypeError):
        return None  # GitHub always sends both; a hand-made event may not, and then `--base` rules
    return aimed_elsewhere(base, default)


def aimed_elsewhere(base: str, default: str) -> str | None:
    """The refusal for a pull request whose base is not the default branch, or None."""
    if base == default:
        return None
    return (f"this pull request targets {base}, not the default branch {default}: change "
            f"requests are judged by {default}'s policy, coordinators and merged changes; "
            f"change its base to {default}")
