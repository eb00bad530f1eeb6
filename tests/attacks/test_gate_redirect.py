"""Issue 23, item 3: a redirect carries the token to another host.

The attack: whoever answers for the API (a proxy, a misconfigured GitHub Enterprise, a
compromised host on the way) answers `302 Location: http://elsewhere/...`. urllib follows it
and sends every header of the request again, `Authorization` included, to whatever host the
redirect names. The module's own docstring promises the token goes only to `GITHUB_API_URL`'s
host.

The defence: a redirect to another origin (scheme, host or port) is refused before any request
is made to it, so the token never leaves and no answer from there is read; a redirect on the
same origin (GitHub's answer for a renamed repository) is followed.

Two loopback servers play the parts: the API on 127.0.0.1, and a second one, reached as
`localhost` or on another port, that records every Authorization header it is sent.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from cmcheck.github.api import ApiError, Client

TOKEN = "ghs_redirecttest0123456789abcdefABCD"


class Server:
    """A loopback HTTP server that answers each path from `answers` (a status, headers and a
    JSON body) and records (method, path, Authorization) of every request."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[int, dict[str, str], Any]] = {}
        self.seen: list[tuple[str, str, str | None]] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self.httpd.server_address[1]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                server.seen.append((self.command, self.path, self.headers.get("Authorization")))
                status, headers, body = server.answers.get(
                    self.path.split("?")[0], (404, {}, {"message": "Not Found"}))
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(raw)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

        return Handler

    def tokens_seen(self) -> list[str | None]:
        return [authorization for _, _, authorization in self.seen]


@pytest.fixture
def servers() -> Iterator[tuple[Server, Server]]:
    made = Server(), Server()
    threads = [threading.Thread(target=s.httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                daemon=True) for s in made]
    for thread in threads:
        thread.start()
    yield made
    for server, thread in zip(made, threads, strict=True):
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join()


def client(api: Server) -> Client:
    return Client(repository="qcsd/changes", token=TOKEN, url=f"http://127.0.0.1:{api.port}",
                  retries=0)


LOOT = {"number": 1, "state": "open", "stolen": True}


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"],
                         ids=["another-host-name", "same-host-another-port"])
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_origin_never_gets_the_token(
        servers: tuple[Server, Server], host: str, status: int) -> None:
    api, thief = servers
    thief.answers["/steal"] = (200, {}, LOOT)
    api.answers["/repos/qcsd/changes/pulls/1"] = (
        status, {"Location": f"http://{host}:{thief.port}/steal"}, {})
    with pytest.raises(ApiError) as refused:
        client(api).get("/repos/qcsd/changes/pulls/1")
    assert TOKEN not in thief.tokens_seen()
    assert thief.seen == []  # not even asked without the token: its answer is never read
    assert "another host" in str(refused.value) and TOKEN not in str(refused.value)
    assert api.tokens_seen() == [f"Bearer {TOKEN}"]


@pytest.mark.parametrize("status", [301, 302, 303])
def test_a_write_redirected_elsewhere_never_gets_the_token(
        servers: tuple[Server, Server], status: int) -> None:
    """urllib turns a redirected POST into a GET to the new place, headers and all."""
    api, thief = servers
    thief.answers["/steal"] = (200, {}, LOOT)
    api.answers["/repos/qcsd/changes/issues"] = (
        status, {"Location": f"http://localhost:{thief.port}/steal"}, {})
    with pytest.raises(ApiError):
        client(api).send("POST", "/repos/qcsd/changes/issues", {"title": "audit"})
    assert thief.seen == []


def test_a_page_link_redirected_elsewhere_never_gets_the_token(
        servers: tuple[Server, Server]) -> None:
    api, thief = servers
    thief.answers["/steal"] = (200, {}, [LOOT])
    api.answers["/repos/qcsd/changes/pulls"] = (
        302, {"Location": f"http://localhost:{thief.port}/steal"}, {})
    with pytest.raises(ApiError):
        client(api).get_all("/repos/qcsd/changes/pulls")
    assert thief.seen == []


def test_a_redirect_on_the_same_origin_is_followed_with_the_token(
        servers: tuple[Server, Server]) -> None:
    """GitHub answers 301 for a renamed repository, on its own host: that one is followed."""
    api, _ = servers
    api.answers["/repos/qcsd/old-name/pulls/1"] = (
        301, {"Location": f"http://127.0.0.1:{api.port}/repositories/42/pulls/1"}, {})
    api.answers["/repositories/42/pulls/1"] = (200, {}, {"number": 1})
    assert client(api).get("/repos/qcsd/old-name/pulls/1") == {"number": 1}
    assert api.tokens_seen() == [f"Bearer {TOKEN}"] * 2


def test_a_relative_redirect_stays_on_the_origin_and_is_followed(
        servers: tuple[Server, Server]) -> None:
    api, _ = servers
    api.answers["/repos/qcsd/old-name"] = (301, {"Location": "/repositories/42"}, {})
    api.answers["/repositories/42"] = (200, {}, {"id": 42})
    assert client(api).get("/repos/qcsd/old-name") == {"id": 42}
