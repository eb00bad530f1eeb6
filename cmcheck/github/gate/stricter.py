"""GitHub's ruleset `main` against the declaration, setting by setting: which side is stricter,
and the ruleset that keeps the stricter of the two everywhere.

`cmcheck settings` tells every difference as a notice naming the stricter side; `--apply`
writes `merged()`, so that it raises what is weaker than declared and never lowers what a
coordinator tightened by hand (2 approvals, a signatures rule). Where cmcheck cannot rank two
values (a parameter it does not know), GitHub's stays as it is and the notice says so.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from cmcheck.core.model.gate import ALL_MERGE_METHODS, RULESET_FILE, rules_of

GITHUB, DECLARATION, NEITHER, SAME = "GitHub", "declaration", "neither", "same"
_ENFORCEMENT = ("disabled", "evaluate", "active")
# How each known parameter ranks; any other falls back to "cannot tell".
_HIGHER = {("pull_request", "required_approving_review_count")}
_TRUE = {("pull_request", "dismiss_stale_reviews_on_push"),
         ("pull_request", "require_code_owner_review"),
         ("pull_request", "require_last_push_approval"),
         ("pull_request", "required_review_thread_resolution"),
         ("required_status_checks", "strict_required_status_checks_policy")}
_FALSE = {("required_status_checks", "do_not_enforce_on_create"),
          ("update", "update_allows_fetch_and_merge")}
_CHECKS = ("required_status_checks", "required_status_checks")
_RULE = "<the rule>"
_METHODS = ("pull_request", "allowed_merge_methods")


class Notice(NamedTuple):
    """GitHub's ruleset and the declaration differ here; not a finding by itself."""

    setting: str
    stricter: str  # GITHUB, DECLARATION or NEITHER
    message: str


def differences(live: dict[str, Any], declared: dict[str, Any]) -> list[Notice]:
    """Every way GitHub's ruleset differs from the declaration, with the stricter side."""
    name = declared.get("name")
    notices: list[Notice] = []

    def say(setting: str, side: str, have: str, want: str) -> None:
        if have == _RULE or want == _RULE:  # a whole rule on one side only
            text = (f"GitHub's ruleset {name!r} is stricter (it has this rule, the declaration "
                    f"does not): --apply keeps it; write it into {RULESET_FILE} to declare it"
                    if side == GITHUB else f"the declaration is stricter (it has this rule, "
                    f"GitHub's ruleset {name!r} does not): --apply adds it to GitHub's")
        elif side == GITHUB:
            text = (f"GitHub's ruleset {name!r} is stricter ({have}; the declaration says "
                    f"{want}): --apply keeps it; write it into {RULESET_FILE} to declare it")
        elif side == DECLARATION:
            text = (f"the declaration is stricter ({want}; GitHub's ruleset {name!r} has "
                    f"{have}): --apply raises GitHub's to it")
        else:
            text = (f"GitHub's ruleset {name!r} has {have}, the declaration says {want}, and "
                    "cmcheck cannot tell which is stricter: --apply leaves GitHub's as it is; "
                    "make the two agree by hand")
        notices.append(Notice(setting, side, f"{setting}: {text}"))

    side = _order(_rank_of(live.get("enforcement")), _rank_of(declared.get("enforcement")))
    if side != SAME:
        say("ruleset.enforcement", side, _show(live.get("enforcement")),
            _show(declared.get("enforcement")))
    side = _order(-len(live.get("bypass_actors") or []), -len(declared.get("bypass_actors") or []))
    if side != SAME:
        say("ruleset.bypass_actors", side,
            f"{len(live.get('bypass_actors') or [])} bypass actor(s)",
            f"{len(declared.get('bypass_actors') or [])} bypass actor(s)")
    (have_in, have_out), (want_in, want_out) = _names(live), _names(declared)
    if (have_in, have_out) != (want_in, want_out):
        wider, narrower = have_in >= want_in and have_out <= want_out, \
            want_in >= have_in and want_out <= have_out
        say("ruleset.conditions", GITHUB if wider else DECLARATION if narrower else NEITHER,
            _conditions(have_in, have_out), _conditions(want_in, want_out))
    have, want = rules_of(live), rules_of(declared)
    for kind in [*want, *(k for k in have if k not in want)]:
        if kind not in want:
            say(f"rules.{kind}", GITHUB, _RULE, "")
        elif kind not in have:
            say(f"rules.{kind}", DECLARATION, "", _RULE)
        else:
            for key in [*want[kind], *(k for k in have[kind] if k not in want[kind])]:
                mine, theirs = _value(kind, key, have[kind]), _value(kind, key, want[kind])
                side = _compare(kind, key, mine, theirs)
                if side != SAME:
                    say(f"rules.{kind}.{key}", side, _show(mine), _show(theirs))
    return notices


def merged(live: dict[str, Any], declared: dict[str, Any]) -> dict[str, Any]:
    """The declaration, with whatever GitHub's ruleset has stricter kept (or, where the two
    cannot be ranked, GitHub's): the ruleset `--apply` writes."""
    body = {key: value for key, value in declared.items() if key != "rules"}
    if _rank_of(live.get("enforcement")) > _rank_of(declared.get("enforcement")):
        body["enforcement"] = live["enforcement"]
    body["bypass_actors"] = [a for a in declared.get("bypass_actors") or []
                             if a in (live.get("bypass_actors") or [])]
    (have_in, have_out), (want_in, want_out) = _names(live), _names(declared)
    include = [*want_in_order(declared, "include"),
               *sorted(have_in - want_in)]
    body["conditions"] = {"ref_name": {"include": include,
                                       "exclude": sorted(want_out & have_out)}}
    have, want = rules_of(live), rules_of(declared)
    rules = []
    for kind in [*want, *(k for k in have if k not in want)]:
        if kind not in want or kind not in have:
            parameters = want.get(kind, have.get(kind)) or {}
        else:
            parameters = {}
            for key in [*want[kind], *(k for k in have[kind] if k not in want[kind])]:
                value = _stricter_value(kind, key, _value(kind, key, have[kind]),
                                        _value(kind, key, want[kind]))
                if value is not None:  # left out on both sides: GitHub's default
                    parameters[key] = value
        rules.append({"type": kind, **({"parameters": parameters} if parameters else {})})
    body["rules"] = rules
    return body


def want_in_order(ruleset: dict[str, Any], which: str) -> list[str]:
    names = ((ruleset.get("conditions") or {}).get("ref_name") or {}).get(which) or []
    return [str(n) for n in names]


def _names(ruleset: dict[str, Any]) -> tuple[set[str], set[str]]:
    return set(want_in_order(ruleset, "include")), set(want_in_order(ruleset, "exclude"))


def _conditions(include: set[str], exclude: set[str]) -> str:
    return f"include {', '.join(sorted(include)) or 'nothing'}" + (
        f", exclude {', '.join(sorted(exclude))}" if exclude else "")


def _rank_of(enforcement: Any) -> int:
    return _ENFORCEMENT.index(enforcement) if enforcement in _ENFORCEMENT else -1


def _order(have: int, want: int) -> str:
    return SAME if have == want else GITHUB if have > want else DECLARATION


def _value(kind: str, key: str, parameters: dict[str, Any]) -> Any:
    """A parameter as GitHub reads it when it is left out."""
    if key in parameters:
        return parameters[key]
    if (kind, key) == _METHODS:
        return list(ALL_MERGE_METHODS)
    return None


def _compare(kind: str, key: str, have: Any, want: Any) -> str:
    """Which of GitHub's value and the declaration's is stricter."""
    if (kind, key) in _HIGHER:
        return _order(have if isinstance(have, int) else 0, want if isinstance(want, int) else 0)
    if (kind, key) in _TRUE:
        return _order(int(have is True), int(want is True))
    if (kind, key) in _FALSE:
        return _order(int(have is not True), int(want is not True))
    if (kind, key) == _METHODS:
        allowed, declared = set(have or []), set(want or [])
        return SAME if allowed == declared else GITHUB if allowed < declared else \
            DECLARATION if declared < allowed else NEITHER
    if (kind, key) == _CHECKS:
        mine, theirs = _checks(have), _checks(want)
        if mine == theirs:
            return SAME
        if all(c in mine and _covers(mine[c], p) for c, p in theirs.items()):
            return GITHUB
        if all(c in theirs and _covers(theirs[c], p) for c, p in mine.items()):
            return DECLARATION
        return NEITHER
    # GitHub fills in defaults the declaration may leave out: false, [] and absent are one.
    return SAME if have == want or (not have and not want) else NEITHER


def _stricter_value(kind: str, key: str, have: Any, want: Any) -> Any:
    side = _compare(kind, key, have, want)
    if side == GITHUB:
        return have
    if side != NEITHER:
        return want if want is not None else have
    if (kind, key) == _METHODS:  # only the methods both allow
        return [m for m in want if m in have] or want
    if (kind, key) == _CHECKS:
        # Every check either requires; for one check pinned to two apps, the declaration's
        # (the floor pins cmcheck's own checks to GitHub Actions).
        mine, theirs = _checks(have), _checks(want)
        return [{"context": c, **({"integration_id": p} if p is not None else {})}
                for c, p in {**mine, **theirs}.items()]
    return have  # cannot tell: never lower what may be stricter


def _checks(value: Any) -> dict[str, int | None]:
    """context -> the app it is pinned to (None: any source)."""
    return {str(c.get("context")): c.get("integration_id") for c in value or []
            if isinstance(c, dict)}


def _covers(have: int | None, want: int | None) -> bool:
    """Whether a required check pinned to `have` is at least as strict as one pinned to
    `want` (None: from any source)."""
    return have == want or (want is None and isinstance(have, int))


def _show(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) else value

