"""The calendar workflow: valid for GitHub, hardened (zizmor), deploying with Pages' own actions."""

from __future__ import annotations

import re

import yaml

from tests.conftest import REPO_ROOT
from tests.test_quality import check, tool

WORKFLOW = ".github/workflows/calendar.yml"


def test_zizmor_finds_nothing() -> None:
    check(tool("zizmor"), "--offline", "--persona", "pedantic", WORKFLOW)


def test_matches_the_workflow_schema() -> None:
    check(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", WORKFLOW)


def test_pinned_least_privilege_and_full_history() -> None:
    text = (REPO_ROOT / WORKFLOW).read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read",
                                            "pull-requests": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    uses = re.findall(r"uses: ([\w/-]+)@(\S+)", text)
    assert {name for name, _ in uses} >= {"actions/configure-pages", "actions/deploy-pages",
                                          "actions/upload-pages-artifact"}
    assert all(re.fullmatch(r"[0-9a-f]{40}", sha) for _, sha in uses)
    checkout = jobs["build"]["steps"][0]["with"]
    assert checkout["fetch-depth"] == 0 and checkout["persist-credentials"] is False
    assert "cmcheck calendar --out site --pending" in text  # requests shown as Requested
