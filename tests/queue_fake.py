"""Open pull requests with change files on the loopback GitHub (tests/fake_github.py), for the
coordinator's queue (issue 27): the list of open pull requests, each one's files, the blobs at
its head, and what `cmcheck approval` reads of it."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from tests import fake_github as gh

API = gh.API


def blob_sha(raw: bytes) -> str:
    """git's own id of a blob, as GitHub's file list gives it."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


def diff_entry(path: str, raw: bytes, *, status: str = "added") -> dict[str, Any]:
    """An item of "List pull requests files"."""
    sha = blob_sha(raw)
    at = f"{API}/repos/{gh.REPOSITORY}"
    return {"sha": sha, "filename": path, "status": status, "additions": raw.count(b"\n"),
            "deletions": 0, "changes": raw.count(b"\n"),
            "blob_url": f"{gh.WEB}/{gh.REPOSITORY}/blob/{sha}/{path}",
            "raw_url": f"{gh.WEB}/{gh.REPOSITORY}/raw/{sha}/{path}",
            "contents_url": f"{at}/contents/{path}?ref={sha}", "patch": "@@ -0,0 +1 @@"}


def blob(raw: bytes) -> dict[str, Any]:
    """"Get a blob": the bytes in base64, as GitHub sends them (wrapped every 60 characters)."""
    sha = blob_sha(raw)
    text = base64.b64encode(raw).decode()
    return {"sha": sha, "node_id": "MDQ6QmxvYjE=", "size": len(raw),
            "url": f"{API}/repos/{gh.REPOSITORY}/git/blobs/{sha}", "encoding": "base64",
            "content": "\n".join(text[i:i + 60] for i in range(0, len(text), 60))}


def open_pull(state: gh.State, number: int, *, author: str, files: dict[str, bytes],
              base: str = "b" * 40, head: str | None = None,
              created_at: str = "2026-11-20T15:00:00Z", base_ref: str = "main",
              reviews: list[dict[str, Any]] | None = None) -> str:
    """Open pull request `number` adding files; returns its head sha. Approval reads the
    pull request, its commits, reviews and timeline: all are filled in."""
    head = head or hashlib.sha1(f"head {number}".encode()).hexdigest()
    listed = state.objects.setdefault(state.repo("pulls"), [])
    listed.append(gh.pull_simple(number, author=author, head=head, base=base,
                                 created_at=created_at, base_ref=base_ref))
    state.objects[state.repo(f"pulls/{number}")] = gh.pull(
        number, author=author, head=head, base=base, created_at=created_at, base_ref=base_ref)
    state.objects[state.repo(f"pulls/{number}/commits")] = [gh.commit(head, author=author)]
    state.objects[state.repo(f"pulls/{number}/reviews")] = reviews or []
    state.objects[state.repo(f"issues/{number}/timeline")] = []
    state.objects[state.repo(f"pulls/{number}/files")] = [
        diff_entry(path, raw) for path, raw in files.items()]
    for raw in files.values():
        state.objects[state.repo(f"git/blobs/{blob_sha(raw)}")] = blob(raw)
    return head
