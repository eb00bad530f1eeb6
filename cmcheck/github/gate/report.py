"""The settings verdict as text, JSON or Markdown: pure functions, the CLI prints.

Each finding says what is wanted, what GitHub has, and the threat the gap opens; each setting
the token could not read says which permission it needs, so that it is never mistaken for a pass;
each difference between GitHub's ruleset and the declaration is a notice naming the stricter side.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from cmcheck.core.judge.reporters.github import escape_markdown
from cmcheck.github.gate.compare import Verdict


def render_text(verdict: Verdict) -> str:
    lines = []
    for gap in verdict.findings:
        lines += [f"{gap.setting}: want {gap.want}; found {gap.got}",
                  f"  threat: {gap.threat}"]
    lines += [f"not verified: {item.setting} (needs {item.needs})"
              for item in verdict.unverified]
    lines += [f"notice: {notice.message}" for notice in verdict.notices]
    lines.append(summary(verdict))
    return "\n".join(lines) + "\n"


def render_json(verdict: Verdict) -> str:
    return json.dumps({
        "findings": [{"setting": g.setting, "want": g.want, "got": g.got, "threat": g.threat}
                     for g in verdict.findings],
        "unverified": [item._asdict() for item in verdict.unverified],
        "notices": [notice._asdict() for notice in verdict.notices],
    }, indent=2, ensure_ascii=False) + "\n"


def render_markdown(verdict: Verdict) -> str:
    parts = ["# Repository settings", "", summary(verdict), ""]
    if verdict.findings:
        parts += ["| setting | wanted | found | what it opens |", "| --- | --- | --- | --- |"]
        parts += [f"| `{g.setting}` | {escape_markdown(g.want)} | {escape_markdown(g.got)} | "
                  f"{escape_markdown(g.threat)} |" for g in verdict.findings]
        parts.append("")
    if verdict.unverified:
        parts += ["Not verified (the token may not read them; never counted as a pass):", ""]
        parts += [f"- `{item.setting}`: needs {escape_markdown(item.needs)}"
                  for item in verdict.unverified]
        parts.append("")
    if verdict.notices:
        parts += ["Where GitHub's ruleset and the declaration differ (notices, not findings):",
                  ""]
        parts += [f"- {escape_markdown(notice.message)}" for notice in verdict.notices]
        parts.append("")
    return "\n".join(parts)


def summary(verdict: Verdict) -> str:
    weaker = len(verdict.findings)
    head = (f"{weaker} setting(s) weaker than declared" if weaker
            else "every setting read is as declared")
    if verdict.unverified:
        head += f"; {len(verdict.unverified)} not verified"
    if verdict.notices:
        head += f"; {len(verdict.notices)} difference(s) from the declaration (notices)"
    return head


FORMATS: dict[str, Callable[[Verdict], str]] = {
    "text": render_text, "json": render_json, "markdown": render_markdown}
