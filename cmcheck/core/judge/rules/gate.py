"""A pull request may raise the declared branch rule, never lower it below cmcheck's floor, nor
delete it.

What it does: in a pull request that adds, edits or deletes `.github/rulesets/main.json` (and
in a full run, whenever the file is there), reads it as JSON and holds it to the floor in
`cmcheck/core/model/gate.py`, the one that `cmcheck settings` and the audit use too: the branch
ruleset named `main`, active on `~DEFAULT_BRANCH`, nobody in `bypass_actors`; no deletion and
no force push; a pull request with at least 1 approval, stale approvals dismissed on push,
code-owner review, the last pusher not approving, merge commits only; `cmcheck validate` and
`cmcheck approval` required from GitHub Actions on a branch up to date with `main`. Each
setting it lowers is an error on its line. Deleting the file, putting a link or anything but a
regular file in its place, or JSON that does not parse is one error too.

Why it matters: the declaration is what `cmcheck settings --apply` makes GitHub hold, and it is
a file anyone may propose changes to. Lowered in a pull request, it passed `validate` with a
`scope` notice and was caught only by the audit after the merge, when `main` already said less.

Example: a pull request that sets `"require_code_owner_review": false`, adds a bypass actor,
or deletes `.github/rulesets/main.json`.

Instead: keep every floor setting as it is or stricter (2 approvals, another required check, a
`required_signatures` rule are all welcome). To undo an edit, `git checkout origin/main --
.github/rulesets/main.json` and commit. The floor itself is cmcheck's code, changed only by a
change to cmcheck.

Options: none. An `exceptions` entry cannot waive it.
"""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from cmcheck.core.model.gate import RULESET_FILE, THREATS, below_floor
from cmcheck.core.model.verdicts import Problem, Severity

NAME = "gate"
TITLE = "Branch rule at cmcheck's floor"  # the rule's name for people (SARIF's rules[].name)
SEVERITY = Severity.ERROR
WAIVABLE = False
MAX_BYTES = 256 * 1024  # GitHub's own rulesets are a few KiB
UNDO = f"`git checkout origin/main -- {RULESET_FILE}` and commit it"


def check(root: Path) -> Iterator[Problem]:
    """The declaration in root's work tree against the floor."""
    path = root / RULESET_FILE
    try:
        found = path.lstat()
    except FileNotFoundError:
        yield Problem((), f"this pull request deletes {RULESET_FILE}, the branch rule every "
                          f"control rests on: keep it (restore it with {UNDO})", mark=(1, 1))
        return
    if not stat.S_ISREG(found.st_mode):
        yield Problem((), f"{RULESET_FILE} must be a regular file, not a link or a folder: "
                          f"put the file back with {UNDO}", mark=(1, 1))
        return
    if found.st_size > MAX_BYTES:
        yield Problem((), f"{RULESET_FILE} is {found.st_size} bytes, more than a ruleset "
                          f"needs ({MAX_BYTES}): put the file back with {UNDO}", mark=(1, 1))
        return
    try:
        text = path.read_bytes().decode("utf-8")
        declared = json.loads(text)
    except UnicodeDecodeError:
        yield Problem((), f"{RULESET_FILE} is not UTF-8 text: put the file back with {UNDO}",
                      mark=(1, 1))
        return
    except json.JSONDecodeError as error:
        yield Problem((), f"{RULESET_FILE} is not valid JSON ({error.msg}): fix it, or put the "
                          f"file back with {UNDO}", mark=(error.lineno, error.colno))
        return
    if not isinstance(declared, dict):
        yield Problem((), f"{RULESET_FILE} must hold one JSON object, a ruleset: put the file "
                          f"back with {UNDO}", mark=(1, 1))
        return
    for gap in below_floor(declared):
        threat = THREATS.get(gap.setting)
        yield Problem((), f"{gap.setting} wants {gap.want}, this declares {gap.got}, below "
                          "cmcheck's floor" + (f" ({threat})" if threat else "") +
                          f": keep it at the floor or stricter, or undo the edit with {UNDO}",
                      mark=(line_of(text, gap.setting), 1))


def line_of(text: str, setting: str) -> int:
    """The line of the key a setting names (its last part), else of `rules`, else 1."""
    lines = text.splitlines()
    for key in (setting.rsplit(".", 1)[-1], "rules"):
        pattern = re.compile(rf'"{re.escape(key)}"\s*:')
        found = next((n for n, line in enumerate(lines, start=1) if pattern.search(line)), None)
        if found is not None:
            return found
    return 1
