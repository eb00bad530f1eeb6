"""Which notice is due, to whom: pure functions over two snapshots."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cmcheck.core.configuration import load_policy
from cmcheck.core.judge.context import Subject
from cmcheck.core.model.loader import Document
from cmcheck.core.model.localtime import zone
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.policy import Policy
from cmcheck.core.reading import parse
from cmcheck.notices import due as notices
from cmcheck.notices import when
from tests.conftest import FIXTURES

REVIEW = ("review:\n  outcome: successful\n  completed: 2026-12-19 21:40\n"
          "  notes: Done.\n")


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy((FIXTURES / "policy.yaml").read_bytes(), where="tests")


def subject(policy: Policy, text: str, change_id: str = "c") -> Subject:
    doc, change, findings = parse("x.yaml", text.encode(), ChangeRequest, policy.tz)
    assert findings == [] and isinstance(change, ChangeRequest) and isinstance(doc, Document)
    return Subject(id=change_id, path=f"changes/{change_id}.yaml", change=change,
                   raw=text.encode())


def kinds(found: list[notices.Notice]) -> list[tuple[str, str]]:
    return [(n.change_id, n.kind) for n in found]


def test_new_moved_reviewed_and_deleted(policy: Policy, change_text: str) -> None:
    plain = subject(policy, change_text)
    moved = subject(policy, change_text.replace("20:00", "19:30"))
    done = subject(policy, change_text + REVIEW)
    assert kinds(notices.due({}, {"c": plain}, policy)) == [("c", "scheduled")]
    assert kinds(notices.due({"c": plain}, {"c": plain}, policy)) == []
    assert kinds(notices.due({"c": plain}, {"c": moved}, policy)) == [("c", "rescheduled")]
    assert kinds(notices.due({"c": plain}, {"c": done}, policy)) == [("c", "completion")]
    assert kinds(notices.due({"c": plain}, {}, policy, deleted=["c"])) == [("c", "cancelled")]
    assert kinds(notices.due({"c": plain}, {}, policy)) == []  # invalid now, not deleted
    assert kinds(notices.due({"c": done}, {}, policy, deleted=["c"])) == []  # history
    # Merged with its review already in it: announced and completed at once.
    assert kinds(notices.due({}, {"c": done}, policy)) == [("c", "scheduled"), ("c", "completion")]


def test_recipients(policy: Policy, change_text: str) -> None:
    change = subject(policy, change_text.replace("sites: [high-school]",
                                                 "sites: [high-school, elementary]")).change
    assert notices.recipients("scheduled", change, policy) == (
        "all-staff@qcsd.example.org", "student-notices@qcsd.example.org")
    assert notices.recipients("completion", change, policy) == (
        "all-staff@qcsd.example.org", "student-notices@qcsd.example.org",
        "hs-principal@qcsd.example.org", "es-principal@qcsd.example.org",
        "superintendent@qcsd.example.org")


def test_revisions_change_with_what_is_announced(policy: Policy, change_text: str) -> None:
    plain = subject(policy, change_text).change
    retitled = subject(policy, change_text.replace("title: Upgrade", "title: Upgrading")).change
    moved = subject(policy, change_text.replace("20:00", "19:30")).change
    assert notices.revision("scheduled", plain) == notices.revision("scheduled", retitled)
    assert notices.revision("scheduled", plain) != notices.revision("scheduled", moved)
    assert notices.revision("scheduled", plain) != notices.revision("reminder", plain)


def test_reminders_fall_due_within_the_lead_time(policy: Policy, change_text: str) -> None:
    changes = {"c": subject(policy, change_text),
               "d": subject(policy, change_text + REVIEW, "d")}
    tz = zone("America/Chicago")

    def at(text: str) -> list[tuple[str, str]]:
        moment = datetime.fromisoformat(text).replace(tzinfo=tz)
        return kinds(notices.reminders(changes, policy, moment))

    assert at("2026-12-18T19:59") == []
    assert at("2026-12-18T20:00") == [("c", "reminder")]
    assert at("2026-12-19T19:59") == [("c", "reminder")]
    assert at("2026-12-19T20:00") == []


@pytest.mark.parametrize(("start", "end", "shown"), [
    ("2026-12-13T01:30", "2026-12-13T04:00", "Saturday, December 12, 7:30 PM – 10:00 PM CST"),
    ("2026-12-13T05:00", "2026-12-13T08:00",
     "Saturday, December 12, 11:00 PM – Sunday, December 13, 2:00 AM CST"),
    ("2027-03-14T06:00", "2027-03-14T09:00",
     "Sunday, March 14, 12:00 AM CST – Sunday, March 14, 4:00 AM CDT"),
    ("2026-07-01T17:00", "2026-07-01T18:15", "Wednesday, July 1, 12:00 PM – 1:15 PM CDT"),
])
def test_times_read_like_a_person_writes_them(start: str, end: str, shown: str) -> None:
    tz = zone("America/Chicago")
    first = datetime.fromisoformat(start).replace(tzinfo=UTC)
    last = datetime.fromisoformat(end).replace(tzinfo=UTC)
    assert when.span(first, last, tz) == shown
