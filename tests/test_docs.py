"""The rule reference is generated from the rules' docstrings and must not drift; the README
stays an entry that points into docs/, not a second manual."""

from __future__ import annotations

import re

from cmcheck.core.judge import ruledocs
from tests.conftest import REPO_ROOT

README_MAX_LINES = 250
DOCS = ("rules", "technician", "coordinator", "calendar", "notifications", "inventory",
        "architecture", "testing")


def test_the_rule_reference_is_current() -> None:
    page = (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    begin = page.index("-->\n", page.index("<!-- rules:begin")) + len("-->\n")
    end = page.index("<!-- rules:end -->")
    assert page[begin:end] == ruledocs.markdown(), "run: scripts/rules-reference"


def test_the_readme_is_an_entry_that_links_every_guide() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= README_MAX_LINES
    assert "<!-- rules:begin" not in readme, "the rule reference lives in docs/rules.md"
    linked = set(re.findall(r"\]\(docs/([a-z-]+)\.md", readme))
    assert set(DOCS) <= linked, sorted(set(DOCS) - linked)
    for name in linked:
        assert (REPO_ROOT / "docs" / f"{name}.md").is_file(), name
