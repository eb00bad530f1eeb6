"""The audit's findings as text, JSON or the Markdown body of the coordinator's issue.

Pure functions: the CLI decides where the text goes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime

from cmcheck.core.judge.findings import one_line
from cmcheck.core.safe.markdown import code, text
from cmcheck.github.audit.run import Violation
from cmcheck.github.gate.compare import Unverified

TITLES = {
    "unapproved": "Reached main without the coordinator's approval",
    "review-overdue": "Change Review overdue",
    "outside-window": "Work ran outside its approved window",
    "settings": "Repository settings weaker than declared (each opens a door)",
    "notices": "Notices not going out (the notify workflow stopped)",
}


def render_text(violations: list[Violation], *, now: datetime,
                unverified: Sequence[Unverified] = ()) -> str:
    lines = [f"{v.path or v.change}: {v.kind}: {one_line(v.message, limit=400)}"
             for v in violations]
    lines.append(f"{len(violations)} violation(s) as of {now.isoformat(timespec='minutes')}"
                 if violations else f"no violations as of {now.isoformat(timespec='minutes')}")
    lines += [f"not verified: {u.setting} (needs {u.needs})" for u in unverified]
    return "\n".join(lines) + "\n"


def render_json(violations: list[Violation], *, now: datetime,
                unverified: Sequence[Unverified] = ()) -> str:
    return json.dumps({"now": now.isoformat(), "violations": [v._asdict() for v in violations],
                       "unverified": [u._asdict() for u in unverified]},
                      indent=2, ensure_ascii=False) + "\n"


def render_markdown(violations: list[Violation], *, now: datetime,
                    unverified: Sequence[Unverified] = ()) -> str:
    parts = ["# Change management audit", "",
             f"Run at {now.isoformat(timespec='minutes')}. \"Violations of this Procedure must be "
             "reported to the Technology Coordinator.\"", ""]
    if unverified:
        parts += ["Not verified (the workflow's token may not read them; never counted as a "
                  "pass): " + "; ".join(f"`{u.setting}` needs {text(u.needs)}"
                                        for u in unverified), ""]
    if not violations:
        return "\n".join([*parts, "No violations found.", ""])
    for kind, title in TITLES.items():
        found = [v for v in violations if v.kind == kind]
        if not found:
            continue
        parts += [f"## {title} ({len(found)})", "",
                  f"| {'setting' if kind == 'settings' else 'change'} | file | finding |",
                  "| --- | --- | --- |"]
        # Every value here came from git or GitHub: a file name is whatever was pushed.
        parts += [f"| {text(v.change)} | {code(v.path) if v.path else ''} | "
                  f"{text(v.message)} |" for v in found]
        parts.append("")
    return "\n".join(parts)


FORMATS: dict[str, Callable[..., str]] = {
    "text": render_text, "json": render_json, "markdown": render_markdown}
