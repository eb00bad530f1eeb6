"""For code scanning: SARIF 2.1.0, with each rule's documentation in ``rules[]``.

What code scanning needs to place and track an alert: each path a valid URI reference
(percent-encoded), and ``partialFingerprints`` so that GitHub can match an alert from one run to
the next without reading the files itself. Each rule has a ``name`` for people (its module's
``TITLE``) and a ``helpUri`` to its section of the rule reference (docs/rules.md) in the
repository that runs it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from cmcheck import __version__
from cmcheck.core.judge.findings import Finding, Result
from cmcheck.core.model.verdicts import Severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DEFAULT_HOME = "https://github.com/qcsd/changes"  # when not run by GitHub Actions
FINGERPRINT = "cmcheckFinding/v1"


def home(environ: Mapping[str, str] = os.environ) -> str:
    """The repository that runs cmcheck: its docs/rules.md holds the rule reference."""
    server = environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    repository = environ.get("GITHUB_REPOSITORY", "")
    if re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repository) and \
            urllib.parse.urlsplit(server).scheme in ("http", "https"):
        return f"{server}/{repository}"
    return DEFAULT_HOME


def anchor(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to -."""
    kept = re.sub(r"[^\w\- ]", "", heading.lower())
    return kept.replace(" ", "-")


def _rule(name: str, where: str) -> dict[str, Any]:
    from cmcheck.core.judge.rules import (  # the rules import pydantic: only when asked
        ALL,
        documentation,
    )

    rule = ALL[name]
    doc = documentation(rule)
    waiver = "may be waived by an exception" if rule.WAIVABLE else "cannot be waived"
    return {
        "id": name,
        # SARIF wants a name for people, distinct from the id even ignoring case (SARIF1001).
        "name": rule.TITLE,
        "shortDescription": {"text": doc.splitlines()[0]},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": doc},
        # The heading cmcheck.core.judge.ruledocs writes into docs/rules.md for this rule.
        "helpUri": f"{where}/blob/HEAD/docs/rules.md#"
                   f"{anchor(f'`{name}` ({rule.SEVERITY}, {waiver})')}",
        "defaultConfiguration": {"level": LEVELS[rule.SEVERITY]},
    }


def fingerprints(findings: list[Finding]) -> list[str]:
    """One stable hash per finding: its rule, file and line (and a counter for repeats)."""
    seen: dict[str, int] = {}
    found = []
    for f in findings:
        key = f"{f.rule}\0{f.path}\0{f.line}"
        seen[key] = seen.get(key, 0) + 1
        found.append(hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()[:32])
    return found


def render(result: Result, *, where: str | None = None) -> str:
    from cmcheck.core.judge.rules import ALL

    where = where or home()
    names = list(ALL)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cmcheck",
                "version": __version__,
                "informationUri": f"{where}#readme",
                "rules": [_rule(name, where) for name in names],
            }},
            "results": [{
                "ruleId": f.rule,
                "ruleIndex": names.index(f.rule),
                "level": LEVELS[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": urllib.parse.quote(f.path, safe="/"),
                                         "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": f.line, "startColumn": f.column},
                }}],
                "partialFingerprints": {FINGERPRINT: print_},
            } for f, print_ in zip(result.findings, fingerprints(result.findings),
                                   strict=True)],
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
