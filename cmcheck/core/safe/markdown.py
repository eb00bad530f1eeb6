"""Text from a change, git or GitHub, inert in the Markdown that GitHub renders: the audit's
issue, the settings report, the job summaries, the statistics report.

A file name is whatever someone pushed (issue 23): a backtick ends the code span around it, a
newline starts a heading or a row of its own, a `|` splits a table's cell, and the rest renders,
with mentions that notify people, images fetched from anywhere and links. So every string that
did not come from cmcheck itself is written with `text` (or `code`, for names):

- each character that starts Markdown or HTML, in a line or in a table, is a numeric character
  reference (``&#96;``), which GitHub shows as the character and never parses;
- a mention (``@name``), an issue reference (``#1``) and a bare link (``https://``, ``www.``)
  are recognised by GitHub in the text after the Markdown is parsed, character references
  decoded, so each is broken by a zero-width space that nobody sees;
- a line break, another control character or a bidirectional override is shown as its escape
  (``\\n``, ``\\u202e``): the name stays on its one line and reads as it is.
"""

from __future__ import annotations

# Characters that start Markdown or HTML inside a line or a table (a value never starts one).
_SPECIAL = frozenset("\\`*_{}[]()<>|~&$!#@")
_ZWSP = "&#8203;"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(value: str, *, keep: str = "") -> str:
    """value with each control, format (bidi) and separator character as its escape, but those
    in keep (a workflow command's message keeps its line breaks, which it escapes its own way).
    """
    if value.isprintable():
        return value
    return "".join(_NAMED.get(char) or (f"\\u{ord(char):04x}" if ord(char) > 0xFF else
                                        f"\\x{ord(char):02x}")
                   if _invisible(char) and char not in keep else char for char in value)


def _invisible(char: str) -> bool:
    return not char.isprintable() and char != " "  # control, format (bidi), separators


def text(value: str) -> str:
    """value as text in a Markdown paragraph or a table cell: nothing in it is markup."""
    shown = visible(value)
    out = []
    for at, char in enumerate(shown):
        after = shown[at + 1:at + 3]
        before = shown[max(0, at - 3):at].lower()
        if (char == "." and before == "www") or (char == "-" and before.endswith("gh")
                                                 and after[:1].isdigit()):
            out.append(_ZWSP)  # www.example.org, GH-1
        out.append(f"&#{ord(char)};" if char in _SPECIAL else char)
        if (char in "@#" and after[:1].isalnum()) or (char == ":" and after == "//"):
            out.append(_ZWSP)  # @name, #1, https://
    return "".join(out)


def code(value: str) -> str:
    """A name (a path, an id, a setting) in monospace: an HTML code element around `text`,
    since a Markdown code span shows character references as they are written."""
    return f"<code>{text(value)}</code>"
