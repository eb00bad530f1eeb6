"""For tools: the exact shape of DESIGN.md."""

from __future__ import annotations

import json

from cmcheck.core.judge.findings import Result


def render(result: Result) -> str:
    return json.dumps({
        "files": result.files,
        "findings": [{
            "path": f.path,
            "line": f.line,
            "column": f.column,
            "rule": f.rule,
            "severity": str(f.severity),
            "message": f.message,
        } for f in result.findings],
    }, indent=2, ensure_ascii=False) + "\n"
