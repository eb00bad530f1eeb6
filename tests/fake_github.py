"""A real HTTP server on 127.0.0.1 that answers like GitHub's REST API (v2022-11-28).

The JSON shapes follow GitHub's documentation ("Get a pull request", "List reviews for a pull
request", "List commits on a pull request", "List pull requests associated with a commit"),
trimmed to a realistic subset; list endpoints paginate with per_page/page and a Link header
carrying rel="next" and rel="last", as GitHub does.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from cmcheck.github import api as github_api

TOKEN = "ghs_testtoken0123456789abcdefABCDEF"  # a fake, for the fake server
REPOSITORY = "qcsd/changes"


def user(login: str) -> dict[str, Any]:
    return {"login": login, "id": abs(hash(login)) % 10**7, "node_id": "MDQ6VXNlcjE=",
            "type": "User", "site_admin": False,
            "html_url": f"https://github.com/{login}"}


def pull(number: int, *, author: str, head: str, base: str, labels: tuple[str, ...] = (),
         merged_at: str | None = None, merge_commit_sha: str | None = None) -> dict[str, Any]:
    return {
        "url": f"https://api.github.com/repos/{REPOSITORY}/pulls/{number}",
        "id": 1000 + number, "number": number, "state": "closed" if merged_at else "open",
        "locked": False, "title": f"Change request #{number}", "user": user(author),
        "body": "Please review.",
        "labels": [{"id": 208045946 + i, "node_id": "MDU6TGFiZWwyMDgwNDU5NDY=",
                    "name": name, "description": "", "color": "f29513", "default": False}
                   for i, name in enumerate(labels)],
        "created_at": "2026-11-20T15:00:00Z", "updated_at": "2026-11-21T15:00:00Z",
        "closed_at": merged_at, "merged_at": merged_at, "merge_commit_sha": merge_commit_sha,
        "head": {"label": f"qcsd:{author}-change", "ref": f"{author}-change", "sha": head,
                 "user": user(author)},
        "base": {"label": "qcsd:main", "ref": "main", "sha": base, "user": user("qcsd")},
        "author_association": "MEMBER", "draft": False,
    }


def review(login: str, state: str, commit: str, at: str, number: int = 1) -> dict[str, Any]:
    return {
        "id": abs(hash((login, state, commit, at))) % 10**8, "node_id": "MDE3OlB1bGxSZXZpZXc4MA==",
        "user": user(login), "body": "", "state": state,
        "html_url": f"https://github.com/{REPOSITORY}/pull/{number}#pullrequestreview-80",
        "pull_request_url": f"https://api.github.com/repos/{REPOSITORY}/pulls/{number}",
        "_links": {"html": {"href": "..."}, "pull_request": {"href": "..."}},
        "submitted_at": at, "commit_id": commit, "author_association": "MEMBER",
    }


def commit(sha: str, *, author: str | None, committer: str | None = None) -> dict[str, Any]:
    person = {"name": "Someone", "email": "someone@qcsd.example.org",
              "date": "2026-11-20T15:00:00Z"}
    return {
        "url": f"https://api.github.com/repos/{REPOSITORY}/commits/{sha}", "sha": sha,
        "node_id": "MDY6Q29tbWl0", "commit": {"author": person, "committer": person,
                                             "message": "Add a change request",
                                             "comment_count": 0},
        "author": user(author) if author else None,
        "committer": user(committer or author) if (committer or author) else None,
        "parents": [],
    }


@dataclass
class State:
    """What the fake knows; tests fill it and read `requests` back."""

    objects: dict[str, Any] = field(default_factory=dict)  # path -> JSON answer
    # path -> answers to give first: a status, or a status with extra headers
    failures: dict[str, list[int | tuple[int, dict[str, str]]]] = field(default_factory=dict)
    page_size: int = 100
    requests: list[tuple[str, str | None]] = field(default_factory=list)  # (path, authorization)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # An answer for a GET path that `objects` lacks (None: 404), e.g. `[]` for the pull
    # requests of any commit no pull request merged.
    fallback: Callable[[str], Any] | None = None
    # POST and PATCH: (method, path, JSON body) -> (status, answer); None answers 404.
    write: Callable[[str, str, Any], tuple[int, Any]] | None = None

    def repo(self, tail: str) -> str:
        return f"/repos/{REPOSITORY}/{tail}"


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
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                return self._send(401, {"message": "Bad credentials",
                                        "documentation_url": "https://docs.github.com/rest"})
            if isinstance(status, tuple):
                return self._send(status[0], {
                    "message": "You have exceeded a secondary rate limit. Please wait a few "
                               "minutes before you try again.",
                    "documentation_url": "https://docs.github.com/rest"}, headers=status[1])
            if status is not None:
                return self._send(status, {"message": "Server Error"})
            with state.lock:
                body = state.objects.get(parts.path)
                if body is None and state.fallback is not None:
                    body = state.fallback(parts.path)
            if body is None:
                return self._send(404, {"message": "Not Found",
                                        "documentation_url": "https://docs.github.com/rest"})
            if not isinstance(body, list):
                return self._send(200, body)
            size = min(int(query.get("per_page", "30")), state.page_size)
            page = int(query.get("page", "1"))
            last = max((len(body) + size - 1) // size, 1)
            links = []
            base = f"http://{self.headers['Host']}{parts.path}?per_page={size}&page="
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

        def _write(self, method: str) -> None:
            path = urllib.parse.urlsplit(self.path).path
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with state.lock:
                state.requests.append((f"{method} {path}", self.headers.get("Authorization")))
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                return self._send(401, {"message": "Bad credentials",
                                        "documentation_url": "https://docs.github.com/rest"})
            try:
                body = json.loads(raw)
            except ValueError:
                return self._send(400, {"message": "Problems parsing JSON",
                                        "documentation_url": "https://docs.github.com/rest"})
            with state.lock:
                answer = state.write(method, path, body) if state.write else None
            if answer is None:
                return self._send(404, {"message": "Not Found",
                                        "documentation_url": "https://docs.github.com/rest"})
            return self._send(*answer)

        def _send(self, status: int, body: Any, link: str = "",
                  headers: dict[str, str] | None = None) -> None:
            raw = json.dumps(body).encode()
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


def serve_to_cmcheck(state: State, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """serve(), with cmcheck's GitHub settings pointing at it and retries that do not wait."""
    monkeypatch.setattr(github_api, "BACKOFF", 0.001)
    for url in serve(state):
        monkeypatch.setenv("GITHUB_API_URL", url)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
        yield url
