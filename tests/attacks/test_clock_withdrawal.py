"""Issue 23, item 15: a withdrawal by force-push restarts the notice clock.

A technician pushes a change in time, force-pushes the branch to a commit without it (the
change is withdrawn: nobody could see it any more), and weeks later force-pushes it back. The
commit of the withdrawal is gone from the clone, and a push whose commit the clone lacks used
to be dropped before the break was looked for, so the change kept its first, early clock. A
branch deletion already restarted it; a push to a commit that does not hold the schedule is the
same break, whether the clone has that commit or not.
"""

from __future__ import annotations

from tests import fake_github as gh
from tests.conftest import FIXTURES
from tests.test_clock_pushes import PullRequest, claims, errors, pr  # noqa: F401
from tests.validating import CHANGE_PATH

CHANGE = (FIXTURES / "change.yaml").read_text(encoding="utf-8")
GONE = "e" * 40  # the withdrawal's commit, force-pushed away and never fetched


def test_a_withdrawal_to_a_commit_the_clone_lacks_restarts_the_clock(
        pr: PullRequest) -> None:  # noqa: F811
    switch = pr.repo.commit("Upgrade the core switch", "2026-11-20T09:00:00-06:00",
                            files={CHANGE_PATH: CHANGE})
    pr.opened(switch)
    pr.pushed((switch, "2026-11-20T15:05:00Z"),
              gh.activity(GONE, "2026-11-26T15:05:00Z", kind="force_push", before=switch),
              gh.activity(switch, "2026-12-09T15:05:00Z", kind="force_push", before=GONE))
    code, findings = pr.validate()
    assert code == 1
    assert errors(findings)[0].startswith("submitted Wed 2026-12-09 09:05")
    assert claims(findings) == []


def test_a_branch_deletion_restarts_the_clock_the_same_way(pr: PullRequest) -> None:  # noqa: F811
    switch = pr.repo.commit("Upgrade the core switch", "2026-11-20T09:00:00-06:00",
                            files={CHANGE_PATH: CHANGE})
    pr.opened(switch)
    pr.pushed((switch, "2026-11-20T15:05:00Z"),
              gh.activity(switch, "2026-11-26T15:05:00Z", kind="branch_deletion"),
              gh.activity(switch, "2026-12-09T15:05:00Z", kind="branch_creation"))
    code, findings = pr.validate()
    assert code == 1
    assert errors(findings)[0].startswith("submitted Wed 2026-12-09 09:05")


def test_a_withdrawal_not_yet_pushed_back_leaves_the_time_a_claim(pr: PullRequest) -> None:  # noqa: F811
    """The last push GitHub records is a commit the clone lacks (a push that raced this run):
    nothing vouches for the schedule still being there, so the time is no more than a claim,
    and never earlier than that push."""
    switch = pr.repo.commit("Upgrade the core switch", "2026-11-20T09:00:00-06:00",
                            files={CHANGE_PATH: CHANGE})
    pr.opened(switch)
    pr.pushed((switch, "2026-11-20T15:05:00Z"),
              gh.activity(GONE, "2026-12-09T15:05:00Z", kind="force_push", before=switch))
    code, findings = pr.validate()
    assert code == 1
    assert errors(findings)[0].startswith("submitted Wed 2026-12-09 09:05")
    assert claims(findings)
