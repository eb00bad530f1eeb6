"""A real HTTP server on 127.0.0.1 that answers like GitHub's REST API (v2022-11-28).

The JSON shapes are GitHub's own: every answer the server sends, errors included, is checked
against the response schema of its operation in GitHub's published OpenAPI description
(tests/openapi.py, tests/fixtures/github-openapi.json), and a test whose fake answered anything
GitHub could not fails when the server stops. List endpoints paginate with per_page/page and a
Link header carrying rel="next" and rel="last", as GitHub does.
"""

from __future__ import annotations

import hashlib
import json
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from cmcheck.github import api as github_api
from tests import openapi

TOKEN = "ghs_testtoken0123456789abcdefABCDEF"  # a fake, for the fake server
# An administrator's token, for `cmcheck settings --apply` (TOKEN is then the workflow's).
ADMIN_TOKEN = "ghp_admintoken0123456789abcdefABCDEF"
REPOSITORY = "qcsd/changes"


API = "https://api.github.com"
WEB = "https://github.com"


def _id(*parts: object) -> int:
    """A stable positive id (hash() of a str changes between runs)."""
    return int(hashlib.sha256(repr(parts).encode()).hexdigest()[:8], 16)


def user(login: str) -> dict[str, Any]:
    """A simple-user, as GitHub embeds one in every answer."""
    at = f"{API}/users/{login}"
    return {
        "login": login, "id": _id("user", login), "node_id": "MDQ6VXNlcjE=",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{_id('user', login)}?v=4",
        "gravatar_id": "", "url": at, "html_url": f"{WEB}/{login}",
        "followers_url": f"{at}/followers", "following_url": f"{at}/following{{/other_user}}",
        "gists_url": f"{at}/gists{{/gist_id}}", "starred_url": f"{at}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{at}/subscriptions", "organizations_url": f"{at}/orgs",
        "repos_url": f"{at}/repos", "events_url": f"{at}/events{{/privacy}}",
        "received_events_url": f"{at}/received_events", "type": "User", "site_admin": False,
    }


def repository(full_name: str = REPOSITORY, *, fork: bool = False) -> dict[str, Any]:
    """A repository, as embedded in a pull request's head and base."""
    owner, name = full_name.split("/")
    at = f"{API}/repos/{full_name}"
    templated = {  # GitHub's URI templates, each "{at}/<path>{<template>}"
        "archive_url": "/{archive_format}{/ref}", "assignees_url": "/assignees{/user}",
        "blobs_url": "/git/blobs{/sha}", "branches_url": "/branches{/branch}",
        "collaborators_url": "/collaborators{/collaborator}", "comments_url": "/comments{/number}",
        "commits_url": "/commits{/sha}", "compare_url": "/compare/{base}...{head}",
        "contents_url": "/contents/{+path}", "git_commits_url": "/git/commits{/sha}",
        "git_refs_url": "/git/refs{/sha}", "git_tags_url": "/git/tags{/sha}",
        "issue_comment_url": "/issues/comments{/number}",
        "issue_events_url": "/issues/events{/number}",
        "issues_url": "/issues{/number}", "keys_url": "/keys{/key_id}",
        "labels_url": "/labels{/name}", "milestones_url": "/milestones{/number}",
        "notifications_url": "/notifications{?since,all,participating}",
        "pulls_url": "/pulls{/number}", "releases_url": "/releases{/id}",
        "statuses_url": "/statuses/{sha}", "trees_url": "/git/trees{/sha}",
    }
    plain = ["contributors", "deployments", "downloads", "events", "forks", "hooks", "languages",
             "merges", "stargazers", "subscribers", "subscription", "tags", "teams"]
    return {
        "id": _id("repo", full_name), "node_id": "MDEwOlJlcG9zaXRvcnkx", "name": name,
        "full_name": full_name, "owner": user(owner), "private": True,
        "html_url": f"{WEB}/{full_name}", "description": "Change requests", "fork": fork,
        "url": at, **{key: at + tail for key, tail in templated.items()},
        **{f"{key}_url": f"{at}/{key}" for key in plain},
        "git_url": f"git://github.com/{full_name}.git",
        "ssh_url": f"git@github.com:{full_name}.git",
        "clone_url": f"{WEB}/{full_name}.git", "svn_url": f"{WEB}/{full_name}",
        "mirror_url": None, "homepage": None, "language": None, "forks_count": 0, "forks": 0,
        "stargazers_count": 0, "watchers_count": 0, "watchers": 0, "size": 108,
        "default_branch": "main", "open_issues_count": 1, "open_issues": 1,
        "has_issues": True, "has_projects": False, "has_wiki": False, "has_pages": True,
        "has_downloads": True, "archived": False, "disabled": False, "license": None,
        "pushed_at": "2026-11-20T15:00:00Z", "created_at": "2026-08-01T15:00:00Z",
        "updated_at": "2026-11-20T15:00:00Z",
    }


def _links(number: int) -> dict[str, Any]:
    at = f"{API}/repos/{REPOSITORY}"
    return {"self": {"href": f"{at}/pulls/{number}"},
            "html": {"href": f"{WEB}/{REPOSITORY}/pull/{number}"},
            "issue": {"href": f"{at}/issues/{number}"},
            "comments": {"href": f"{at}/issues/{number}/comments"},
            "review_comments": {"href": f"{at}/pulls/{number}/comments"},
            "review_comment": {"href": f"{at}/pulls/comments{{/number}}"},
            "commits": {"href": f"{at}/pulls/{number}/commits"},
            "statuses": {"href": f"{at}/statuses/{{sha}}"}}


def pull(number: int, *, author: str, head: str, base: str, labels: tuple[str, ...] = (),
         merged_at: str | None = None, merge_commit_sha: str | None = None,
         created_at: str = "2026-11-20T15:00:00Z", commits: int = 1,
         head_repo: str = REPOSITORY, base_ref: str = "main") -> dict[str, Any]:
    """A pull-request ("Get a pull request"); `pull_simple` cuts it to a list's item."""
    at = f"{API}/repos/{REPOSITORY}"
    return {
        "url": f"{at}/pulls/{number}", "id": 1000 + number, "node_id": "MDExOlB1bGxSZXF1ZXN0MQ==",
        "html_url": f"{WEB}/{REPOSITORY}/pull/{number}",
        "diff_url": f"{WEB}/{REPOSITORY}/pull/{number}.diff",
        "patch_url": f"{WEB}/{REPOSITORY}/pull/{number}.patch",
        "issue_url": f"{at}/issues/{number}", "commits_url": f"{at}/pulls/{number}/commits",
        "review_comments_url": f"{at}/pulls/{number}/comments",
        "review_comment_url": f"{at}/pulls/comments{{/number}}",
        "comments_url": f"{at}/issues/{number}/comments", "statuses_url": f"{at}/statuses/{head}",
        "number": number, "state": "closed" if merged_at else "open",
        "locked": False, "title": f"Change request #{number}", "user": user(author),
        "body": "Please review.",
        "labels": [{"id": 208045946 + i, "node_id": "MDU6TGFiZWwyMDgwNDU5NDY=",
                    "url": f"{at}/labels/{name}", "name": name, "description": "",
                    "color": "f29513", "default": False}
                   for i, name in enumerate(labels)],
        "milestone": None, "assignee": None, "assignees": [], "requested_reviewers": [],
        "requested_teams": [],
        "created_at": created_at, "updated_at": "2026-11-21T15:00:00Z",
        "closed_at": merged_at, "merged_at": merged_at, "merge_commit_sha": merge_commit_sha,
        "head": {"label": f"{head_repo.split('/')[0]}:{author}-change", "ref": f"{author}-change",
                 "sha": head, "user": user(head_repo.split("/")[0]),
                 "repo": repository(head_repo, fork=head_repo != REPOSITORY)},
        "base": {"label": f"qcsd:{base_ref}", "ref": base_ref, "sha": base, "user": user("qcsd"),
                 "repo": repository()},
        "_links": _links(number), "author_association": "MEMBER", "auto_merge": None,
        "draft": False, "merged": merged_at is not None, "mergeable": True, "rebaseable": True,
        "mergeable_state": "clean", "merged_by": user("qcsd-techcoord") if merged_at else None,
        "comments": 0, "review_comments": 0, "maintainer_can_modify": False,
        "commits": commits, "additions": 40, "deletions": 0, "changed_files": 1,
    }


_SIMPLE_ONLY = {"merged", "mergeable", "rebaseable", "mergeable_state", "merged_by", "comments",
                "review_comments", "maintainer_can_modify", "commits", "additions", "deletions",
                "changed_files"}


def pull_simple(number: int, **kwargs: Any) -> dict[str, Any]:
    """A pull-request-simple, the item of "List pull requests associated with a commit"."""
    return {k: v for k, v in pull(number, **kwargs).items() if k not in _SIMPLE_ONLY}


def review(login: str, state: str, commit: str | None, at: str,
           number: int = 1) -> dict[str, Any]:
    html = f"{WEB}/{REPOSITORY}/pull/{number}#pullrequestreview-{_id(login, state, commit, at)}"
    return {
        "id": _id("review", login, state, commit, at), "node_id": "MDE3OlB1bGxSZXZpZXc4MA==",
        "user": user(login), "body": "", "state": state, "html_url": html,
        "pull_request_url": f"{API}/repos/{REPOSITORY}/pulls/{number}",
        "_links": {"html": {"href": html},
                   "pull_request": {"href": f"{API}/repos/{REPOSITORY}/pulls/{number}"}},
        "submitted_at": at, "commit_id": commit, "author_association": "MEMBER",
    }


def commit(sha: str, *, author: str | None, committer: str | None = "",
           message: str = "Add a change request") -> dict[str, Any]:
    """A commit of "List commits on a pull request". `author` and `committer` are GitHub logins
    (the committer is the author unless given); None is an e-mail address that GitHub ties to no
    account, for which it answers null. `message` may carry trailers (Co-authored-by)."""
    person = {"name": "Someone", "email": "someone@qcsd.example.org",
              "date": "2026-11-20T15:00:00Z"}
    at = f"{API}/repos/{REPOSITORY}"
    committer = author if committer == "" else committer
    return {
        "url": f"{at}/commits/{sha}", "sha": sha, "node_id": "MDY6Q29tbWl0",
        "html_url": f"{WEB}/{REPOSITORY}/commit/{sha}",
        "comments_url": f"{at}/commits/{sha}/comments",
        "commit": {"url": f"{at}/git/commits/{sha}", "author": person, "committer": person,
                   "message": message, "comment_count": 0,
                   "tree": {"sha": "9" * 40, "url": f"{at}/git/trees/{'9' * 40}"},
                   "verification": {"verified": False, "reason": "unsigned", "signature": None,
                                    "payload": None, "verified_at": None}},
        "author": user(author) if author else None,
        "committer": user(committer) if committer else None,
        "parents": [],
    }


def dismissed(review: dict[str, Any], *, by: str, at: str, number: int = 1,
              message: str = "Not needed") -> dict[str, Any]:
    """A review_dismissed event of "List timeline events for an issue": who dismissed which
    review. (The review itself then reads state DISMISSED in the reviews list.)"""
    at_issue = f"{API}/repos/{REPOSITORY}/issues"
    return {
        "id": _id("dismissed", review["id"], by, at), "node_id": "MDE1OlJldmlld0Rpc21pc3NlZA==",
        "url": f"{at_issue}/events/{_id('dismissed', review['id'], by, at)}",
        "actor": user(by), "event": "review_dismissed", "commit_id": None, "commit_url": None,
        "created_at": at, "performed_via_github_app": None,
        "dismissed_review": {"state": str(review["state"]).lower(), "review_id": review["id"],
                             "dismissal_message": message},
    }


def labeled(name: str, *, by: str, at: str, event: str = "labeled") -> dict[str, Any]:
    """A labeled event of the timeline: who put which label on, when (`unlabeled`: took off)."""
    return {
        "id": _id(event, name, at), "node_id": "MDEyOkxhYmVsZWRFdmVudDE=",
        "url": f"{API}/repos/{REPOSITORY}/issues/events/{_id(event, name, at)}",
        "actor": user(by), "event": event, "commit_id": None, "commit_url": None,
        "created_at": at, "performed_via_github_app": None,
        "label": {"name": name, "color": "f29513"},
    }


def unlabeled(name: str, *, by: str, at: str) -> dict[str, Any]:
    """An unlabeled event of the timeline: who took which label off, when."""
    return labeled(name, by=by, at=at, event="unlabeled")


def activity(after: str, at: str, *, kind: str = "push", ref: str = "janetech-change",
             before: str = "0" * 40, actor: str = "janetech") -> dict[str, Any]:
    """An item of "List repository activities": one update of a branch, GitHub's time."""
    return {"id": _id("activity", after, at, kind), "node_id": "MDE1OlJlcG9zaXRvcnlBY3Rpdml0eTE=",
            "before": before, "after": after, "ref": f"refs/heads/{ref}", "timestamp": at,
            "activity_type": kind, "actor": user(actor)}


@dataclass
class State:
    """What the fake knows; tests fill it and read `requests` back."""

    objects: dict[str, Any] = field(default_factory=dict)  # path -> JSON answer
    # path -> answers to give first: a status, or a status with extra headers
    failures: dict[str, list[int | tuple[int, dict[str, str]]]] = field(default_factory=dict)
    page_size: int = 100
    requests: list[tuple[str, str | None]] = field(default_factory=list)  # (path, authorization)
    # paths whose answer a test makes malformed on purpose, to see cmcheck refuse it
    off_schema: set[str] = field(default_factory=set)
    # every way an answer sent differed from GitHub's description; serve() fails on any
    invalid: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # An answer for a GET path that `objects` lacks (None: 404), e.g. `[]` for the pull
    # requests of any commit no pull request merged.
    fallback: Callable[[str], Any] | None = None
    # POST and PATCH: (method, path, JSON body) -> (status, answer); None answers 404.
    write: Callable[[str, str, Any], tuple[int, Any]] | None = None
    # token -> the role it plays; a request with any other token gets GitHub's 401
    tokens: dict[str, str] = field(default_factory=lambda: {TOKEN: "workflow",
                                                            ADMIN_TOKEN: "admin"})
    # Any method: (method, path, role, JSON body or None) -> (status, answer), or None when the
    # path is not its own (then objects, fallback and write answer as before).
    route: Callable[[str, str, str, Any], tuple[int, Any] | None] | None = None

    def repo(self, tail: str) -> str:
        return f"/repos/{REPOSITORY}/{tail}"


_MESSAGES = {403: "Resource not accessible by integration", 404: "Not Found",
             500: "Server Error"}


def _filtered(path: str, items: list[Any], query: dict[str, str]) -> list[Any]:
    """The activity endpoint's `ref` and `activity_type` filters, as GitHub applies them."""
    if not path.endswith("/activity"):
        return items
    ref = query.get("ref")
    if ref is not None:
        full = ref if ref.startswith("refs/") else f"refs/heads/{ref}"
        items = [item for item in items if item.get("ref") == full]
    kind = query.get("activity_type")
    return [item for item in items if kind is None or item.get("activity_type") == kind]


def _handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            with state.lock:
                state.requests.append((parts.path, self.headers.get("Authorization")))
                queued = state.failures.get(parts.path, [])
                status = queued.pop(0) if queued else None
            role = self._role()
            if role is None:
                return self._send(401, {"message": "Bad credentials",
                                        "documentation_url": "https://docs.github.com/rest"})
            routed = None
            if status is None and state.route is not None:
                with state.lock:
                    routed = state.route("GET", parts.path, role, None)
                # A routed list is paged like any other, below.
                if routed is not None and not (routed[0] == 200 and isinstance(routed[1], list)):
                    return self._send(*routed)
            if isinstance(status, tuple):
                return self._send(status[0], {
                    "message": "You have exceeded a secondary rate limit. Please wait a few "
                               "minutes before you try again.",
                    "documentation_url": "https://docs.github.com/rest"}, headers=status[1])
            if status is not None:
                return self._send(status, {"message": _MESSAGES.get(status, "Server Error"),
                                           "documentation_url": "https://docs.github.com/rest"})
            with state.lock:
                body = routed[1] if routed is not None else state.objects.get(parts.path)
                if body is None and state.fallback is not None:
                    body = state.fallback(parts.path)
            if body is None:
                return self._send(404, {"message": "Not Found",
                                        "documentation_url": "https://docs.github.com/rest"})
            if not isinstance(body, list):
                return self._send(200, body)
            body = _filtered(parts.path, body, query)
            size = min(int(query.get("per_page", "30")), state.page_size)
            page = int(query.get("page", "1"))
            last = max((len(body) + size - 1) // size, 1)
            links = []
            # Like GitHub's, the links keep the request's filters.
            kept = urllib.parse.urlencode({k: v for k, v in query.items()
                                           if k not in ("per_page", "page")})
            base = (f"http://{self.headers['Host']}{parts.path}?{kept + '&' if kept else ''}"
                    f"per_page={size}&page=")
            if page < last:
                links.append(f'<{base}{page + 1}>; rel="next"')
                links.append(f'<{base}{last}>; rel="last"')
            if page > 1:
                links.insert(0, f'<{base}{page - 1}>; rel="prev"')
                links.append(f'<{base}1>; rel="first"')
            return self._send(200, body[(page - 1) * size: page * size], ", ".join(links))

        def do_POST(self) -> None:
            self._write("POST")

        def do_PATCH(self) -> None:
            self._write("PATCH")

        def do_PUT(self) -> None:
            self._write("PUT")

        def do_DELETE(self) -> None:
            self._write("DELETE")

        def _role(self) -> str | None:
            header = self.headers.get("Authorization") or ""
            return state.tokens.get(header.removeprefix("Bearer "))

        def _write(self, method: str) -> None:
            path = urllib.parse.urlsplit(self.path).path
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with state.lock:
                state.requests.append((f"{method} {path}", self.headers.get("Authorization")))
            role = self._role()
            if role is None:
                return self._send(401, {"message": "Bad credentials",
                                        "documentation_url": "https://docs.github.com/rest"},
                                  method=method)
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                return self._send(400, {"message": "Problems parsing JSON",
                                        "documentation_url": "https://docs.github.com/rest"},
                                  method=method)
            if path not in state.off_schema:
                found = openapi.request_problems(method, path, body)
                with state.lock:
                    state.invalid.extend(found)
            with state.lock:
                answer = state.route(method, path, role, body) if state.route else None
                if answer is None and body is not None and state.write:
                    answer = state.write(method, path, body)
            if answer is None:
                return self._send(404, {"message": "Not Found",
                                        "documentation_url": "https://docs.github.com/rest"},
                                  method=method)
            return self._send(*answer, method=method)

        def _send(self, status: int, body: Any, link: str = "",
                  headers: dict[str, str] | None = None, method: str = "GET") -> None:
            path = urllib.parse.urlsplit(self.path).path
            if path not in state.off_schema:
                found = openapi.problems(method, path, status, body)
                with state.lock:
                    state.invalid.extend(found)
            raw = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.send_header("X-GitHub-Api-Version-Selected", "2022-11-28")
            if link:
                self.send_header("Link", link)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)

    return Handler


def serve(state: State) -> Iterator[str]:
    """Run the server in a thread; yields its base URL; stops it afterwards."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    # A short poll interval: shutdown() waits for one, and every test stops a server.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert not state.invalid, "the fake GitHub sent answers GitHub would not:\n" + "\n".join(
        dict.fromkeys(state.invalid))


def serve_to_cmcheck(state: State, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """serve(), with cmcheck's GitHub settings pointing at it and retries that do not wait."""
    monkeypatch.setattr(github_api, "BACKOFF", 0.001)
    for url in serve(state):
        monkeypatch.setenv("GITHUB_API_URL", url)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
        yield url


def workflow_run(number: int, *, conclusion: str | None, at: str, event: str = "push",
                 sha: str = "0" * 40, workflow: str = "notify.yml") -> dict[str, Any]:
    """An item of "List workflow runs for a workflow": one finished (or running) run on main."""
    run_id = _id("run", workflow, number)
    at_api = f"{API}/repos/{REPOSITORY}/actions/runs/{run_id}"
    return {
        "id": run_id, "node_id": "WFR_kwLOAAAAAAAAAAAA", "head_branch": "main",
        "run_number": number, "display_title": f"{workflow} #{number}", "event": event,
        "status": "completed" if conclusion else "in_progress", "conclusion": conclusion,
        "head_sha": sha, "path": f".github/workflows/{workflow}",
        "workflow_id": _id("workflow", workflow), "url": at_api,
        "html_url": f"{WEB}/{REPOSITORY}/actions/runs/{run_id}", "created_at": at,
        "updated_at": at, "head_commit": None, "head_repository": repository(),
        "repository": repository(), "jobs_url": f"{at_api}/jobs", "logs_url": f"{at_api}/logs",
        "check_suite_url": f"{API}/repos/{REPOSITORY}/check-suites/{run_id}",
        "cancel_url": f"{at_api}/cancel", "rerun_url": f"{at_api}/rerun",
        "artifacts_url": f"{at_api}/artifacts",
        "workflow_url": f"{API}/repos/{REPOSITORY}/actions/workflows/{_id('workflow', workflow)}",
        "pull_requests": [],
    }
