"""The OpenAPI fixture is fresh, covers every endpoint cmcheck calls, and the fake is held to it."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import urllib.request
from pathlib import Path
from types import ModuleType

import pytest

from tests import fake_github as gh
from tests import openapi

ROOT = Path(__file__).resolve().parent.parent


def script() -> ModuleType:
    path = ROOT / "scripts" / "github-openapi"
    loader = importlib.machinery.SourceFileLoader("github_openapi", str(path))
    spec = importlib.util.spec_from_loader("github_openapi", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_fixture_is_fresh_for_the_scripts_operation_list() -> None:
    generator = script()
    fixture = openapi.fixture()
    assert list(fixture["operations"]) == generator.OPERATIONS, \
        "run scripts/github-openapi (needs npm) after changing its OPERATIONS"
    assert fixture["source"]["version"] == generator.VERSION
    for operation, statuses in fixture["operations"].items():
        assert {"200", "201", "204"} & statuses.keys(), operation
    # Every schema a response reaches is in the fixture (nothing left dangling).
    names = set(fixture["components"]["schemas"])
    assert generator.refs(fixture) <= names


def test_every_endpoint_cmcheck_calls_is_in_the_fixture() -> None:
    calls = []
    for source in (ROOT / "cmcheck" / "github").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for method, tail in re.findall(r'(?:send\("([A-Z]+)",\s*)?\w+\.repo_path\(f?"([^"]+)"',
                                       text):
            calls.append((method or "GET", re.sub(r"\{[^}]+\}", "1", tail.split("?")[0])))
    assert len(calls) >= 6 and ("PATCH", "issues/1") in calls
    for method, tail in calls:
        assert openapi.operation_of(method, f"/repos/{gh.REPOSITORY}/{tail}"), (method, tail)


def test_a_trimmed_answer_is_refused() -> None:
    path = f"/repos/{gh.REPOSITORY}/pulls/1"
    body = gh.pull(1, author="janetech", head="a" * 40, base="b" * 40)
    assert openapi.problems("GET", path, 200, body) == []
    del body["head"]["repo"]
    body["user"] = None
    found = openapi.problems("GET", path, 200, body)
    assert any("head: 'repo' is a required property" in p for p in found), found
    assert any("user: None is not of type 'object'" in p for p in found), found
    assert openapi.problems("GET", f"/repos/{gh.REPOSITORY}/branches", 200, []) != []
    assert openapi.problems("GET", path, 200, {**gh.pull(1, author="x", head="a", base="b"),
                                               "created_at": "20 Nov 2026"}) != []


def test_the_fake_fails_a_test_whose_answer_github_could_not_give() -> None:
    state = gh.State()
    state.objects[state.repo("pulls/1")] = {"number": 1}
    with pytest.raises(AssertionError, match="'url' is a required property"):
        for url in gh.serve(state):
            request = urllib.request.Request(f"{url}{state.repo('pulls/1')}",
                                             headers={"Authorization": f"Bearer {gh.TOKEN}"})
            with urllib.request.urlopen(request, timeout=10) as answer:
                assert answer.status == 200


def test_errors_have_githubs_error_shape() -> None:
    path = f"/repos/{gh.REPOSITORY}/activity"
    assert openapi.problems("GET", path, 403, {"message": "Resource not accessible by "
                                               "integration", "documentation_url": "x"}) == []
    assert openapi.problems("GET", path, 403, {"message": 403}) != []
    assert openapi.problems("GET", path, 201, {}) != []
