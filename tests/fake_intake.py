"""What the loopback GitHub (tests/fake_github.py) adds for the online change request: the
pull requests a branch opens, and the comments of an issue. Answers are GitHub's shapes, checked
against its OpenAPI description like every other answer of the fake."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fake_github import API, REPOSITORY, WEB, pull, pull_simple, user

_PULLS = re.compile(rf"/repos/{REPOSITORY}/pulls(?:/(\d+))?")
_COMMENTS = re.compile(rf"/repos/{REPOSITORY}/issues/(\d+)/comments")
_COMMENT = re.compile(rf"/repos/{REPOSITORY}/issues/comments/(\d+)")
BOT = "cmcheck-intake[bot]"


def issue_comment(number: int, issue: int, body: str, *, login: str = BOT,
                  at: str = "2026-12-01T15:00:00Z") -> dict[str, Any]:
    author = user(login)
    if login.endswith("[bot]"):
        author["type"] = "Bot"
    return {
        "id": number, "node_id": "MDEyOklzc3VlQ29tbWVudDE=",
        "url": f"{API}/repos/{REPOSITORY}/issues/comments/{number}",
        "html_url": f"{WEB}/{REPOSITORY}/issues/{issue}#issuecomment-{number}",
        "body": body, "user": author, "created_at": at, "updated_at": at,
        "issue_url": f"{API}/repos/{REPOSITORY}/issues/{issue}",
        "author_association": "NONE" if login.endswith("[bot]") else "MEMBER",
    }


@dataclass
class IntakeHub:
    """Open pull requests by number and issue comments by id; `route` plugs into State.route."""

    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)  # branch -> its commit
    next_pull: int = 40
    next_comment: int = 900
    login: str = BOT  # who the token acts as
    bare: Path | None = None  # a bare repository whose branches count as pushed (act)
    # The gate's "Allow GitHub Actions to create and approve pull requests", off as declared:
    # the workflow's own token may not open a pull request (the App's may).
    actions_may_open_pulls: bool = False

    def head_of(self, branch: str) -> str | None:
        if branch in self.heads:
            return self.heads[branch]
        if self.bare is None:
            return None
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet",
                               f"refs/heads/{branch}"], cwd=self.bare, capture_output=True,
                              text=True, check=False, timeout=30)
        return done.stdout.strip() or None

    def route(self, method: str, path: str, role: str, body: Any) -> tuple[int, Any] | None:
        if (match := _PULLS.fullmatch(path)) is not None:
            if method == "POST" and role == "workflow" and not self.actions_may_open_pulls:
                return 403, {"message": "GitHub Actions is not permitted to create or approve "
                                        "pull requests.",
                             "documentation_url": "https://docs.github.com/rest/pulls/pulls"
                                                  "#create-a-pull-request"}
            return self._pulls(method, match.group(1), body)
        if (match := _COMMENTS.fullmatch(path)) is not None:
            issue = int(match.group(1))
            if method == "GET":
                return 200, [c for c in self.comments.values()
                             if c["issue_url"].endswith(f"/issues/{issue}")]
            if method == "POST":
                self.next_comment += 1
                made = issue_comment(self.next_comment, issue, body["body"], login=self.login)
                self.comments[self.next_comment] = made
                return 201, made
        if (match := _COMMENT.fullmatch(path)) is not None and method == "PATCH":
            found = self.comments.get(int(match.group(1)))
            if found is None:
                return None
            found["body"] = body["body"]
            return 200, found
        return None

    def _pulls(self, method: str, number: str | None, body: Any) -> tuple[int, Any] | None:
        if method == "GET" and number is None:
            # GitHub's `head=owner:branch` filter is applied by the caller's query; the fake
            # lists every open pull request and cmcheck must pick its own by head ref.
            return 200, [self._simple(p) for p in self.pulls.values()]
        if method == "POST" and number is None:
            head = body["head"]
            sha = self.head_of(head)
            if sha is None:
                return 422, {"message": "Validation Failed", "documentation_url":
                             "https://docs.github.com/rest", "errors": [
                                 {"resource": "PullRequest", "field": "head",
                                  "code": "invalid"}]}
            self.next_pull += 1
            made = self._full(self.next_pull, head, sha, body)
            self.pulls[self.next_pull] = made
            return 201, made
        if method == "PATCH" and number is not None and int(number) in self.pulls:
            found = self.pulls[int(number)]
            found.update({k: body[k] for k in ("title", "body") if k in body})
            return 200, found
        return None

    def _full(self, number: int, head: str, sha: str, body: dict[str, Any]) -> dict[str, Any]:
        made = pull(number, author=self.login.removesuffix("[bot]"), head=sha,
                    base="0" * 40, base_ref=body["base"])
        made["head"].update(ref=head, label=f"{REPOSITORY.split('/')[0]}:{head}")
        made.update(title=body["title"], body=body.get("body"))
        return made

    def _simple(self, made: dict[str, Any]) -> dict[str, Any]:
        simple = pull_simple(made["number"], author="x", head="0", base="0")
        simple.update({k: made[k] for k in simple if k in made})
        return simple
