"""The audit's report to the coordinator: one issue, opened once and then updated, through
cmcheck's own API client against the loopback GitHub (no `gh` program)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cmcheck.github.api import ApiError, client_from
from cmcheck.github.audit import issue as issues
from tests import fake_github as gh
from tests.act_world import GitHub, issue_object


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[GitHub]:
    made = GitHub()
    for _ in gh.serve_to_cmcheck(made.state, monkeypatch):
        yield made


def test_opens_the_issue_with_its_label_then_updates_it(github: GitHub) -> None:
    import os

    client = client_from(os.environ)
    assert issues.report(client, "first body") == issues.Reported(100, opened=True)
    assert issues.report(client, "second body") == issues.Reported(100, opened=False)
    (issue,) = github.issues
    assert issue["title"] == issues.TITLE and issue["body"] == "second body"
    assert [label["name"] for label in issue["labels"]] == [issues.LABEL]
    assert [label["color"] for label in github.labels] == [issues.LABEL_COLOR]
    writes = [path for path, _ in github.state.requests if " " in path]
    assert [w.split(" ")[0] + " " + w.rsplit("/", 1)[-1] for w in writes] == [
        "POST labels", "POST issues", "PATCH 100"]


def test_an_existing_label_and_a_pull_request_with_the_label_change_nothing(
        github: GitHub) -> None:
    import os

    github.labels.append({"id": 1, "node_id": "x", "url": "https://api.github.com/x",
                          "name": issues.LABEL, "color": "ededed", "description": None,
                          "default": False})
    # GitHub's issue list holds pull requests too; one carrying the label is not the report.
    github.issues.append({**issue_object(7, {"title": "a PR"}, github.labels),
                          "pull_request": {"url": "https://api.github.com/x", "html_url": None,
                                           "diff_url": None, "patch_url": None}})
    reported = issues.report(client_from(os.environ), "body")
    assert reported.opened and reported.number != github.issues[0]["number"]
    assert len(github.labels) == 1


def test_a_refusal_is_an_api_error_naming_the_permission(github: GitHub) -> None:
    import os

    github.state.write = lambda method, path, body: (403, {
        "message": "Resource not accessible by integration",
        "documentation_url": "https://docs.github.com/rest"})
    with pytest.raises(ApiError, match="issues: write"):
        issues.report(client_from(os.environ), "body")
