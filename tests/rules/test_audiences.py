"""audiences: every audience and site is a key of the policy."""

from __future__ import annotations

from tests.conftest import Repo
from tests.rules.helpers import CHANGE, check, edit


def test_known_audiences_pass(repo: Repo) -> None:
    check(repo, CHANGE, [])


def test_unknown_audience(repo: Repo) -> None:
    found = check(repo, edit(("audiences: [all-staff, students]",
                              "audiences: [all-staff, all-teachers]")), [("audiences", 10)])
    assert found[0]["message"].startswith("unknown audience all-teachers; the policy knows ")


def test_unknown_site_on_its_own_line(repo: Repo) -> None:
    text = edit(("sites: [high-school]", "sites:\n    - high-school\n    - junior-high"))
    found = check(repo, text, [("audiences", 13)])
    assert found[0]["message"].startswith("unknown site junior-high;")
