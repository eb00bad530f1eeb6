"""Acceptance of issue 26: each example change request under changes/, filed through the form
(its answers rendered as the issue GitHub writes) and run through `cmcheck intake`, gives a file
with the same answers that `cmcheck validate` accepts."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cmcheck.core import catalog
from cmcheck.core.model import issueform
from cmcheck.core.model.loader import parse as load_yaml
from tests.conftest import REPO_ROOT, Repo, run
from tests.issue_bodies import body_of, event, write_event

EXAMPLES = sorted((REPO_ROOT / "changes").rglob("*.yaml"))


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """What a request says when it is filed: no review yet, and an empty list is no answer."""
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if v != []}
        return value
    kept = {k: v for k, v in data.items() if k != "review"}
    cleaned: dict[str, Any] = clean(kept)
    return cleaned


def _filed_at(change: dict[str, Any]) -> str:
    """A moment the example could honestly have been filed: two weeks and a day before a
    scheduled start, an hour after an unscheduled one began."""
    start = datetime.fromisoformat(change["schedule"]["start"])
    moment = start + timedelta(hours=1) if change["kind"] == "unscheduled" \
        else start - timedelta(days=15)
    return moment.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_goes_through_the_form_and_back(tmp_path: Path, path: Path) -> None:
    district = Repo(tmp_path / "district")
    for name in ("policy.yaml", "inventory.yaml"):
        shutil.copy(REPO_ROOT / name, district.root / name)
    district.commit("A new district", "2026-10-01T12:00:00-05:00")
    original: dict[str, Any] = load_yaml(path.read_bytes()).data
    policy = catalog.policy_in(district.root)
    form = issueform.fields(policy, catalog.inventory_in(district.root, policy))
    login = original["requester"].get("github", "janetech")
    made = event(body_of(original, form), title=original["title"], login=login, number=12)
    now = _filed_at(original)
    result = run(district.root, "intake", "--event", str(write_event(tmp_path, made)),
                 "--now", now, "--format", "json")
    report = json.loads(result.output)
    assert report["problems"] == []
    written: dict[str, Any] = load_yaml((district.root / report["path"]).read_bytes()).data
    assert _comparable(written) == _comparable(original)
    checked = run(district.root, "validate", report["path"], "--now", now)
    assert checked.exit_code == 0, checked.output
    assert result.exit_code == 0, result.output
