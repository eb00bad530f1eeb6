"""The text types of the formats: what a field may hold, said once."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints


def _single_line(value: str) -> str:
    # Titles and names reach e-mail headers: a CR/LF would add a header, and "=?" would let an
    # encoded word smuggle one past a mail client.
    if any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in value):
        raise ValueError("must be a single line without control characters")
    if "=?" in value:
        raise ValueError('must not contain "=?" (it starts an encoded e-mail header word)')
    return value


def _no_controls(value: str) -> str:
    if any((ord(char) < 0x20 and char not in "\n\t") or 0x7F <= ord(char) < 0xA0
           for char in value):
        raise ValueError("must not contain control characters")
    return value


Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_single_line),
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000),
    AfterValidator(_no_controls),
]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Email = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$",
                           max_length=254),
]
Login = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")]
Hostname = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")]
