"""The rules, listed explicitly: no entry points, no import scanning.

``yaml``, ``schema`` and ``filename`` judge the file before there is a change to look at, so
their ``check`` functions take the file; every policy rule is a ``PolicyRule``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from cmcheck.core.judge.context import Context, Subject
from cmcheck.core.judge.rules import (
    audiences,
    backout_fits,
    backout_plan,
    blackout,
    codeowners,
    conflict,
    copied_steps,
    facilities,
    filename,
    gate,
    impact,
    inventory,
    issue_form,
    locked,
    maintenance_window,
    notice_period,
    plan,
    resources,
    review_dates,
    review_due,
    schema,
    scope,
    stakeholders,
    unscheduled,
    yaml,
)
from cmcheck.core.model.verdicts import Problem, Severity


class RuleInfo(Protocol):
    NAME: str
    TITLE: str  # a name for people, never the id re-capitalised: "Notice period"
    SEVERITY: Severity
    WAIVABLE: bool


class PolicyRule(RuleInfo, Protocol):
    def check(self, subject: Subject, context: Context) -> Iterator[Problem]: ...


STRUCTURE: tuple[RuleInfo, ...] = (yaml, schema, filename)
# Judge the repository, not a change request: the pull request's paths (engine._outside_changes
# calls scope); the committed CODEOWNERS, the declared branch rule and the issue form
# (core/declared.py calls codeowners, gate and issue_form).
REPOSITORY: tuple[RuleInfo, ...] = (scope, codeowners, gate, issue_form)

POLICY_RULES: dict[str, PolicyRule] = {
    rule.NAME: rule
    for rule in (
        notice_period,
        maintenance_window,
        plan,
        backout_plan,
        backout_fits,
        facilities,
        blackout,
        resources,
        conflict,
        copied_steps,
        unscheduled,
        stakeholders,
        audiences,
        inventory,
        impact,
        review_due,
        review_dates,
        locked,
    )
}

ALL: dict[str, RuleInfo] = {
    rule.NAME: rule for rule in (*STRUCTURE, *POLICY_RULES.values(), *REPOSITORY)}


def get(name: str) -> RuleInfo:
    try:
        return ALL[name]
    except KeyError:
        raise ValueError(f"unknown rule {name!r}") from None


def documentation(rule: RuleInfo) -> str:
    return (getattr(rule, "__doc__", None) or "").strip()
