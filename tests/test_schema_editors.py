"""Editors flag what cmcheck flags: the committed JSON Schema, run by check-jsonschema (the
tool a YAML language server's user would reach for) over the corpus of failing cases.

Every case that cmcheck refuses as `yaml` or `schema` must fail the JSON Schema (or the YAML
parser in front of it) too, except the deliberate differences below; every case that fails
only a policy rule must pass it, so the schema never refuses what the format allows.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import REPO_ROOT
from tests.test_cases import CASES, case_files, expectations
from tests.test_workflows import tool

SCHEMA = REPO_ROOT / "schema" / "change-request.schema.json"
# Only cmcheck can catch these; each reason says why JSON Schema cannot.
DELIBERATE = {
    "byte-order-mark.yaml": "a BOM is bytes before the YAML; the parser drops it silently",
    "fall-back-fold.yaml": "a local time that happens twice needs the district's time zone",
    "spring-forward-gap.yaml": "a local time that never happens needs the district's time zone",
    "impossible-date.yaml": "a pattern cannot know that February has no 30th",
    "year-9999.yaml": "converting to UTC overflows: a calendar computation, not a pattern",
    "flow-list-steps.yaml": "[a, b] and '- a' are the same data once parsed",
}
# Not given to check-jsonschema at all: its YAML reader expands the aliases, which is the very
# hazard (it ran out of memory here), and the `yaml` rule refuses the file before parsing it.
NOT_RUN = {"billion-laughs.yaml"}


@pytest.fixture(scope="module")
def refused() -> set[str]:
    names = [n for n in case_files() if n not in NOT_RUN]
    done = subprocess.run(
        [tool("check-jsonschema"), "--output-format", "json", "--schemafile", str(SCHEMA),
         *(str(CASES / n) for n in names)],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    failed = [*report.get("errors", []), *report.get("parse_errors", [])]
    return {str(error["filename"]).rsplit("/", 1)[-1] for error in failed}


def test_the_schema_refuses_what_the_format_refuses(refused: set[str]) -> None:
    structural = {name for name, found in expectations().items()
                  if {rule for rule, _ in found} & {"yaml", "schema"}}
    assert refused == structural - set(DELIBERATE) - NOT_RUN


def test_the_deliberate_differences_are_real_cases() -> None:
    # A difference fixed later, or a case renamed, must leave this list.
    cases = set(case_files())
    assert set(DELIBERATE) | NOT_RUN <= cases
    for name in DELIBERATE:
        assert {rule for rule, _ in expectations()[name]} & {"yaml", "schema"}, name


@pytest.mark.parametrize(("title", "valid"), [
    ("Replace the server room UPS", True),
    ("Upgrade\n::error::forged", False),
    ("=?utf-8?q?Urgent?=", False),
    ("Bell\x07", False),
    ("Reorder \u202eevil", False),
    ("   ", False),
    ("Straße, café ✓", True),
])
def test_the_title_pattern_is_the_model_s_rule(title: str, valid: bool) -> None:
    import re

    from pydantic import TypeAdapter, ValidationError

    from cmcheck.core.model.text import Line

    pattern = json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"]["title"]["pattern"]
    assert bool(re.search(pattern, title)) == valid
    try:
        TypeAdapter(Line).validate_python(title)
    except ValidationError:
        assert not valid
    else:
        assert valid
