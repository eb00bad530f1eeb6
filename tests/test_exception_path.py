"""docs/technician.md's exception path, on a real repository with the district's own policy:
the findings name the ways forward, the `exceptions:` the guide shows turn them into notices."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, REPO_ROOT, Repo, run

PATH = "changes/2026/2026-12-08-core-switch-ios.yaml"
GUIDE = (REPO_ROOT / "docs" / "technician.md").read_text(encoding="utf-8")


def tuesday_morning() -> str:
    text = (FIXTURES / "change.yaml").read_text(encoding="utf-8")
    return text.replace("start: 2026-12-19 20:00", "start: 2026-12-08 10:00").replace(
        "end: 2026-12-19 22:00", "end: 2026-12-08 12:00")


def guide_exceptions() -> str:
    found = re.search(r"```yaml\n(\s*exceptions:\n.*?)```", GUIDE, re.S)
    assert found, "the guide shows an exceptions block"
    lines = found.group(1).splitlines(keepends=True)
    indent = len(lines[0]) - len(lines[0].lstrip())
    return "".join(line[indent:] for line in lines)


def test_the_guides_exception_path(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "district")
    shutil.copy(REPO_ROOT / "policy.yaml", repo.root / "policy.yaml")
    repo.commit("The district's policy", "2026-11-01T12:00:00-05:00")
    repo.write(PATH, tuesday_morning())
    refused = run(repo.root, "validate", "--now", "2026-12-01T09:00", PATH)
    assert refused.exit_code == 1
    assert "2 errors, 0 warnings, 0 notices in 1 file" in refused.output
    for rule in ("maintenance-window", "notice-period"):
        assert f"or ask the coordinator for an exception: add `exceptions: [{{rule: {rule}, " \
               "reason: <why it cannot move>}]`, which approving the pull request grants" \
               in refused.output
    assert "earliest compliant start: Tue 2026-12-15 19:00 (the first usual start of work " \
           "after 14 days of notice; 19:00 on a weeknight, when the closed hours end)" \
           in refused.output
    assert "7 days 1 hour before the start" in GUIDE.replace("\n", " ")
    repo.write(PATH, tuesday_morning() + guide_exceptions())
    asked = run(repo.root, "validate", "--now", "2026-12-01T09:00", PATH)
    assert asked.exit_code == 0, asked.output
    assert "0 errors, 0 warnings, 2 notices in 1 file" in asked.output
    assert "without the exception, the earliest compliant start: Tue 2026-12-15 09:00" \
        in asked.output
