"""Issue 23 (7): GitHub credits a `Co-authored-by:` trailer as authorship, so an approver named
in one has written part of the pull request and cannot approve it.

On the loopback GitHub (answers shaped by GitHub's OpenAPI description) and a real repository.
"""

from __future__ import annotations

from tests import fake_github as gh
from tests.test_approval import COORD, DEPUTY, TECH, Setup, approval, setup  # noqa: F401

NOREPLY = "users.noreply.github.com"


def noreply(login: str, *, old: bool = False) -> str:
    """The address GitHub gives each account to commit with: ID+login (since 2017) or login."""
    return f"{login}@{NOREPLY}" if old else f"{gh.user(login)['id']}+{login}@{NOREPLY}"


def coauthored(setup: Setup, message: str) -> None:  # noqa: F811
    """TECH's pull request whose second commit has message; COORD approved its head."""
    setup.pull()
    setup.reviews((COORD, "APPROVED", setup.head))
    commits = setup.state.objects[setup.state.repo("pulls/1/commits")]
    commits.append(gh.commit("b" * 40, author=TECH, message=message))
    setup.state.objects[setup.state.repo("pulls/1")]["commits"] = len(commits)


def test_the_approvers_noreply_address_as_co_author_disqualifies(setup: Setup) -> None:  # noqa: F811
    for address in (noreply(COORD), noreply(COORD, old=True), noreply(COORD).upper()):
        coauthored(setup, f"Fix the backout\n\nCo-authored-by: The Coordinator <{address}>\n")
        code, out = approval(setup)
        assert code == 1, out
        assert out == (f"not approved: {COORD} approved but is named as a co-author of "
                       "commit bbbbbbb (Co-authored-by), which GitHub counts as writing it; "
                       "another coordinator must approve")


def test_the_approvers_login_as_the_name_disqualifies(setup: Setup) -> None:  # noqa: F811
    coauthored(setup, f"Fix the backout\n\nCo-authored-by: {COORD.upper()} "
                      f"<{noreply(DEPUTY)}>\n")
    code, out = approval(setup)
    assert code == 1, out
    assert f"{COORD} approved but is named as a co-author of commit bbbbbbb" in out


def test_a_renamed_account_is_known_by_its_id(setup: Setup) -> None:  # noqa: F811
    renamed = f"{gh.user(COORD)['id']}+old-name@{NOREPLY}"
    coauthored(setup, f"Fix\n\nCo-authored-by: Old Name <{renamed}>\n")
    code, out = approval(setup)
    assert code == 1, out
    assert "is named as a co-author" in out


def test_every_trailer_of_the_block_counts_whatever_its_case(setup: Setup) -> None:  # noqa: F811
    message = ("Fix the backout\r\n\r\nThe old steps missed the reload.\r\n\r\n"
               f"Signed-off-by: Jane Tech <{noreply(TECH)}>\r\n"
               f"co-authored-BY: Deputy <{noreply(DEPUTY)}>\r\n"
               f"CO-AUTHORED-BY:The Coordinator\r\n  <{noreply(COORD)}>\r\n")
    coauthored(setup, message)
    code, out = approval(setup)
    assert code == 1, out
    assert f"{COORD} approved but is named as a co-author" in out


def test_a_co_author_no_account_is_tied_to_fails_like_an_unlinked_commit(
        setup: Setup) -> None:  # noqa: F811
    coauthored(setup, "Fix\n\nCo-authored-by: Tech Coord <coordinator@home.example>\n")
    code, out = approval(setup)
    assert code == 1, out
    assert out == ("not approved: GitHub ties no account to commit bbbbbbb's co-author (Tech "
                   "Coord <coordinator@home.example>), so it could be the approver's own work; "
                   "write the co-author's GitHub address (ID+login@users.noreply.github.com, "
                   "under Settings → Emails) in the Co-authored-by line, or drop the line, "
                   "and push")


def test_a_co_author_who_is_someone_else_does_not_stop_the_approval(
        setup: Setup) -> None:  # noqa: F811
    # A colleague by their noreply address, or by an address GitHub ties to an account in this
    # very pull request (the fake's commits are all someone@qcsd.example.org, as TECH).
    for who in (f"Mike Brown <{noreply('mbrown')}>", f"Jane <{noreply(TECH, old=True)}>",
                "Someone <Someone@qcsd.example.org>"):
        coauthored(setup, f"Fix the backout\n\nCo-authored-by: {who}\n")
        code, out = approval(setup)
        assert code == 0, out
        assert out.startswith(f"approved by {COORD}")


def test_only_the_trailer_block_counts(setup: Setup) -> None:  # noqa: F811
    # Prose that quotes a trailer is not one: GitHub credits the last paragraph's trailers.
    for message in (f"Fix\n\nCo-authored-by: {COORD} <{noreply(COORD)}>\n\nOn the wiki.\n",
                    f"Fix\n\nWe did not write Co-authored-by: {COORD} <{noreply(COORD)}>\n"):
        coauthored(setup, message)
        code, out = approval(setup)
        assert code == 0, (message, out)
    # A message that is nothing but the trailer: git would call it a title, but nothing says
    # GitHub does, so it counts.
    coauthored(setup, f"Co-authored-by: {COORD} <{noreply(COORD)}>")
    assert approval(setup)[0] == 1
