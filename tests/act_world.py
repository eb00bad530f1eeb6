"""The world the act scenario runs in: a bare "GitHub" repository, a clone to work in, the
loopback GitHub API, a real SMTP server and act itself, all on this machine.

Shared by tests/test_act_scenario.py and bench/act.py. The repository holds this project's own
files as they are in the work tree (so the workflows install the code under test), with the
fixed test policy.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from tests import fake_github
from tests.act import Act
from tests.fake_gate import Gate
from tests.smtpserver import Inbox, free_port

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
WHEELHOUSE = ROOT / ".cache" / "wheelhouse"
OWNER, NAME = fake_github.REPOSITORY.split("/")
URL = f"https://github.com/{fake_github.REPOSITORY}"
COPIED = ("cmcheck/", "templates/", "schema/", "requirements/", ".github/workflows/",
          ".github/rulesets/", ".github/CODEOWNERS", "pyproject.toml", "README.md", ".gitignore")


LEDGER_KEY = "act-scenario-ledger-key-0123456789abcdef"  # a fake, for the fake district


def examples() -> dict[str, Any]:
    """GitHub's own example payloads (scripts/npm-fixtures)."""
    data: dict[str, Any] = json.loads((FIXTURES / "webhook-examples.json").read_text("utf-8"))
    return data["examples"]


def require_wheelhouse() -> None:
    """The jobs install from a local wheelhouse (no network); scripts/test fills it."""
    lock = (ROOT / "requirements" / "cmcheck.txt").read_text(encoding="utf-8")
    pins = [line.split(" ")[0] for line in lock.splitlines() if "==" in line]
    have = {p.name.lower().replace("_", "-") for p in WHEELHOUSE.glob("*.whl")}
    missing = [pin for pin in pins
               if not any(name.startswith(pin.lower().replace("==", "-").replace("_", "-") + "-")
                          for name in have)]
    assert not missing, (f"{WHEELHOUSE} lacks {missing}: ./scripts/test downloads the locked "
                         "wheels there (pip download --require-hashes -r requirements/cmcheck.txt)")


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env=env, timeout=120)
    return done.stdout.strip()


@dataclass
class GitHub:
    """The loopback GitHub's state: pull requests, reviews, issues, labels."""

    state: fake_github.State = field(default_factory=fake_github.State)
    issues: list[dict[str, Any]] = field(default_factory=list)
    labels: list[dict[str, Any]] = field(default_factory=list)
    # The repository's settings, as declared until a test weakens them (the audit reads them).
    gate: Gate = field(default_factory=lambda: Gate().holding())

    def __post_init__(self) -> None:
        self.state.route = self.gate.route
        self.state.fallback = self._fallback
        self.state.write = self._write
        self.state.objects[self.state.repo("issues")] = self.issues
        # No open pull request until the scenario lists one (list_open_pull, issue 27).
        self.state.objects[self.state.repo("pulls")] = []

    def _fallback(self, path: str) -> Any:
        # Like GitHub: the pull requests of a commit that no pull request merged are [].
        prefix = self.state.repo("commits/")
        if path.startswith(prefix) and path.endswith("/pulls"):
            return []
        # No review was dismissed and nothing else the approval looks for happened.
        if path.startswith(self.state.repo("issues/")) and path.endswith("/timeline"):
            return []
        return None

    def _write(self, method: str, path: str, body: Any) -> tuple[int, Any] | None:
        if (method, path) == ("POST", self.state.repo("labels")):
            if any(label["name"] == body["name"] for label in self.labels):
                return 422, {"message": "Validation Failed",
                             "errors": [{"resource": "Label", "code": "already_exists",
                                         "field": "name"}],
                             "documentation_url": "https://docs.github.com/rest"}
            label = {"id": 208045946 + len(self.labels), "node_id": "MDU6TGFiZWwyMDgwNDU5NDY=",
                     "url": f"https://api.github.com/{path}/{body['name']}",
                     "name": body["name"], "color": body.get("color", "ededed"),
                     "description": body.get("description"), "default": False}
            self.labels.append(label)
            return 201, label
        if (method, path) == ("POST", self.state.repo("issues")):
            number = 100 + len(self.issues)
            issue = issue_object(number, body, [lb for lb in self.labels
                                          if lb["name"] in body.get("labels", [])])
            self.issues.append(issue)
            return 201, issue
        prefix = self.state.repo("issues/")
        if method == "PATCH" and path.startswith(prefix):
            for issue in self.issues:
                if str(issue["number"]) == path[len(prefix):]:
                    issue.update({k: v for k, v in body.items() if k in ("title", "body")})
                    issue["updated_at"] = "2026-12-12T15:30:00Z"
                    return 200, issue
        return None


def issue_object(number: int, body: dict[str, Any],
                 labels: list[dict[str, Any]]) -> dict[str, Any]:
    api = f"https://api.github.com/repos/{fake_github.REPOSITORY}/issues/{number}"
    return {
        "id": 1_000_000 + number, "node_id": "MDU6SXNzdWUx", "url": api,
        "repository_url": f"https://api.github.com/repos/{fake_github.REPOSITORY}",
        "labels_url": f"{api}/labels{{/name}}", "comments_url": f"{api}/comments",
        "events_url": f"{api}/events", "html_url": f"{URL}/issues/{number}",
        "number": number, "state": "open", "title": body["title"], "body": body.get("body"),
        "user": fake_github.user("github-actions[bot]"), "labels": labels, "assignee": None,
        "assignees": [], "milestone": None, "locked": False, "comments": 0,
        "created_at": "2026-12-12T15:10:00Z", "updated_at": "2026-12-12T15:10:00Z",
        "closed_at": None, "author_association": "NONE", "state_reason": None,
    }


@dataclass
class World:
    root: Path
    bare: Path
    work: Path
    github: GitHub
    api_url: str
    inbox: Inbox
    act: Act
    uploads: Path

    def commit(self, message: str, date: str, files: dict[str, str] | None = None) -> str:
        for path, text in (files or {}).items():
            target = self.work / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        git(self.work, "add", "--all")
        git(self.work, "commit", "-q", "--allow-empty", "-m", message,
            env=dated(date))
        return git(self.work, "rev-parse", "HEAD")

    def push(self, *refspecs: str) -> None:
        git(self.work, "push", "-q", "--force", "origin", *refspecs)

    def merge_ref(self, number: int, base: str, head: str, date: str) -> str:
        """refs/pull/N/merge, as GitHub makes it (base is an ancestor of head here)."""
        tree = git(self.work, "rev-parse", f"{head}^{{tree}}")
        merge = git(self.work, "commit-tree", tree, "-p", base, "-p", head,
                    "-m", f"Merge {head} into {base}", env=dated(date))
        self.push(f"{merge}:refs/pull/{number}/merge", f"{head}:refs/pull/{number}/head")
        return merge

    def at(self, ref: str) -> None:
        """Put the clone act runs in at `ref` (act takes GITHUB_SHA and the workflows there)."""
        git(self.work, "checkout", "-q", "--detach", ref)

    def start_ledger(self) -> None:
        """The coordinator's one-time start of the notice ledger, from their own clone, with the
        environment's key (docs/notifications.md, 'Starting the ledger'): notify refuses to
        send until it exists, so that a deleted ledger never reads as "all announced"."""
        env = {**os.environ, "CMCHECK_LEDGER_KEY": LEDGER_KEY,
               "GITHUB_REPOSITORY": fake_github.REPOSITORY}
        subprocess.run([sys.executable, "-m", "cmcheck", "-C", str(self.work), "notify",
                        "--init", "--after", "HEAD"], check=True, env=env, timeout=120,
                       capture_output=True)
        self.push("refs/cmcheck/ledger:refs/cmcheck/ledger")


def dated(date: str) -> dict[str, str]:
    return {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}


def project_files() -> dict[str, bytes]:
    listed = git(ROOT, "ls-files", "-co", "--exclude-standard").splitlines()
    files = {path: (ROOT / path).read_bytes() for path in listed
             if path.startswith(COPIED) and (ROOT / path).is_file()}
    files["policy.yaml"] = (FIXTURES / "policy.yaml").read_bytes()
    return files


@contextmanager
def world(root: Path, *, first_commit_date: str, compile_bytecode: bool = False) -> Iterator[World]:
    """Everything running; yields with main holding the project and the fixed policy."""
    require_wheelhouse()
    assert os.environ.get("GIT_CONFIG_GLOBAL"), "isolate git's global configuration first"
    root.mkdir(parents=True, exist_ok=True)
    bare, work, uploads = root / "github" / f"{NAME}.git", root / "work", root / "uploads"
    git(root, "init", "-q", "--bare", "-b", "main", str(bare))
    # Every address of the repository goes to the bare one, for checkouts and the ledger.
    for address in (URL, URL + ".git"):
        git(root, "config", "--global", "--add", f"url.{bare}.insteadOf", address)
    git(root, "init", "-q", "-b", "main", str(work))
    git(work, "remote", "add", "origin", URL + ".git")
    for path, data in project_files().items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_bytes(data)
    python_home = root / "python"  # what the setup-python stand-in copies for each job
    subprocess.run([sys.executable, "-m", "venv", str(python_home)], check=True, timeout=300)
    github = GitHub()
    inbox = Inbox()
    inbox.port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        for api_url in fake_github.serve(github.state):
            tools = Path(sys.executable).parent
            act = Act(directory=work, work=root / "act", env={
                "GITHUB_API_URL": api_url, "CMCHECK_ACT_UPLOADS": str(uploads),
                "CMCHECK_ACT_WHEELHOUSE": str(WHEELHOUSE),
                "CMCHECK_ACT_PIP_CACHE": str(root / "pip-cache"),
                "CMCHECK_ACT_PYTHON_HOME": str(python_home), "CMCHECK_ACT_TOOLS": str(tools),
                "CMCHECK_ACT_NO_COMPILE": "" if compile_bytecode else "1",
                "CMCHECK_ACT_SARIF_SCHEMA": str(FIXTURES / "sarif-2.1.0.schema.json"),
            }, secrets={
                "GITHUB_TOKEN": fake_github.TOKEN, "CMCHECK_SMTP_HOST": "127.0.0.1",
                "CMCHECK_SMTP_PORT": str(inbox.port),
                # Not a text the notices print: act, like GitHub, masks every secret in the log.
                "CMCHECK_SMTP_FROM": "Change notices <change-notices@qcsd.example.org>",
                # The notify job signs its ledger records (docs/notifications.md).
                "CMCHECK_LEDGER_KEY": LEDGER_KEY,
            })
            made = World(root, bare, work, github, api_url, inbox, act, uploads)
            made.commit("The district's change management, with its policy", first_commit_date)
            made.push("HEAD:refs/heads/main")
            made.start_ledger()
            yield made
    finally:
        controller.stop()


def payload(kind: str, **fields: Any) -> dict[str, Any]:
    """GitHub's example payload of `kind`, made about this repository."""
    event = copy.deepcopy(examples()[kind])
    repository = event["repository"]
    repository.update(name=NAME, full_name=fake_github.REPOSITORY, html_url=URL,
                      clone_url=URL + ".git", default_branch="main")
    repository["owner"]["login"] = OWNER
    event.update(fields)
    return event


def pull_payload(kind: str, *, number: int, author: str, head: str, base: str,
                 created_at: str, **extra: Any) -> dict[str, Any]:
    event = payload(kind, number=number, **extra)
    pull = event["pull_request"]
    pull.update(number=number, state="open", created_at=created_at, updated_at=created_at,
                merged_at=None, closed_at=None, merge_commit_sha=None,
                html_url=f"{URL}/pull/{number}",
                url=f"https://api.github.com/repos/{fake_github.REPOSITORY}/pulls/{number}")
    pull["user"]["login"] = author
    pull["head"].update(sha=head, ref=f"{author}/change", label=f"{OWNER}:{author}/change")
    pull["base"].update(sha=base, ref="main", label=f"{OWNER}:main")
    for side in ("head", "base"):
        if isinstance(pull[side].get("repo"), dict):
            pull[side]["repo"].update(name=NAME, full_name=fake_github.REPOSITORY)
    event["sender"]["login"] = author
    return event


def push_payload(*, before: str, after: str, pusher: str) -> dict[str, Any]:
    event = payload("push", ref="refs/heads/main", before=before, after=after, created=False,
                    deleted=False, forced=False, base_ref=None,
                    compare=f"{URL}/compare/{before[:12]}...{after[:12]}", commits=[])
    event["head_commit"] = {**event["head_commit"], "id": after, "tree_id": after}
    event["pusher"] = {"name": pusher, "email": f"{pusher}@qcsd.example.org"}
    return event


def schedule_payload(cron: str, workflow: str) -> dict[str, Any]:
    """GitHub's schedule event carries the cron line and the workflow's path."""
    return {"schedule": cron, "workflow": f".github/workflows/{workflow}",
            "repository": payload("push")["repository"]}


def list_open_pull(github: GitHub, number: int, *, author: str, head: str, base: str,
                   created_at: str, files: dict[str, str]) -> None:
    """Issue 27: pull request `number` open in `GET /pulls`, with its change files and their
    blobs, as `cmcheck queue`, `validate` and `calendar --pending` read them."""
    from tests import queue_fake

    state = github.state
    listed = [p for p in state.objects[state.repo("pulls")] if p["number"] != number]
    listed.append(fake_github.pull_simple(number, author=author, head=head, base=base,
                                          created_at=created_at))
    state.objects[state.repo("pulls")] = listed
    state.objects[state.repo(f"pulls/{number}/files")] = [
        queue_fake.diff_entry(path, text.encode()) for path, text in files.items()]
    for text in files.values():
        state.objects[state.repo(f"git/blobs/{queue_fake.blob_sha(text.encode())}")] = \
            queue_fake.blob(text.encode())


def close_pull(github: GitHub, number: int) -> None:
    """Issue 27: pull request `number` is no longer open (merged or closed)."""
    state = github.state
    state.objects[state.repo("pulls")] = [p for p in state.objects[state.repo("pulls")]
                                          if p["number"] != number]
