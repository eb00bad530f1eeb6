"""Open (or update) the pull request of a change-request issue and keep its one comment.

The branch is pushed by the workflow (git, as the issue's author); this module does what needs
the REST API: the pull request, which says `Closes #N` so that merging closes the issue, and the
comment on the issue, found again by its marker so that an edit rewrites it instead of adding
one more.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cmcheck.core.model.issueform import COMMENT_MARKER as MARKER
from cmcheck.github.api import ApiError, Client

BRANCH_PREFIX = "change-request/issue-"
# Said on the issue when the pull request was opened with the workflow's own GITHUB_TOKEN:
# GitHub starts no workflow for what that token does, so validate and approval never run.
BY_HAND = ("**The checks of this pull request do not start by themselves** (the repository's "
           "cmcheck App is not set up, so the pull request was opened with the workflow's own "
           "token). The Technology Coordinator starts them by closing and reopening the pull "
           "request; docs/coordinator.md says how to set up the App so that this is not needed.")
# The repository's gate keeps "Allow GitHub Actions to create and approve pull requests" off, so
# without the App the workflow's token may push the branch but not open the pull request. One
# opened by a person from the branch starts every check, so the comment links to it.
OPEN_IT = ("**Open the pull request yourself:** [{branch}]({url}) → **Create pull request**. "
           "The repository's cmcheck App is not set up and GitHub does not let this workflow "
           "open it; a pull request you open starts the checks as usual. Once it is open, "
           "every edit of this issue updates it.")


class Published(NamedTuple):
    pull: int | None  # None: GitHub refused this token a pull request; the comment links one
    opened: bool  # False: an open pull request was updated
    comment: int


def branch(issue: int) -> str:
    return f"{BRANCH_PREFIX}{issue}"


def pull_body(issue: int, login: str, path: str) -> str:
    return (f"Closes #{issue}\n\n"
            f"The change request filed by @{login} through the change-request form in "
            f"#{issue}, written to `{path}` by `cmcheck intake`. To change it, edit the "
            "issue: every edit rewrites this pull request. The Technology Coordinator's "
            "approving review is the formal approval.\n")


def publish(client: Client, *, issue: int, login: str, title: str, path: str, comment: str,
            base: str, by_hand: bool, web: str = "https://github.com") -> Published:
    head = branch(issue)
    owner = client.repository.split("/", 1)[0]
    body = pull_body(issue, login, path)
    found = client.get_all(client.repo_path(f"pulls?state=open&head={owner}:{head}"))
    mine = [p for p in found if isinstance(p, dict) and _ref(p) == head]
    if mine:
        number = _number(mine[0])
        client.send("PATCH", client.repo_path(f"pulls/{number}"), {"title": title, "body": body})
        opened = False
    else:
        try:
            created = client.send("POST", client.repo_path("pulls"), {
                "title": title, "head": head, "base": base, "body": body,
                "maintainer_can_modify": False})
        except ApiError as error:
            if not (by_hand and error.status == 403):
                raise
            url = f"{web.rstrip('/')}/{client.repository}/compare/{base}...{head}?expand=1"
            text = comment + "\n" + OPEN_IT.format(branch=head, url=url) + "\n"
            return Published(None, False, keep_comment(client, issue, text))
        number, opened = _number(created), True
    text = comment + f"\nThe pull request: #{number}.\n" + (f"\n{BY_HAND}\n" if by_hand else "")
    return Published(number, opened, keep_comment(client, issue, text))


def keep_comment(client: Client, issue: int, text: str) -> int:
    """Rewrite cmcheck's comment on the issue, or add it; its number."""
    comments = client.get_all(client.repo_path(f"issues/{issue}/comments"))
    for comment in comments:
        if isinstance(comment, dict) and str(comment.get("body", "")).startswith(MARKER) \
                and _is_bot(comment):
            number = _number(comment, key="id")
            client.send("PATCH", client.repo_path(f"issues/comments/{number}"), {"body": text})
            return number
    return _number(client.send("POST", client.repo_path(f"issues/{issue}/comments"),
                               {"body": text}), key="id")


def _is_bot(comment: dict[str, Any]) -> bool:
    """Only a comment cmcheck wrote is rewritten: a person who pastes the marker into their
    own comment keeps it (and could not be edited by the token anyway)."""
    user = comment.get("user")
    return isinstance(user, dict) and user.get("type") == "Bot"


def _ref(pull: dict[str, Any]) -> str | None:
    head = pull.get("head")
    return head.get("ref") if isinstance(head, dict) else None


def _number(item: Any, *, key: str = "number") -> int:
    value = item.get(key) if isinstance(item, dict) else None
    if not isinstance(value, int):
        raise ApiError(f"unexpected answer from GitHub: no {key}")
    return value
