"""End to end: real commits, `cmcheck notify`, a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import itertools
import re
import shutil
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import git
import pytest

from cmcheck.notices import ledger
from tests import ledgers
from tests.conftest import REPO_ROOT, Repo, run
from tests.smtpserver import (
    LEDGER_KEY,
    Inbox,
    Password,
    certificate,
    guarded,
    inbox,
    tls_inbox,
)

__all__ = ["certificate", "guarded", "inbox", "tls_inbox"]

PATH = "changes/2026/2026-12-19-core-switch.yaml"
KEY = LEDGER_KEY.encode()
ROOT_ID = "<2026-12-19-core-switch@qcsd.example.org>"
AUDIENCE = ["all-staff@qcsd.example.org", "student-notices@qcsd.example.org"]
OFFICIALS = ["hs-principal@qcsd.example.org", "superintendent@qcsd.example.org"]
REVIEW = """review:
  outcome: postponed
  completed: 2026-12-19 20:40
  notes: The new image failed its checksum on the switch, so the upgrade did not start.
  next_steps: The vendor sends a new image; the upgrade moves to January 9.
"""


@pytest.fixture
def district(repo: Repo) -> Repo:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    repo.commit("Add the notice templates", "2026-11-01T13:00:00-05:00")
    ledgers.start(repo)  # the coordinator's one-time start (notify --init)
    return repo


def started(repo: Repo) -> dict[str, str]:
    """The one record of a ledger the coordinator started and no run has moved."""
    (first,) = [r for r in ledger.load(repo.git, KEY).records if "started" in r]
    return first


def notify(repo: Repo, before: str, after: str, *extra: str) -> int:
    return run(repo.root, "notify", "--before", before, "--after", after, *extra).exit_code


def moved(text: str) -> str:
    return (text.replace("start: 2026-12-19 20:00", "start: 2026-12-20 18:00")
                .replace("end: 2026-12-19 22:00", "end: 2026-12-20 20:00"))


def test_scheduled_goes_to_the_audiences_once(district: Repo, inbox: Inbox,
                                              change_text: str) -> None:
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule the switch upgrade", "2026-12-01T10:00:00-06:00",
                            {PATH: change_text})
    assert notify(district, before, after) == 0
    assert len(inbox.received) == 1
    got = inbox.received[0]
    assert got.recipients == AUDIENCE
    message = got.message
    assert message["Message-ID"] == ROOT_ID
    assert message["Subject"] == ("[Quitman County School District] Scheduled: Upgrade the high "
                                  "school core switch from IOS 15.2 to IOS XE 17.3")
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",))
    assert text is not None
    assert "Saturday, December 19, 8:00 PM – 10:00 PM CST" in text.get_content()

    assert notify(district, before, after) == 0  # the same push again
    assert len(inbox.received) == 1


def test_reschedule_threads_to_the_original_notice(district: Repo, inbox: Inbox,
                                                   change_text: str) -> None:
    first = district.git.head.commit.hexsha
    second = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    third = district.commit("Move it a day", "2026-12-02T10:00:00-06:00",
                            {PATH: moved(change_text)})
    assert notify(district, first, second) == 0
    assert notify(district, second, third) == 0
    assert len(inbox.received) == 2
    notice = inbox.received[1].message
    assert str(notice["Subject"]).startswith("[Quitman County School District] Rescheduled: ")
    assert notice["In-Reply-To"] == ROOT_ID
    assert str(notice["References"]).split() == [ROOT_ID]
    body = notice.get_body(("plain",))
    assert body is not None
    content = body.get_content()
    assert "Sunday, December 20, 6:00 PM – 8:00 PM CST" in content
    assert "Was:    Saturday, December 19, 8:00 PM – 10:00 PM CST" in content
    assert inbox.received[1].recipients == AUDIENCE


def test_completion_adds_the_principal_of_the_site_and_the_superintendent(
        district: Repo, inbox: Inbox, change_text: str) -> None:
    first = district.git.head.commit.hexsha
    second = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    third = district.commit("Review", "2026-12-20T09:00:00-06:00", {PATH: change_text + REVIEW})
    assert notify(district, first, second) == 0
    assert notify(district, second, third) == 0
    completion = inbox.received[-1]
    assert completion.recipients == AUDIENCE + OFFICIALS
    assert "ms-principal@qcsd.example.org" not in completion.recipients
    assert completion.message["Subject"] == (
        "[Quitman County School District] Change postponed: Upgrade the high school core switch "
        "from IOS 15.2 to IOS XE 17.3")
    assert completion.message["In-Reply-To"] == ROOT_ID
    body = completion.message.get_body(("plain",))
    assert body is not None
    assert "What happens next: The vendor sends a new image" in body.get_content()
    # The scheduled notice before it went to no official.
    assert not set(OFFICIALS) & set(inbox.received[0].recipients)


def test_deleting_a_change_cancels_it(district: Repo, inbox: Inbox, change_text: str) -> None:
    first = district.git.head.commit.hexsha
    second = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    third = district.commit("Call it off", "2026-12-03T10:00:00-06:00", remove=[PATH])
    assert notify(district, first, second) == 0
    assert notify(district, second, third) == 0
    cancelled = inbox.received[-1]
    assert str(cancelled.message["Subject"]).startswith(
        "[Quitman County School District] Cancelled: ")
    assert cancelled.recipients == AUDIENCE
    assert cancelled.message["In-Reply-To"] == ROOT_ID


def test_an_invalid_file_is_not_a_cancellation(district: Repo, inbox: Inbox,
                                               change_text: str) -> None:
    first = district.git.head.commit.hexsha
    second = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    third = district.commit("Break it", "2026-12-03T10:00:00-06:00",
                            {PATH: change_text.replace("kind: scheduled", "kind: sometimes")})
    assert notify(district, first, second) == 0
    assert notify(district, second, third) == 0
    assert len(inbox.received) == 1


def test_an_unscheduled_change_is_one_notice_to_everyone(district: Repo, inbox: Inbox,
                                                         change_text: str) -> None:
    text = change_text.replace("kind: scheduled", "kind: unscheduled") + (
        "unscheduled:\n  reason: The core switch failed at 10:14 during classes.\n" + REVIEW)
    first = district.git.head.commit.hexsha
    second = district.commit("Report the emergency", "2026-12-20T09:00:00-06:00", {PATH: text})
    assert notify(district, first, second) == 0
    assert len(inbox.received) == 1
    got = inbox.received[0]
    assert got.recipients == AUDIENCE + OFFICIALS
    body = got.message.get_body(("plain",))
    assert body is not None
    content = body.get_content()
    assert "Why:    The core switch failed at 10:14 during classes." in content
    assert "Result: The change was postponed" in content


def test_a_refused_recipient_is_delivered_by_the_next_run_alone(
        district: Repo, inbox: Inbox, change_text: str) -> None:
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    inbox.refuse = {"student-notices@qcsd.example.org"}
    assert notify(district, before, after) == 1
    assert inbox.recipients() == ["all-staff@qcsd.example.org"]
    inbox.refuse = set()
    assert notify(district, before, after) == 0
    assert len(inbox.received) == 2
    assert inbox.received[1].recipients == ["student-notices@qcsd.example.org"]
    assert inbox.received[1].message["Message-ID"] == ROOT_ID  # the same message
    assert notify(district, before, after) == 0
    assert len(inbox.received) == 2


def test_a_failure_half_way_leaves_the_rest_to_the_next_run(
        district: Repo, inbox: Inbox, change_text: str) -> None:
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule two", "2026-12-01T10:00:00-06:00", {
        PATH: change_text,
        "changes/2026/2026-12-20-second.yaml": moved(change_text),
    })
    inbox.fail_data_after = 1
    assert notify(district, before, after) == 2
    assert len(inbox.received) == 1
    inbox.fail_data_after = None
    assert notify(district, before, after) == 0
    assert [r.message["Message-ID"] for r in inbox.received] == [
        ROOT_ID, "<2026-12-20-second@qcsd.example.org>"]


def test_a_later_run_sends_what_an_unfinished_run_left(district: Repo, inbox: Inbox,
                                                       change_text: str) -> None:
    first = district.git.head.commit.hexsha
    second = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    assert notify(district, first, second) == 0
    # This push's run was cancelled before it sent anything...
    third = district.commit("Another", "2026-12-02T10:00:00-06:00",
                            {"changes/2026/2026-12-20-second.yaml": moved(change_text)})
    # ...so the next push's run (third..fourth) also announces it.
    fourth = district.commit("Move the first", "2026-12-03T10:00:00-06:00",
                             {PATH: moved(change_text)})
    assert notify(district, third, fourth) == 0
    kinds = sorted(str(r.message["X-Cmcheck-Notice"]).split()[0] for r in inbox.received)
    assert kinds == ["rescheduled", "scheduled", "scheduled"]
    assert ledger.load(district.git, KEY).last_done() == fourth


def test_the_ledger_lives_in_a_ref_that_a_fresh_clone_can_fetch(
        district: Repo, inbox: Inbox, change_text: str, tmp_path: Path) -> None:
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    assert notify(district, before, after) == 0
    # A fresh runner: clone, fetch the ledger ref the way the workflow does, run again.
    runner = tmp_path / "runner"
    clone = git.Repo.clone_from(district.root, runner)
    clone.git.fetch("origin", f"+{ledger.REF}:{ledger.REF}")
    result = run(runner, "notify", "--before", before, "--after", after)
    assert result.exit_code == 0
    assert len(inbox.received) == 1
    # Where announcing started, two recipients, and the finished run.
    assert len(ledger.load(clone, KEY).records) == 4


def test_reminders_go_once_within_the_lead_time(district: Repo, inbox: Inbox,
                                                change_text: str) -> None:
    district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    early = run(district.root, "notify", "--reminders", "--now", "2026-12-18T19:00:00-06:00")
    assert early.exit_code == 0
    assert inbox.received == []
    for now in ("2026-12-18T20:30:00-06:00", "2026-12-19T08:00:00-06:00"):
        assert run(district.root, "notify", "--reminders", "--now", now).exit_code == 0
    assert len(inbox.received) == 1
    reminder = inbox.received[0]
    assert reminder.recipients == AUDIENCE
    assert str(reminder.message["Subject"]).startswith(
        "[Quitman County School District] Reminder: ")
    assert reminder.message["In-Reply-To"] == ROOT_ID


def test_now_without_an_offset_is_the_district_s_local_time(district: Repo, inbox: Inbox,
                                                           change_text: str) -> None:
    # The change starts Sat 2026-12-19 20:00 Chicago time; reminders go 24 hours ahead.
    # 21:00 read as UTC would be 15:00 in Chicago, before the reminder is due.
    district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    result = run(district.root, "notify", "--reminders", "--now", "2026-12-18T21:00")
    assert result.exit_code == 0, result.output
    assert len(inbox.received) == 1
    assert str(inbox.received[0].message["Subject"]).startswith(
        "[Quitman County School District] Reminder: ")


def test_dry_run_previews_without_sending_or_recording(
        district: Repo, inbox: Inbox, change_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00",
                            {PATH: change_text.replace("IOS 15.2", "IOS `15.2` <b>")})
    summary = district.root.parent / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run(district.root, "notify", "--before", before, "--after", after, "--dry-run")
    assert result.exit_code == 0
    assert inbox.received == []
    assert ledger.load(district.git, KEY).records == [started(district)]
    # Plain text on the terminal, as a person reads it; Markdown in the rendered summary.
    assert result.output.startswith("cmcheck notify (preview)\n\n--- scheduled to ")
    assert "\nSubject: [Quitman County School District] Scheduled: " in result.output
    assert "IOS `15.2` <b>" in result.output and "&#" not in result.output
    assert "\nThe Technology Department has scheduled a change" in result.output
    markdown = summary.read_text(encoding="utf-8")
    assert "### &#91;Quitman County School District&#93; Scheduled: " in markdown
    assert "IOS &#96;15.2&#96; &#60;b&#62;" in markdown
    assert "```text\nThe Technology Department has scheduled a change" in markdown


def test_a_dry_run_in_a_workflow_log_cannot_issue_commands(
        district: Repo, inbox: Inbox, change_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    before = district.git.head.commit.hexsha
    forged = change_text.replace(
        "summary: The high school loses",
        'summary: "x\\n::error file=policy.yaml,line=1::forged\\nThe high school loses', 1
    ).replace("for up to 45 minutes.", 'for up to 45 minutes."', 1)
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: forged})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run(district.root, "notify", "--before", before, "--after", after, "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines[0].removeprefix("::stop-commands::")
    assert len(start) == 32 and lines[-1] == f"::{start}::"
    assert "::error file=policy.yaml,line=1::forged" in lines[1:-1]


def test_outbox_holds_each_message_as_eml(district: Repo, inbox: Inbox,
                                          change_text: str) -> None:
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    outbox = district.root.parent / "outbox"
    assert notify(district, before, after, "--outbox", str(outbox)) == 0
    files = sorted(outbox.iterdir())
    assert len(files) == 1
    assert re.fullmatch(r"2026-12-19-core-switch\.scheduled\.[0-9a-f]{16}\.eml", files[0].name)
    saved = message_from_bytes(files[0].read_bytes(), policy=default)
    sent = inbox.received[0].message
    assert saved["Message-ID"] == sent["Message-ID"] == ROOT_ID
    assert saved.get_body(("plain",)).get_content() == sent.get_body(("plain",)).get_content()


def test_usage_and_configuration_problems_exit_2(repo: Repo, tmp_path: Path,
                                                 change_text: str) -> None:
    before = repo.git.head.commit.hexsha
    after = repo.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    neither = run(repo.root, "notify")
    assert neither.exit_code == 2 and "nothing to announce: --before SHA" in neither.output
    no_templates = run(repo.root, "notify", "--before", before, "--after", after, "--dry-run")
    assert no_templates.exit_code == 2
    assert "no template scheduled.txt.j2 in" in no_templates.output
    unknown = run(repo.root, "notify", "--before", "nope", "--after", after)
    assert unknown.exit_code == 2 and "unknown git ref 'nope'" in unknown.output
    (tmp_path / "plain").mkdir()
    assert run(tmp_path / "plain", "notify", "--reminders").exit_code == 2


def test_without_smtp_nothing_is_sent_or_recorded(district: Repo, change_text: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CMCHECK_SMTP_HOST", raising=False)
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    result = run(district.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 0
    assert "CMCHECK_SMTP_HOST is not set: nothing was sent or recorded." in result.output
    assert "Scheduled: Upgrade the high school core switch" in result.output
    assert ledger.load(district.git, KEY).records == [started(district)]


def test_logs_in_when_a_user_is_set(district: Repo, change_text: str,
                                    guarded: tuple[Inbox, Password],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    box, password = guarded
    # A plain server: only a relay on this machine, allowed by name (test_smtp_tls.py).
    monkeypatch.setenv("CMCHECK_SMTP_INSECURE_LOOPBACK", "1")
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    monkeypatch.setenv("CMCHECK_SMTP_PASSWORD", "wrong")
    refused = run(district.root, "notify", "--before", before, "--after", after)
    assert refused.exit_code == 2 and "SMTPAuthenticationError" in refused.output
    assert box.received == []
    # nothing sent, no progress
    assert ledger.load(district.git, KEY).records == [started(district)]
    monkeypatch.setenv("CMCHECK_SMTP_PASSWORD", "s3cret")
    assert notify(district, before, after) == 0
    assert password.seen[0] == (b"notices", False)
    assert password.seen[-1] == (b"notices", True)
    assert box.recipients() == AUDIENCE
    # The From defaults to the district's contact.
    assert box.received[0].sender == "technology@qcsd.example.org"
    assert box.received[0].message["From"] == (
        "Technology Department <technology@qcsd.example.org>")


def test_uses_starttls_when_offered(district: Repo, change_text: str, tls_inbox: Inbox,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    with monkeypatch.context() as untrusting:  # the certificate is checked
        untrusting.setenv("SSL_CERT_FILE", str(district.root / "nothing.pem"))
        failed = run(district.root, "notify", "--before", before, "--after", after)
        assert failed.exit_code == 2 and "CERTIFICATE_VERIFY_FAILED" in failed.output
    assert tls_inbox.received == []
    assert notify(district, before, after) == 0
    assert tls_inbox.recipients() == AUDIENCE
    assert tls_inbox.encrypted == [True]


def test_plain_servers_stay_plain(district: Repo, change_text: str, inbox: Inbox) -> None:
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    assert notify(district, before, after) == 0
    assert inbox.encrypted == [False]


def test_a_change_brought_back_after_cancelling_is_announced_again(
        district: Repo, inbox: Inbox, change_text: str) -> None:
    commits = [district.git.head.commit.hexsha,
               district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text}),
               district.commit("Call it off", "2026-12-02T10:00:00-06:00", remove=[PATH]),
               district.commit("Bring it back", "2026-12-03T10:00:00-06:00",
                               {PATH: change_text})]
    for before, after in itertools.pairwise(commits):
        assert notify(district, before, after) == 0
        assert notify(district, before, after) == 0  # and each push re-run: nothing new
    ids = [str(r.message["Message-ID"]) for r in inbox.received]
    kinds = [str(r.message["X-Cmcheck-Notice"]).split()[0] for r in inbox.received]
    assert kinds == ["scheduled", "cancelled", "scheduled"]
    assert ids[0] == ROOT_ID and len(set(ids)) == 3
    assert inbox.received[2].message["In-Reply-To"] == ids[1]


def test_a_change_moved_after_a_lost_run_is_rescheduled_not_scheduled_twice(
        district: Repo, inbox: Inbox, change_text: str) -> None:
    first = district.git.head.commit.hexsha
    other = "changes/2026/2026-12-20-second.yaml"
    second = district.commit("Schedule two", "2026-12-01T10:00:00-06:00",
                             {PATH: change_text, other: moved(change_text)})
    inbox.fail_data_after = 1  # the run of this push stops half-way
    assert notify(district, first, second) == 2
    inbox.fail_data_after = None
    third = district.commit("Move the first", "2026-12-02T10:00:00-06:00",
                            {PATH: moved(change_text)})
    assert notify(district, second, third) == 0
    stories = [(str(r.message["X-Cmcheck-Change"]), str(r.message["X-Cmcheck-Notice"]).split()[0])
               for r in inbox.received]
    assert stories == [("2026-12-19-core-switch", "scheduled"),
                       ("2026-12-20-second", "scheduled"),
                       ("2026-12-19-core-switch", "rescheduled")]


def test_every_notice_of_a_change_brought_back_has_its_own_id(
        district: Repo, inbox: Inbox, change_text: str) -> None:
    """Deleted in one push, brought back with a new date in a later one, whatever the ledger
    knows of the cancellation: each message its own Message-ID (RFC 5322 3.6.4: Gmail drops a
    duplicate), each threaded to the first by References (issue 24)."""
    commits = [district.git.head.commit.hexsha,
               district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})]
    assert notify(district, commits[0], commits[1]) == 0
    # The deletion and the return in one push (so no cancellation was ever sent), then moved.
    district.commit("Call it off", "2026-12-02T10:00:00-06:00", remove=[PATH])
    commits.append(district.commit("Bring it back a week later", "2026-12-03T10:00:00-06:00",
                                   {PATH: moved(change_text)}))
    assert notify(district, commits[1], commits[2]) == 0
    commits.append(district.commit("Call it off again", "2026-12-04T10:00:00-06:00",
                                   remove=[PATH]))
    assert notify(district, commits[2], commits[3]) == 0
    commits.append(district.commit("Back on the first date", "2026-12-05T10:00:00-06:00",
                                   {PATH: change_text}))
    assert notify(district, commits[3], commits[4]) == 0
    ids = [str(r.message["Message-ID"]) for r in inbox.received]
    assert len(ids) >= 3 and len(set(ids)) == len(ids), ids
    assert ids[0] == ROOT_ID
    for later in inbox.received[1:]:
        assert str(later.message["References"]).split()[0] == ROOT_ID


def test_an_emergency_deleted_and_brought_back_is_not_a_duplicate_message(
        district: Repo, inbox: Inbox, change_text: str) -> None:
    """An unscheduled change gets no cancellation notice when its file is deleted, so nothing
    moved its thread on: brought back with a new date, it was announced again under the first
    announcement's Message-ID, which Gmail drops as a duplicate (issue 24)."""
    emergency = change_text.replace("kind: scheduled", "kind: unscheduled") + (
        "unscheduled:\n  reason: The core switch failed.\n")
    commits = [district.git.head.commit.hexsha,
               district.commit("Emergency", "2026-12-01T10:00:00-06:00", {PATH: emergency})]
    commits.append(district.commit("Filed by mistake", "2026-12-02T10:00:00-06:00",
                                   remove=[PATH]))
    commits.append(district.commit("Filed again, a day later", "2026-12-03T10:00:00-06:00",
                                   {PATH: moved(emergency)}))
    for before, after in itertools.pairwise(commits):
        assert notify(district, before, after) == 0
    ids = [str(r.message["Message-ID"]) for r in inbox.received]
    assert len(ids) == 2 and len(set(ids)) == 2, ids
    assert ids[0] == ROOT_ID
    assert str(inbox.received[1].message["References"]).split()[0] == ROOT_ID
