"""Issue 23 (6): the coordinator's `delayed` label is a delay only a coordinator can lift.

Anyone who can edit labels (triage and write roles, every technician) can take a label off a
pull request. The check reads who did from the timeline's labeled and unlabeled events, on the
loopback GitHub (answers shaped by GitHub's OpenAPI description) and a real repository.
"""

from __future__ import annotations

from typing import Any

from tests import fake_github as gh
from tests.test_approval import COORD, DEPUTY, TECH, Setup, approval, setup  # noqa: F401

OUTSIDER = "helpful-admin"


def approved_then_delayed(setup: Setup, *events: dict[str, Any]) -> None:  # noqa: F811
    """COORD approved the head, then put `delayed` on; then the events, oldest first. The
    label is off the pull request now, whoever took it off."""
    setup.pull(labels=("change-request",))
    setup.reviews((COORD, "APPROVED", setup.head))
    setup.state.objects[setup.state.repo("issues/1/timeline")] = [
        gh.labeled("change-request", by=TECH, at="2026-11-20T15:01:00Z"),
        gh.labeled("delayed", by=COORD, at="2026-11-21T10:00:00Z"),
        *events]


def test_a_delay_lifted_by_a_technician_still_stands(setup: Setup) -> None:  # noqa: F811
    approved_then_delayed(setup, gh.unlabeled("delayed", by=TECH, at="2026-11-22T08:00:00Z"))
    code, out = approval(setup)
    assert code == 1, out
    assert out == (f"delayed: {COORD} put the 'delayed' label on PR #1 on "
                   f"2026-11-21T10:00:00Z; {TECH} took it off on 2026-11-22T08:00:00Z, but only "
                   "a coordinator can lift a delay: a coordinator puts the label back and "
                   "takes it off themself")


def test_nobody_but_a_coordinator_lifts_it(setup: Setup) -> None:  # noqa: F811
    # Not a repository administrator, not a deleted account, not a second try after a
    # coordinator's own label went on again.
    for by in (OUTSIDER, "ghost"):
        approved_then_delayed(setup, gh.unlabeled("Delayed", by=by, at="2026-11-22T08:00:00Z"))
        code, out = approval(setup)
        assert code == 1, out
        assert f"{by} took it off on 2026-11-22T08:00:00Z, but only a coordinator" in out
    approved_then_delayed(
        setup, gh.unlabeled("delayed", by=DEPUTY, at="2026-11-22T08:00:00Z"),
        gh.labeled("delayed", by=COORD, at="2026-11-23T08:00:00Z"),
        gh.unlabeled("delayed", by=TECH, at="2026-11-24T08:00:00Z"))
    code, out = approval(setup)
    assert code == 1 and f"{TECH} took it off on 2026-11-24T08:00:00Z" in out, out


def test_a_delay_whose_label_vanished_without_a_trace_stands(setup: Setup) -> None:  # noqa: F811
    # Deleting or renaming the label takes it off every pull request with no unlabeled event.
    approved_then_delayed(setup)
    code, out = approval(setup)
    assert code == 1, out
    assert out == (f"delayed: {COORD} put the 'delayed' label on PR #1 on 2026-11-21T10:00:00Z; "
                   "it is gone, but no coordinator took it off (was the label deleted or "
                   "renamed?), so the delay stands: a coordinator puts the label back and "
                   "takes it off themself")


def test_a_coordinator_lifts_the_delay(setup: Setup) -> None:  # noqa: F811
    for by in (COORD, DEPUTY.upper()):  # any coordinator, as GitHub spells the login or not
        approved_then_delayed(setup, gh.unlabeled("delayed", by=by, at="2026-11-22T08:00:00Z"))
        code, out = approval(setup)
        assert code == 0, out
        assert out.startswith(f"approved by {COORD}")


def test_a_label_a_technician_put_on_is_theirs_to_take_off(setup: Setup) -> None:  # noqa: F811
    setup.pull(labels=("change-request",))
    setup.reviews((COORD, "APPROVED", setup.head))
    setup.state.objects[setup.state.repo("issues/1/timeline")] = [
        gh.labeled("delayed", by=TECH, at="2026-11-21T10:00:00Z"),
        gh.unlabeled("delayed", by=TECH, at="2026-11-21T11:00:00Z")]
    code, out = approval(setup)
    assert code == 0, out


def test_the_timeline_is_read_to_its_last_page(setup: Setup) -> None:  # noqa: F811
    setup.state.page_size = 2
    approved_then_delayed(setup, *[gh.labeled(f"note-{i}", by=TECH, at=f"2026-11-21T11:0{i}:00Z")
                                   for i in range(5)],
                          gh.unlabeled("delayed", by=TECH, at="2026-11-22T08:00:00Z"))
    code, out = approval(setup)
    assert code == 1, out
    pages = [p for p, _ in setup.state.requests if p.endswith("/timeline")]
    assert len(pages) == 4
