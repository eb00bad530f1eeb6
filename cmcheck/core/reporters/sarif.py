"""For code scanning: SARIF 2.1.0, with each rule's documentation in ``rules[]``."""

from __future__ import annotations

import json
from typing import Any

from cmcheck import __version__
from cmcheck.core.findings import Result, Severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule(name: str) -> dict[str, Any]:
    from cmcheck.core.rules import ALL, documentation  # the rules import pydantic: only when asked

    rule = ALL[name]
    doc = documentation(rule)
    return {
        "id": name,
        "name": name,
        "shortDescription": {"text": doc.splitlines()[0]},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVELS[rule.SEVERITY]},
    }


def render(result: Result) -> str:
    from cmcheck.core.rules import ALL

    names = list(ALL)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cmcheck",
                "version": __version__,
                "rules": [_rule(name) for name in names],
            }},
            "results": [{
                "ruleId": f.rule,
                "ruleIndex": names.index(f.rule),
                "level": LEVELS[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": f.line, "startColumn": f.column},
                }}],
            } for f in result.findings],
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
