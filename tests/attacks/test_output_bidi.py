"""Issue 23, item 12: a right-to-left override in a YAML key reaches the annotations.

Values refuse control and bidirectional characters (a `schema` finding), but a key was only an
unknown field, and its name went into the message as written: ``note<U+202E>gpj.exe`` showed as
``noteexe.jpg`` in the pull request's annotation and in the job summary. Before the fix the
annotation line below held the raw U+202E. A key now gets the same refusal as a value, on its
own line, with the key shown escaped (``note\\u202egpj.exe``), for every character a value
refuses and the other invisible ones; and no annotation, whatever its source, carries one raw.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Repo, run
from tests.validating import CHANGE_PATH

CHANGE = (FIXTURES / "change.yaml").read_text(encoding="utf-8")
# Every character a value refuses (core/model/text.py: C0 and C1 controls, the line and
# paragraph separators, the bidi embeddings, overrides and isolates), and the bidi marks.
REFUSED = ["\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\u202a", "\u202b", "\u202c",
           "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",
           "\u061c"]
LINE = CHANGE.splitlines().index("stakeholders: [Principal of the high school, District "
                                 "network administrator]") + 1


def _validate(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run(repo.root, "validate", "--format", "github", "--now", "2026-12-01T09:00")
    assert result.exit_code == 1, result.output
    return result.output, summary.read_text(encoding="utf-8")


@pytest.mark.parametrize("char", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_a_key_with_a_bidi_or_control_character_is_refused_on_its_line(
        repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, char: str) -> None:
    # Written as YAML's escape in a quoted key (the file stays ASCII), and for the characters
    # YAML lets stand in a plain key, as they are.
    quoted = f'"note\\u{ord(char):04x}gpj.exe": x'
    plain = f"note{char}gpj.exe: x"
    text = CHANGE.replace("stakeholders:", f"{quoted}\nstakeholders:")
    if char.isprintable() or ord(char) > 0x2029:
        text = CHANGE.replace("stakeholders:", f"{plain}\nstakeholders:")
    repo.write(CHANGE_PATH, text)
    output, summary = _validate(repo, tmp_path, monkeypatch)
    escaped = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    annotations = [line for line in output.splitlines() if line.startswith("::error")]
    assert len(annotations) == 1, output
    assert annotations[0].startswith(f"::error file={CHANGE_PATH},line={LINE},"), output
    assert f"note{escaped}gpj.exe" in annotations[0]
    assert char not in output and char not in summary
    assert f"note{escaped.replace(chr(92), '&#92;')}gpj.exe" in summary


def test_a_nested_key_and_a_key_of_the_policy_are_refused_too(
        repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write(CHANGE_PATH, CHANGE.replace("  verification:", "  veri\u202efication: y\n"
                                                               "  verification:"))
    output, summary = _validate(repo, tmp_path, monkeypatch)
    line = CHANGE.splitlines().index("  verification: All access switches and wireless "
                                     "controllers are reachable; a classroom PC gets an "
                                     "address and reaches the SIS.") + 1
    assert f"line={line}," in output and "veri\\u202efication" in output
    assert "\u202e" not in output + summary
    policy = repo.root / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + "severities:\n  conf\u202elict: error\n",
                      encoding="utf-8")
    result = run(repo.root, "validate", "--format", "github", "--now", "2026-12-01T09:00")
    assert result.exit_code == 2 and "\u202e" not in result.output, result.output
    assert "conf\\u202elict" in result.output
