"""Issue 10, item 9: no text of a change request becomes a workflow command in a log.

Each test runs cmcheck as the runner would see it (GITHUB_ACTIONS=true, stdout and stderr read
apart) on a real repository whose change request carries forged commands, and reads the output
the way the runner does (tests/runner_log.py): nothing may run but cmcheck's own fences. A
control run outside Actions shows that the same output, unfenced, would have run them.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner, Result

from cmcheck.cli.main import cli
from cmcheck.core.safe import workflow_log
from tests import fake_github as gh
from tests import ledgers, runner_log
from tests.conftest import REPO_ROOT, Repo
from tests.smtpserver import Inbox, inbox
from tests.test_audit import history, state

__all__ = ["history", "inbox", "state"]

FORGED = [
    "The high school loses network access for up to 45 minutes.",
    "::error file=changes/x.yaml,line=1::forged",
    "::add-mask::hide-this",
    "::set-output name=approved::true",
    "::stop-commands::attacker",
    "  ::warning::indented",
    "\u00a0::notice::after a no-break space",
    "##[error]old syntax",
    "text ##[add-mask]old syntax in the middle of a line",
    "::attacker::",
    "::" + "0" * 32 + "::",
]
PAYLOAD = "\n".join(FORGED)  # a change's text may hold LF, never CR (a schema finding)
SNEAKY = "changes/2026/x\n::error file=a::forged\r::warning::cr ##[add-mask]y.yaml"
PATH = "changes/2026/2026-12-19-core-switch.yaml"


def hostile(change_text: str) -> str:
    quoted = json.dumps(PAYLOAD)  # a YAML double-quoted string, escapes and all
    text = change_text.replace(
        "  summary: The high school loses all network access, wired and wireless, for up to 45 "
        "minutes.", f"  summary: {quoted}")
    assert quoted in text
    return text


def invoke(root: Repo, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root.root), *args], catch_exceptions=False)


@pytest.fixture
def actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")


@pytest.fixture
def district(repo: Repo) -> Repo:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    repo.commit("Add the templates", "2026-11-01T13:00:00-05:00")
    ledgers.start(repo)  # the coordinator's one-time start (notify --init)
    return repo


def test_a_preview_cannot_forge_a_workflow_command(district: Repo, change_text: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00",
                            {PATH: hostile(change_text)})
    plain = invoke(district, "notify", "--before", before, "--after", after, "--dry-run")
    assert plain.exit_code == 0, plain.output
    # The control: printed as it is, the preview would run every forged command.
    assert {c.name for c in runner_log.forged(plain.stdout, PAYLOAD)} >= {
        "error", "add-mask", "set-output", "stop-commands"}

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = invoke(district, "notify", "--before", before, "--after", after, "--dry-run")
    assert result.exit_code == 0, result.output
    assert runner_log.forged(result.stdout, PAYLOAD) == []
    assert runner_log.run(result.stderr) == ([], False)
    for line in FORGED:  # the preview still shows the notice exactly as it will be sent
        assert line in result.stdout
    assert result.stdout.startswith("::stop-commands::")  # one fence around all of it


def test_the_delivery_report_cannot_forge_one(district: Repo, change_text: str, inbox: Inbox,
                                              actions: None) -> None:
    """A change's id is its file's stem, and a file name may hold a line break."""
    before = district.git.head.commit.hexsha
    sneaky = SNEAKY
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {sneaky: change_text})
    result = invoke(district, "notify", "--before", before, "--after", after)
    assert result.exit_code == 0, result.output
    assert len(inbox.received) == 1
    assert "sent x" in result.stderr
    assert runner_log.run(result.stderr) == ([], False)
    assert runner_log.forged(result.stdout, sneaky) == []


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_validate_cannot_forge_one_in_any_format(repo: Repo, change_text: str, actions: None,
                                                 fmt: str) -> None:
    sneaky = SNEAKY
    repo.commit("Schedule", "2026-12-01T10:00:00-06:00",
                {PATH: hostile(change_text), sneaky: change_text})
    result = invoke(repo, "validate", "--format", fmt, "--now", "2026-11-02T10:00")
    assert result.exit_code == 1, result.output  # the file name is a finding
    assert runner_log.forged(result.stdout, sneaky + PAYLOAD) == []
    assert runner_log.run(result.stderr) == ([], False)
    if fmt == "json":  # JSON stays the same data for any parser
        paths = json.dumps(json.loads(result.stdout))
        assert json.dumps(sneaky)[1:-1] in paths
    if fmt == "sarif":  # the same path, as the URI reference SARIF asks for
        results = json.loads(result.stdout)["runs"][0]["results"]
        uris = {unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                for r in results}
        assert sneaky in uris


def test_the_github_format_escapes_and_is_not_fenced(repo: Repo, change_text: str,
                                                     actions: None) -> None:
    repo.commit("Schedule", "2026-12-01T10:00:00-06:00", {SNEAKY: change_text})
    result = invoke(repo, "validate", "--format", "github", "--now", "2026-11-02T10:00")
    ran, stopped = runner_log.run(result.stdout)
    assert not stopped and "stop-commands" not in {c.name for c in ran}
    assert {c.name for c in ran} == {"error"}  # cmcheck's own annotations, and only those
    assert not any(c.data.startswith(("forged", "cr")) for c in ran)


def test_inert_leaves_no_line_a_command_and_fence_keeps_the_text() -> None:
    for text in (PAYLOAD, SNEAKY):
        assert runner_log.run(workflow_log.inert(text)) == ([], False)
        fenced = workflow_log.fence(text)
        assert runner_log.forged(fenced, text) == []
        assert text in fenced
    assert workflow_log.fence("::abc::", token="abc") != "::stop-commands::abc\n::abc::\n::abc::\n"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_the_audit_cannot_forge_one(history: Repo, change_text: str, state: gh.State,
                                    actions: None, fmt: str) -> None:
    sha = history.commit("Straight on main", "2026-12-21T09:00:00-06:00",
                         {SNEAKY: change_text.replace("2026-12-19", "2027-01-09")})
    state.objects[state.repo(f"commits/{sha}/pulls")] = []
    result = invoke(history, "audit", "--now", "2027-01-05T09:00", "--format", fmt)
    assert result.exit_code == 1, result.output
    assert "without a pull request" in result.stdout or fmt == "json"
    assert "forged" in result.stdout  # reported, as text
    assert runner_log.forged(result.stdout, SNEAKY) == []
    assert runner_log.run(result.stderr) == ([], False)


def test_only_a_stream_the_runner_may_read_is_fenced(tmp_path: Path) -> None:
    actions = {"GITHUB_ACTIONS": "true"}
    with (tmp_path / "audit.md").open("w") as file:  # `cmcheck audit > audit.md` stays plain
        assert not workflow_log.is_log(file, actions)
    read, write = os.pipe()
    with os.fdopen(read) as reader, os.fdopen(write, "w") as writer:
        assert workflow_log.is_log(writer, actions)  # the runner's pipe, or `| tee`
        assert not workflow_log.is_log(writer, {})  # not under GitHub Actions
        assert reader.readable()
