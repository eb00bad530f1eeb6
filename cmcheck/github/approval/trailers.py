"""The `Co-authored-by:` trailers of a commit message, and the GitHub account each names.

GitHub credits every co-author a commit's trailers name as one of its authors, so a coordinator
named there wrote part of the pull request as surely as one who committed. Only the trailer
block counts (the message's last paragraph, as git and GitHub read it): prose that quotes a
trailer further up is not one. Keys are matched without case, a trailer may continue on lines
that start with a space, and a block may hold any number of them. A message that is a single
paragraph of trailers counts too: git would call it a title, but nothing says GitHub does.
"""

from __future__ import annotations

import re
from typing import NamedTuple

KEY = "co-authored-by"
# The address GitHub gives each account to commit with: ID+login@ (since 2017) or login@. GitHub
# ties the first by its ID, which a renamed account keeps.
NOREPLY = re.compile(r"(?:(\d+)\+)?([a-z0-9][a-z0-9-]{0,38})@users\.noreply\.github\.com",
                     re.IGNORECASE)
LOGIN = re.compile(r"[a-z0-9][a-z0-9-]{0,38}", re.IGNORECASE)
# git's trailer: a token of letters, digits and hyphens, optional blanks, then the separator.
_TRAILER = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:(.*)")
_PERSON = re.compile(r"(.*?)\s*<([^<>]*)>\s*")


class Person(NamedTuple):
    name: str
    email: str  # "" when the trailer gives none


class Account(NamedTuple):
    """Who a noreply address names: the login, and the account's ID when it carries one."""

    login: str
    id: int | None


def trailer_block(message: str) -> list[str]:
    """The last paragraph's lines, each continuation line joined to the one it continues."""
    lines = message.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    start = max((i + 1 for i, line in enumerate(lines) if not line.strip()), default=0)
    block: list[str] = []
    for line in lines[start:]:
        if line[:1] in (" ", "\t") and block:
            block[-1] = f"{block[-1].rstrip()} {line.strip()}"
        else:
            block.append(line)
    return block


def co_authors(message: str) -> list[Person]:
    found = []
    for line in trailer_block(message):
        match = _TRAILER.fullmatch(line.rstrip())
        if match is None or match.group(1).casefold() != KEY:
            continue
        value = match.group(2).strip()
        person = _PERSON.fullmatch(value)
        if person is not None:
            found.append(Person(person.group(1).strip(), person.group(2).strip()))
        elif "@" in value and not any(c.isspace() for c in value):
            found.append(Person("", value))
        else:
            found.append(Person(value, ""))
    return found


def noreply(email: str) -> Account | None:
    match = NOREPLY.fullmatch(email.strip())
    if match is None:
        return None
    return Account(match.group(2).casefold(), int(match.group(1)) if match.group(1) else None)


def as_login(name: str) -> str | None:
    """The name, casefolded, when it could be a GitHub login (GitHub credits by address, but a
    trailer naming the approver's login is taken at its word)."""
    return name.strip().casefold() if LOGIN.fullmatch(name.strip()) else None
