"""The few GitHub REST API calls cmcheck makes, with the standard library only.

Every answer is checked before use: an unexpected status or shape is an ``ApiError`` with a
message a person can act on, never a traceback. The token goes only to ``GITHUB_API_URL``'s own
origin (scheme, host and port) and never into a message: a ``Link`` header pointing elsewhere is
refused, and so is a redirect (urllib would send every header again, ``Authorization``
included, to whatever host a 3xx names); a redirect on the same origin, GitHub's answer for a
renamed repository, is followed.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from cmcheck.core.judge.findings import one_line

DEFAULT_URL = "https://api.github.com"
BACKOFF = 2.0  # seconds before the first retry, doubled after each; tests make it tiny
RETRIES = 4
MAX_WAIT = 60.0
PER_PAGE = 100
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')
_STATUS_HINTS = {
    401: "GitHub refused the token (401 Unauthorized): set GITHUB_TOKEN to a valid token",
    403: "GitHub forbids this (403 Forbidden): the token lacks a permission "
         "(pull-requests: read, contents: read; issues: write for the audit's report; "
         "a repository administrator's token for settings --apply)",
    404: "not found (404): check GITHUB_REPOSITORY and the number, and that the token can see "
         "the repository",
}

# GitHub's answer when the repository's plan lacks a feature ("Upgrade to GitHub Pro or make
# this repository public to enable this feature."): the cause is the plan, not the token.
_PLAN = re.compile(r"upgrade to github|make this repository public", re.I)
PLAN_HINT = ("GitHub's plan for this repository lacks this feature (a private repository on "
             "GitHub Free has neither rulesets nor environments): make the repository public, "
             "or move it to GitHub Team or an organization on a plan that has them; "
             "docs/coordinator.md compares the choices and their cost")


class ApiError(Exception):
    """The API could not be read; the message says why (exit 2)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status  # GitHub's HTTP status, when it answered


class _Elsewhere(Exception):
    """A redirect to another origin, refused before anything is sent there."""

    def __init__(self, status: int, target: str) -> None:
        super().__init__(target)
        self.status = status
        self.target = target


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only on the API's own origin."""

    def __init__(self, origin: tuple[str, str, int | None]) -> None:
        self.origin = origin

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: http.client.HTTPMessage,
                         newurl: str) -> urllib.request.Request | None:
        # newurl is already absolute here (urllib joins a relative Location first).
        if _origin(newurl) != self.origin:
            fp.close()
            raise _Elsewhere(code, newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass(kw_only=True)
class Client:
    repository: str
    token: str | None = None
    url: str = DEFAULT_URL
    retries: int = RETRIES
    backoff: float = BACKOFF
    timeout: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep)
    _opener: urllib.request.OpenerDirector = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", self.repository):
            raise ApiError(f"GITHUB_REPOSITORY must be owner/name, not "
                           f"{one_line(self.repository, limit=60)!r}")
        self.url = self.url.rstrip("/")
        if urllib.parse.urlsplit(self.url).scheme not in ("http", "https"):
            raise ApiError("GITHUB_API_URL must be an http(s) URL")
        self._opener = urllib.request.build_opener(_SameOrigin(_origin(self.url)))

    def repo_path(self, tail: str) -> str:
        return f"/repos/{self.repository}/{tail}"

    def get(self, path: str) -> Any:
        body, _ = self._request(self.url + path)
        return body

    def send(self, method: str, path: str, payload: Mapping[str, Any] | None) -> Any:
        """POST, PATCH, PUT or DELETE, with a JSON body unless None; the answer's JSON, None
        for GitHub's 204 No Content. Not retried on a server error: GitHub may have done it (a
        second POST would open a second issue)."""
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        body, _ = self._request(self.url + path, method=method, data=data)
        return body

    def get_all(self, path: str) -> list[Any]:
        """Every page of a list endpoint, following the Link header's rel="next"."""
        sep = "&" if "?" in path else "?"
        address: str | None = f"{self.url}{path}{sep}per_page={PER_PAGE}"
        items: list[Any] = []
        pages = 0
        while address is not None:
            body, headers = self._request(address)
            if not isinstance(body, list):
                raise ApiError(f"unexpected answer from {self._show(address)}: not a list")
            items.extend(body)
            pages += 1
            if pages > 1000:
                raise ApiError(f"{self._show(address)}: more than 1000 pages; giving up")
            address = self._next(headers.get("Link", ""))
        return items

    def _next(self, link: str) -> str | None:
        found = _NEXT.search(link)
        if found is None:
            return None
        target = found.group(1)
        if _origin(target) != _origin(self.url):
            raise ApiError("the API's Link header points to another host; not following it")
        return target

    def _request(self, address: str, *, method: str = "GET",
                 data: bytes | None = None) -> tuple[Any, Mapping[str, str]]:
        wait = self.backoff
        retries = self.retries if method == "GET" else 0
        for attempt in range(retries + 1):
            try:
                request = self._build(address, method=method, data=data)
                with self._opener.open(request, timeout=self.timeout) as answer:
                    raw = answer.read()
                    headers = dict(answer.headers.items())
                return self._decode(address, raw), headers
            except urllib.error.HTTPError as error:
                retry_after = _retry_after(error)
                if attempt < retries and retry_after is not None:
                    self.sleep(min(max(retry_after, wait), MAX_WAIT))
                    wait *= 2
                    continue
                raise ApiError(self._describe(address, error), status=error.code) from None
            except _Elsewhere as elsewhere:
                where = urllib.parse.urlsplit(elsewhere.target).netloc
                raise ApiError(
                    f"{self._show(address)} answered {elsewhere.status}, redirecting to another "
                    f"host ({one_line(self._scrub(where), limit=80)}); not following it, so that "
                    "the token goes nowhere but GITHUB_API_URL's host: check GITHUB_API_URL "
                    "(GitHub's is https://api.github.com)", status=elsewhere.status) from None
            except (urllib.error.URLError, http.client.HTTPException, TimeoutError,
                    ConnectionError) as error:
                if attempt < retries:
                    self.sleep(min(wait, MAX_WAIT))
                    wait *= 2
                    continue
                reason = getattr(error, "reason", error)
                raise ApiError(f"cannot reach {self._show(address)}: "
                               f"{one_line(self._scrub(str(reason)), limit=120)}") from None
        raise ApiError(f"{self._show(address)}: no answer after {self.retries} retries")

    def _build(self, address: str, *, method: str,
               data: bytes | None) -> urllib.request.Request:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
                   "User-Agent": "cmcheck"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if data is not None:
            headers["Content-Type"] = "application/json"
        return urllib.request.Request(address, headers=headers, data=data, method=method)

    def _decode(self, address: str, raw: bytes) -> Any:
        if not raw.strip():
            return None  # 204 No Content, GitHub's answer to a PUT or DELETE
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ApiError(f"unexpected answer from {self._show(address)}: not JSON") from None

    def _describe(self, address: str, error: urllib.error.HTTPError) -> str:
        hint = _STATUS_HINTS.get(error.code, f"GitHub answered {error.code}")
        detail = ""
        try:
            body = json.loads(error.read().decode("utf-8"))
            if isinstance(body, dict) and isinstance(body.get("message"), str):
                detail = f" ({one_line(self._scrub(body['message']), limit=120)})"
        except (OSError, UnicodeDecodeError, ValueError):
            pass
        if _PLAN.search(detail):
            hint = PLAN_HINT
        return f"{hint}{detail} at {self._show(address)}"

    def _show(self, address: str) -> str:
        """The address without its query, scrubbed: fit for a log."""
        parts = urllib.parse.urlsplit(address)
        return self._scrub(f"{parts.scheme}://{parts.netloc}{parts.path}")

    def _scrub(self, text: str) -> str:
        return text.replace(self.token, "***") if self.token else text


def client_from(environ: Mapping[str, str]) -> Client:
    repository = environ.get("GITHUB_REPOSITORY", "")
    if not repository:
        raise ApiError("GITHUB_REPOSITORY is not set (owner/name)")
    return Client(
        repository=repository,
        token=environ.get("GITHUB_TOKEN") or None,
        url=environ.get("GITHUB_API_URL") or DEFAULT_URL,
        backoff=BACKOFF,
    )


def _origin(address: str) -> tuple[str, str, int | None]:
    """Scheme, host and port, the port spelled out: `https://h` and `https://h:443` are one."""
    parts = urllib.parse.urlsplit(address)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:  # a port that is no number: an origin of its own, never the API's
        return parts.scheme.lower(), parts.netloc.lower(), None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def _retry_after(error: urllib.error.HTTPError) -> float | None:
    """Seconds to wait before retrying, or None when retrying cannot help."""
    if error.code >= 500:
        return 0.0
    if error.code not in (403, 429):
        return None
    header = error.headers.get("Retry-After") if error.headers else None
    if header and header.strip().isdigit():
        return float(header.strip())
    remaining = error.headers.get("X-RateLimit-Remaining") if error.headers else None
    if remaining == "0":
        reset = error.headers.get("X-RateLimit-Reset", "")
        return max(float(reset) - time.time(), 0.0) if reset.isdigit() else 60.0
    return 60.0 if error.code == 429 else None
