"""Co-authored-by trailers read the way git finds a trailer block, over plain strings."""

from __future__ import annotations

import pytest

from cmcheck.github.approval.trailers import Account, Person, as_login, co_authors, noreply


@pytest.mark.parametrize(("message", "expected"), [
    ("Fix\n\nCo-authored-by: A B <a@x.org>\nco-authored-by: C <c@x.org>\n\n\n",
     [Person("A B", "a@x.org"), Person("C", "c@x.org")]),
    ("Fix\n\nCo-authored-by :A <a@x.org>", [Person("A", "a@x.org")]),  # blanks before ':'
    ("Fix\n\nCo-authored-by: A\n <a@x.org>", [Person("A", "a@x.org")]),  # continued
    ("Fix\n\nCo-authored-by: a@x.org", [Person("", "a@x.org")]),
    ("Fix\n\nCo-authored-by: just-a-name", [Person("just-a-name", "")]),
    ("Fix\n \t\nCo-authored-by: A <a@x.org>", [Person("A", "a@x.org")]),  # a blank-ish line
    ("Fix\n\nCo-authored-by: A <a@x.org>\n\nTrailing prose.", []),
    ("Fix\n\n Co-authored-by: A <a@x.org>", []),  # a continuation of nothing is no key
    ("Fix\n\nCo-authored: A <a@x.org>\nAuthored-by: B <b@x.org>", []),
    ("", []),
])
def test_trailer_block(message: str, expected: list[Person]) -> None:
    assert co_authors(message) == expected


def test_noreply_addresses_name_an_account() -> None:
    assert noreply("123+Coord@users.noreply.github.com") == Account("coord", 123)
    assert noreply(" coord@USERS.noreply.github.com ") == Account("coord", None)
    assert noreply("coord@users.noreply.github.com.evil.example") is None
    assert noreply("coord@github.com") is None


def test_a_name_is_a_login_only_when_it_could_be_one() -> None:
    assert as_login(" QCSD-TechCoord ") == "qcsd-techcoord"
    assert as_login("Tech Coord") is None
    assert as_login("") is None
