"""The rule reference, generated from the rules' docstrings (docs/rules.md embeds it)."""

from __future__ import annotations

from cmcheck.core.judge.rules import ALL, documentation


def markdown() -> str:
    parts = []
    for name, rule in ALL.items():
        first, _, rest = documentation(rule).partition("\n")
        waiver = "may be waived by an exception" if rule.WAIVABLE else "cannot be waived"
        parts.append(f"### `{name}` ({rule.SEVERITY}, {waiver})\n\n{first}\n{rest}\n")
    return "\n".join(parts)


def listing() -> str:
    width = max(len(name) for name in ALL)
    # The docstring's first paragraph, whole: a summary may run onto a second line.
    return "".join(f"{name:<{width}}  {rule.SEVERITY!s:<7}  "
                   f"{' '.join(documentation(rule).split(chr(10) * 2)[0].split())}\n"
                   for name, rule in ALL.items())
