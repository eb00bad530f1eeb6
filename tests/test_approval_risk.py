"""A high-risk change needs a second coordinator's approval when the policy asks for it, on the
loopback GitHub and a real repository; the approval line names the risk."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import fake_github as gh
from tests.conftest import Repo, run
from tests.test_approval import COORD, DEPUTY, Setup

# The test change (firmware, mission-critical data, Saturday evening) made an operating-system
# upgrade at every site: 4 sites +2, mission-critical data +2, os-upgrade +1, and the
# inventory's sis-server (office-staff, teachers) makes 4 audiences +1: 6, high.
HIGH = [("category: firmware-upgrade", "category: os-upgrade"),
        ("sites: [high-school]", "sites: [high-school, middle-school, elementary, central-office]")]
INVENTORY = """systems:
  core-switch-01: {name: Core switch, kind: switch, sites: [high-school]}
  sis-server:
    name: SIS server
    kind: server
    sites: [central-office]
    depends_on: [core-switch-01]
    audiences: [office-staff, teachers]
    mission_critical_data: true
    owner: {name: SIS data manager, email: sis-manager@qcsd.example.org}
"""


def make(repo: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch, *, approvals: int,
         high: bool) -> Iterator[Setup]:
    policy = (repo.root / "policy.yaml").read_text(encoding="utf-8").replace(
        f"coordinators: [{COORD}]", f"coordinators: [{COORD}, {DEPUTY}]")
    policy += f"risk:\n  high_risk_approvals: {approvals}\n"
    repo.commit("Two coordinators, a risk policy, an inventory", "2026-11-02T12:00:00-05:00",
                files={"policy.yaml": policy, "inventory.yaml": INVENTORY})
    base = repo.git.head.commit.hexsha
    repo.branch("change")
    text = change_text
    for old, new in HIGH if high else []:
        text = text.replace(old, new)
    head = repo.commit("Add a change request", "2026-11-20T09:00:00-06:00",
                       files={"changes/2026/2026-12-19-switch.yaml": text})
    state = gh.State()
    for _ in gh.serve_to_cmcheck(state, monkeypatch):
        setup = Setup(repo, state, base, head)
        setup.pull()
        yield setup


@pytest.fixture
def high(repo: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    yield from make(repo, change_text, monkeypatch, approvals=2, high=True)


@pytest.fixture
def medium(repo: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    yield from make(repo, change_text, monkeypatch, approvals=2, high=False)


def approval(setup: Setup) -> tuple[int, str]:
    result = run(setup.repo.root, "approval", "--pr", "1", "--base", "main")
    return result.exit_code, result.output.strip()


def test_one_approval_of_a_high_risk_change_is_not_enough(high: Setup) -> None:
    high.reviews((COORD, "APPROVED", high.head))
    code, out = approval(high)
    assert code == 1
    assert out == (f"high risk (2026-12-19-switch): the policy asks 2 coordinators to approve; "
                   f"approved only by {COORD}; risk: high (2026-12-19-switch)")


def test_a_second_coordinators_approval_passes_it(high: Setup) -> None:
    high.reviews((COORD, "APPROVED", high.head), (DEPUTY, "APPROVED", high.head))
    code, out = approval(high)
    assert code == 0, out
    assert out == (f"approved by {COORD} on 2026-11-20T10:00:00Z and {DEPUTY} on "
                   f"2026-11-21T10:00:00Z at {high.head[:7]}; grants no exceptions; "
                   "risk: high (2026-12-19-switch)")


def test_the_same_coordinator_twice_counts_once(high: Setup) -> None:
    high.reviews((COORD, "APPROVED", high.head), (COORD, "APPROVED", high.head))
    assert approval(high)[0] == 1


def test_a_stale_second_approval_does_not_count(high: Setup) -> None:
    high.reviews((COORD, "APPROVED", high.head), (DEPUTY, "APPROVED", "0" * 40))
    code, out = approval(high)
    assert code == 1 and "approved only by" in out


def test_a_medium_risk_change_needs_one(medium: Setup) -> None:
    medium.reviews((COORD, "APPROVED", medium.head))
    code, out = approval(medium)
    assert code == 0, out
    assert out.endswith("; risk: medium (2026-12-19-switch)")
