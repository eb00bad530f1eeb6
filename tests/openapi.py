"""Does an answer look like GitHub's? Checked against GitHub's own OpenAPI description.

`tests/fixtures/github-openapi.json` holds the response schemas of the operations cmcheck calls,
cut from the npm package @octokit/openapi by `scripts/github-openapi`. The loopback GitHub
(tests/fake_github.py) runs every answer it sends through `problems`, so that a test can never
pass on an answer GitHub would not give.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

FIXTURE = Path(__file__).parent / "fixtures" / "github-openapi.json"

_FORMATS = jsonschema.FormatChecker(formats=())


@_FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    # GitHub writes RFC 3339 timestamps in UTC ("2026-11-20T15:00:00Z").
    return not isinstance(value, str) or (
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value) is not None
        and datetime.fromisoformat(value) is not None)


@cache
def fixture() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return loaded


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    found = []
    for operation in fixture()["operations"]:
        method, template = operation.split(" ", 1)
        regex = re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(template))
        found.append((re.compile(f"{re.escape(method)} {regex}"), operation))
    return found


def operation_of(method: str, path: str) -> str | None:
    """`GET /repos/{owner}/{repo}/pulls/{pull_number}` for `GET /repos/a/b/pulls/1`."""
    for pattern, operation in _patterns():
        if pattern.fullmatch(f"{method} {path}"):
            return operation
    return None


@cache
def _validator(operation: str, status: str) -> jsonschema.Draft4Validator | None:
    spec = fixture()
    schema = spec["operations"][operation].get(status)
    if schema is None and int(status) >= 400:
        schema = spec["error"]  # every GitHub error is {message, documentation_url}
    if schema is None:
        return None
    # The fixture's own components answer the schema's "#/components/schemas/..." references.
    return jsonschema.Draft4Validator({**schema, "components": spec["components"]},
                                      format_checker=_FORMATS)


def problems(method: str, path: str, status: int, body: Any) -> list[str]:
    """Why this answer is not one GitHub could give; empty when it could."""
    operation = operation_of(method, path)
    if operation is None:
        return [f"{method} {path}: no such operation in {FIXTURE.name} "
                "(add it to scripts/github-openapi and regenerate)"]
    validator = _validator(operation, str(status))
    if validator is None:
        return [f"{operation}: GitHub documents no JSON answer with status {status}"]
    return [f"{operation} {status}: {'/'.join(map(str, error.absolute_path)) or '(body)'}: "
            f"{error.message[:300]}"
            for error in sorted(validator.iter_errors(body), key=lambda e: list(e.path))]


@cache
def _request_validator(operation: str) -> jsonschema.Draft4Validator | None:
    spec = fixture()
    schema = spec.get("requests", {}).get(operation)
    if schema is None:
        return None
    return jsonschema.Draft4Validator({**schema, "components": spec["components"]},
                                      format_checker=_FORMATS)


def request_problems(method: str, path: str, body: Any) -> list[str]:
    """Why GitHub would refuse this request body (422); empty when it would accept it."""
    operation = operation_of(method, path)
    if operation is None:
        return []  # problems() says so for the answer
    validator = _request_validator(operation)
    if validator is None:
        return [] if body is None else [f"{operation}: GitHub takes no body here"]
    return [f"{operation} request: {'/'.join(map(str, error.absolute_path)) or '(body)'}: "
            f"{error.message[:300]}"
            for error in sorted(validator.iter_errors(body), key=lambda e: list(e.path))]
