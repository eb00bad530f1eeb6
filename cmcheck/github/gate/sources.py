"""Which ruleset each rule in force comes from, and whether anyone may bypass it.

GitHub lists every active rule on a branch with the `ruleset_id` that puts it there, from any
of the repository's rulesets or its organization's. A rule counts towards the floor only when
its ruleset is active and has no bypass actor: moving `pull_request` out of `main` into a
second ruleset that the Write role may bypass leaves the rule listed on the branch while every
technician may merge past it. GitHub shows a ruleset's bypass actors only to a token that may
edit it (a repository administrator's; an organization owner's for an organization's), so with
any other token a rule from that ruleset neither passes nor fails: its setting is listed as not
verified, with the token it needs.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cmcheck.core.model.gate import Gap, compare_rules
from cmcheck.github.api import Client
from cmcheck.github.gate import read as gate_read
from cmcheck.github.gate.compare import Unverified, combine

TRUSTED, BYPASSABLE, UNKNOWN = "trusted", "bypassable", "unknown"


class Source(NamedTuple):
    label: str  # "ruleset 1002 'reviews'", "organization ruleset 9"
    standing: str  # TRUSTED, BYPASSABLE or UNKNOWN
    says: str  # BYPASSABLE: who may bypass it; UNKNOWN: the token that could tell


def _key(rule: dict[str, Any]) -> int | None:
    number = rule.get("ruleset_id")
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def sources_of(client: Client, rules: list[dict[str, Any]]) -> dict[int | None, Source]:
    """Each ruleset the rules name, read once and judged."""
    found: dict[int | None, Source] = {}
    for rule in rules:
        number = _key(rule)
        if number not in found:
            found[number] = _source(client, number,
                                    organization=rule.get("ruleset_source_type") ==
                                    "Organization")
    return found


def _source(client: Client, number: int | None, *, organization: bool) -> Source:
    owner = "an organization owner's token" if organization else gate_read.ADMIN_READ
    if number is None:
        return Source("a rule GitHub names no ruleset for", UNKNOWN,
                      f"{owner}, and a ruleset GitHub names")
    label = f"{'organization ' if organization else ''}ruleset {number}"
    try:
        ruleset = gate_read.ruleset(client, number)
    except gate_read.Refused:
        return Source(label, UNKNOWN, f"{owner}, to read who may bypass {label}")
    except gate_read.Unavailable as missing:
        # A private repository on GitHub Free keeps its rulesets but does not enforce them: a
        # rule listed from one holds nobody back, and the plan is the cause.
        return Source(label, BYPASSABLE, f"it is not enforced on this plan: {missing}")
    if isinstance(ruleset.get("name"), str):
        label += f" {ruleset['name']!r}"
    if ruleset.get("enforcement") != "active":
        return Source(label, BYPASSABLE, f"it is {ruleset.get('enforcement')}, not active")
    actors = ruleset.get("bypass_actors")
    if not isinstance(actors, list):  # shown only to a token that may edit the ruleset
        return Source(label, UNKNOWN, f"{owner}, to read who may bypass {label}")
    if actors:
        return Source(label, BYPASSABLE, ", ".join(
            f"{a.get('actor_type')} {a.get('actor_id')} ({a.get('bypass_mode', 'always')})"
            if isinstance(a, dict) else str(a) for a in actors) + " may bypass it")
    return Source(label, TRUSTED, "")


def judge(want: dict[str, dict[str, Any]], rules: list[dict[str, Any]],
          sources: dict[int | None, Source]) -> tuple[list[Gap], list[Unverified]]:
    """The wanted rules against the rules in force, counting only rulesets nobody may bypass.

    A setting weaker even with every ruleset that cannot be judged counted is a finding; one
    that holds only when they are counted is not verified."""
    def within(standings: set[str]) -> dict[str, dict[str, Any]]:
        return combine([r for r in rules if sources[_key(r)].standing in standings])

    trusted = compare_rules(want, within({TRUSTED}))
    possible = compare_rules(want, within({TRUSTED, UNKNOWN}))
    anywhere = {gap.setting for gap in compare_rules(want, combine(rules))}
    findings = [gap if gap.setting in anywhere else
                Gap(gap.setting, gap.want, f"{gap.got} in every ruleset nobody may bypass; "
                    + "; ".join(_naming(rules, sources, gap.setting, BYPASSABLE)))
                for gap in possible]
    failing = {gap.setting for gap in possible}
    unverified = [Unverified(gap.setting, "; ".join(
                      dict.fromkeys(_naming(rules, sources, gap.setting, UNKNOWN))))
                  for gap in trusted if gap.setting not in failing]
    return findings, unverified


def _naming(rules: list[dict[str, Any]], sources: dict[int | None, Source], setting: str,
            standing: str) -> list[str]:
    """What the rulesets of that standing that put this setting's rule on the branch say."""
    kind = setting.split(".")[1]
    named = {_key(r): sources[_key(r)] for r in rules
             if r.get("type") == kind and sources[_key(r)].standing == standing}
    if standing == UNKNOWN:
        return [source.says for source in named.values()]
    return [f"{source.label} has it, and {source.says}" for source in named.values()]
