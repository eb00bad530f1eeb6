"""Hostile and broken files: each is a finding with a line, exit 1, no traceback, no hang.

The generated hazards are too big to commit to tests/cases; the small ones are repeated here as
bytes so that this file alone shows every hazard of DESIGN.md's "Bad input" list.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result

from cmcheck.core.judge.reporters.github import escape_property
from cmcheck.core.model.models import MAX_SYSTEMS
from tests.conftest import FIXTURES, Repo, run
from tests.validating import CHANGE_PATH, pairs, validate
from tests.work import counted

CHANGE = (FIXTURES / "change.yaml").read_text(encoding="utf-8")
TITLE = "title: Upgrade the high school core switch from IOS 15.2 to IOS XE 17.3"
# DESIGN.md: never a hang. A hostile file may cost no more Python work than an ordinary one
# (counted, not timed: tests/work.py); bench/hazards.py times each against one second.
AT_MOST = 1.5


def edited(old: str, new: str) -> bytes:
    assert old in CHANGE
    return CHANGE.replace(old, new, 1).encode("utf-8")


HAZARDS: dict[str, tuple[bytes, tuple[str, int]]] = {
    "100,000 nested [": (b"title: " + b"[" * 100_000, ("yaml", 1)),
    "100,000 nested { after a valid start": (
        CHANGE.encode() + b"notes: " + b"{a: " * 50_000, ("yaml", 32)),
    "100,000 nested block sequences": (b"- " * 100_000 + b"x\n", ("yaml", 1)),
    "5 MB": (b"title: " + b"x" * 5_000_000 + b"\n", ("yaml", 1)),
    "300 KiB of comments": (CHANGE.encode() + b"# padding\n" * 30_000, ("yaml", 1)),
    "billion laughs": (
        b'a: &a ["lol", "lol", "lol"]\n' + b"".join(
            b"%c: &%c [*%c, *%c, *%c]\n" % (c, c, c - 1, c - 1, c - 1) for c in range(98, 108)),
        ("yaml", 1)),
    "alias without anchor": (edited("kind: scheduled", "kind: *kind"), ("yaml", 3)),
    "Latin-1": (edited(TITLE, "title: Mise à jour").replace("à".encode(), b"\xe0"), ("yaml", 2)),
    "UTF-8 BOM": (b"\xef\xbb\xbf" + CHANGE.encode(), ("yaml", 1)),
    "UTF-16": (CHANGE.encode("utf-16"), ("yaml", 1)),
    "empty": (b"", ("yaml", 1)),
    "only whitespace": (b"\n  \n\t\n", ("yaml", 1)),
    "only a comment": (b"# nothing here\n", ("yaml", 1)),
    "NUL byte": (edited("kind: scheduled", "kind: sched\x00uled"), ("yaml", 3)),
    "duplicate key": (edited("kind: scheduled\n", "kind: scheduled\nkind: unscheduled\n"),
                      ("yaml", 4)),
    "!!python/object tag": (edited("category: firmware-upgrade",
                                   "category: !!python/object/apply:os.system [id]"),
                            ("yaml", 4)),
    "local tag": (edited("kind: scheduled", "kind: !shell scheduled"), ("yaml", 3)),
    "a list instead of a mapping": (b"- title: x\n- kind: y\n", ("schema", 1)),
    "a scalar instead of a mapping": (b"just some words\n", ("schema", 1)),
    "title with a newline and ::error::": (
        edited(TITLE, 'title: "Core switch\\n::error file=policy.yaml,line=1::forged"'),
        ("schema", 2)),
    "title with an escape sequence": (edited(TITLE, 'title: "Core \\e[31mswitch"'),
                                      ("schema", 2)),
    "title with a Unicode line separator": (edited(TITLE, 'title: "Core\u2028switch"'),
                                            ("schema", 2)),
    "title with a right-to-left override": (edited(TITLE, 'title: "Core \u202eswitch"'),
                                            ("schema", 2)),
    "unknown field": (edited("plan:\n", "plan:\n  sumary: typo\n"), ("schema", 17)),
    "user_connectivity: yes": (edited("user_connectivity: true", "user_connectivity: yes"),
                               ("schema", 9)),
    "start: 19:00": (edited("start: 2026-12-19 20:00", "start: 19:00"), ("schema", 14)),
    "duration as text": (edited("duration_minutes: 30", "duration_minutes: thirty"),
                         ("schema", 30)),
    "2026-02-30": (edited("start: 2026-12-19 20:00", "start: 2026-02-30 20:00"),
                   ("schema", 14)),
    "year 9999 (UTC would overflow)": (
        edited("start: 2026-12-19 20:00\n  end: 2026-12-19 22:00",
               "start: 9999-12-31 22:00\n  end: 9999-12-31 23:59"), ("schema", 14)),
    "year 1 at +14:00 (UTC would underflow)": (
        edited("start: 2026-12-19 20:00", "start: 0001-01-01T00:00+14:00"), ("schema", 14)),
    "spring-forward gap 2027-03-14 02:30": (
        edited("start: 2026-12-19 20:00\n  end: 2026-12-19 22:00",
               "start: 2027-03-14 02:30\n  end: 2027-03-14 04:00"), ("schema", 14)),
    "fall-back fold 2027-11-07 01:30": (
        edited("start: 2026-12-19 20:00\n  end: 2026-12-19 22:00",
               "start: 2027-11-07 01:30\n  end: 2027-11-07 03:00"), ("schema", 14)),
}


@pytest.mark.parametrize("name", list(HAZARDS))
def test_hazard_is_a_located_finding_for_no_more_work_than_a_clean_file(name: str,
                                                                       repo: Repo) -> None:
    raw, expected = HAZARDS[name]
    clean = _clean_work(repo)
    result, work = _work(repo, raw)
    assert work < AT_MOST * clean, f"{name}: {work:,} lines run, {clean:,} for a clean file"
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert expected in pairs(findings, CHANGE_PATH), findings
    assert all(f["line"] >= 1 and f["column"] >= 1 for f in findings)


@pytest.mark.parametrize(("size", "shown"), [
    (2_000_000, "1.9 MiB (2,000,000 bytes)"),
    (256 * 1024 + 1, "256 KiB (262,145 bytes)"),
    (300 * 1024, "300 KiB (307,200 bytes)"),
])
def test_a_file_over_the_limit_says_its_real_size(repo: Repo, size: int, shown: str) -> None:
    # Only the limit + 1 byte is read; the message still gives the file's own size.
    repo.write(CHANGE_PATH, b"title: " + b"x" * (size - 8) + b"\n")
    code, findings = validate(repo.root)
    assert code == 1
    assert [(f["rule"], f["line"], f["message"]) for f in findings] == [
        ("yaml", 1, f"file is {shown}; a change request is at most 256 KiB")]


def test_a_symbolic_link_is_not_followed(repo: Repo) -> None:
    secret = repo.root.parent / "secret.txt"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    link = repo.root / CHANGE_PATH
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    code, findings = validate(repo.root)
    assert code == 1
    assert [(f["rule"], f["line"], f["path"]) for f in findings] == [("yaml", 1, CHANGE_PATH)]
    assert "hunter2" not in findings[0]["message"]


@pytest.mark.parametrize("now", ["9999-12-31T23:00", "0001-01-01T00:00+14:00"])
def test_an_out_of_range_now_is_a_usage_error(repo: Repo, now: str) -> None:
    repo.write(CHANGE_PATH, CHANGE)
    result = run(repo.root, "validate", "--now", now)
    assert result.exit_code == 2
    assert "out of range" in result.output


def github_lines(root: Path, *args: str) -> list[str]:
    result = run(root, "validate", "--format", "github", "--now", "2026-12-01T09:00", *args)
    assert "Traceback" not in result.output
    return result.stdout.splitlines()


def assert_one_annotation_per_finding(root: Path) -> None:
    _, findings = validate(root)
    lines = github_lines(root)
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(findings)
    assert sum(1 for line in lines if line.startswith("::error")) == \
        sum(1 for f in findings if f["severity"] == "error")
    for line, finding in zip(commands, findings, strict=True):
        path = escape_property(finding["path"])
        assert line.startswith(f"::{finding['severity']} file={path},line={finding['line']},")
    assert "forged" not in "".join(line for line in lines if not line.startswith("::"))


def test_a_title_cannot_forge_an_annotation(repo: Repo) -> None:
    repo.write(CHANGE_PATH, HAZARDS["title with a newline and ::error::"][0])
    assert_one_annotation_per_finding(repo.root)
    assert sum(1 for line in github_lines(repo.root) if line.startswith("::error")) == 1


def test_a_file_name_cannot_forge_an_annotation(repo: Repo) -> None:
    # git allows a newline in a path; a pull request could add such a file.
    repo.write("changes/2026/x\n::error file=policy.yaml::forged.yaml", CHANGE)
    assert_one_annotation_per_finding(repo.root)
    line, summary = github_lines(repo.root)
    assert summary == "1 error, 0 warnings, 0 notices in 1 file"
    assert line.startswith("::error file=changes/2026/x%0A%3A%3Aerror file=policy.yaml%3A%3A")


def test_a_waiver_reason_cannot_forge_an_annotation(repo: Repo) -> None:
    # A Text field may hold newlines, and a waived finding quotes its reason.
    reason = '"too soon\\n::error file=policy.yaml,line=1::forged\\n%0A::warning::x"'
    repo.write(CHANGE_PATH, edited(
        "start: 2026-12-19 20:00\n  end: 2026-12-19 22:00",
        "start: 2026-12-05 20:00\n  end: 2026-12-05 22:00").decode()
        + f"exceptions:\n  - rule: notice-period\n    reason: {reason}\n")
    _, findings = validate(repo.root)
    assert pairs(findings) == {("notice-period", 14)}
    assert_one_annotation_per_finding(repo.root)
    (line,) = github_lines(repo.root)[:1]
    assert line.startswith("::notice file=changes/2026/2026-12-19-core-switch-ios.yaml,line=14,")
    assert "%250A" in line  # the reason's own "%0A" is escaped, not decoded into a newline


def test_too_many_systems_is_a_schema_finding(repo: Repo) -> None:
    systems = ", ".join(f"sw-{n:05d}" for n in range(MAX_SYSTEMS + 1))
    clean = _clean_work(repo)
    result, work = _work(repo, CHANGE.replace("systems: [core-switch-01]",
                                              f"systems: [{systems}]").encode("utf-8"))
    assert work < AT_MOST * clean, f"{work:,} lines run, {clean:,} for a clean file"
    assert result.exit_code == 1
    assert ("schema", 6) in pairs(json.loads(result.stdout)["findings"])


def test_grep_takes_more_patterns_than_a_command_line_holds(repo: Repo) -> None:
    # A pull request of many changes gives conflict's grep one pattern per system and site:
    # 200,000 patterns are 2.6 MB, past the kernel's limit for arguments.
    from cmcheck.core.git import search

    repo.write(CHANGE_PATH, CHANGE)
    words = [f"pattern-{n:06d}" for n in range(200_000)] + ["core-switch-01"]
    assert search.grep(repo.git, words) == [CHANGE_PATH]


def _work(repo: Repo, raw: bytes) -> tuple[Result, int]:
    """A validation of raw at CHANGE_PATH, and the Python lines it ran."""
    repo.write(CHANGE_PATH, raw)
    return counted(lambda: run(repo.root, "validate", "--format", "json", "--now",
                               "2026-12-01T09:00"))


def _clean_work(repo: Repo) -> int:
    """The lines a clean file's validation runs, once the commands' modules are imported (the
    first run in a process also runs every module it imports)."""
    _work(repo, CHANGE.encode("utf-8"))
    return _work(repo, CHANGE.encode("utf-8"))[1]
