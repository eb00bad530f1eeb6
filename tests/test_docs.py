"""The README's rule reference is generated from the rules' docstrings and must not drift."""

from __future__ import annotations

from cmcheck.core.judge import ruledocs
from tests.conftest import REPO_ROOT


def test_readme_rule_reference_is_current() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    begin = readme.index("-->\n", readme.index("<!-- rules:begin")) + len("-->\n")
    end = readme.index("<!-- rules:end -->")
    assert readme[begin:end] == ruledocs.markdown(), "run: scripts/readme-rules"
