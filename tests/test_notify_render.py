"""The notices as staff read them (reviewed snapshots), and the mail layer's own defences."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from cmcheck.core.configuration import load_policy
from cmcheck.core.model.models import ChangeRequest, Review
from cmcheck.core.model.policy import Policy
from cmcheck.core.reading import parse
from cmcheck.core.safe import plain
from cmcheck.notices import deliver, ledger, mail
from cmcheck.notices import due as notices
from cmcheck.notices.due import Notice
from tests.conftest import FIXTURES, REPO_ROOT, Repo
from tests.smtpserver import LEDGER_KEY, Inbox, inbox

__all__ = ["inbox"]

SNAPSHOTS = Path(__file__).parent / "snapshots"
ID = "2026-12-19-core-switch"
KEY = LEDGER_KEY.encode()


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy((FIXTURES / "policy.yaml").read_bytes(), where="tests")


def change(policy: Policy, text: str) -> ChangeRequest:
    _, parsed, findings = parse("x.yaml", text.encode(), ChangeRequest, policy.tz)
    assert findings == [] and isinstance(parsed, ChangeRequest)
    return parsed


def reviewed(base: ChangeRequest, outcome: str, next_steps: str | None) -> ChangeRequest:
    review = Review.model_validate({
        "outcome": outcome, "completed": "2026-12-19T21:40:00-06:00",
        "notes": "The upgrade finished; every uplink and VLAN came back in 6 minutes."
        if outcome == "successful" else
        "The new image failed its checksum on the switch, so the upgrade did not start.",
        "next_steps": next_steps,
    })
    return base.model_copy(update={"review": review})


def cases(policy: Policy, text: str) -> dict[str, Notice]:
    base = change(policy, text)
    moved = change(policy, text.replace("2026-12-19 20:00", "2026-12-20 18:00")
                   .replace("2026-12-19 22:00", "2026-12-20 20:00"))
    emergency = change(policy, text.replace("kind: scheduled", "kind: unscheduled")
                       + "unscheduled:\n  reason: The core switch failed at 10:14 during "
                         "classes and had to be replaced.\n")
    made = {
        "scheduled": [notices.notice_for(ID, "scheduled", base, policy)],
        "rescheduled": [notices.notice_for(ID, "rescheduled", moved, policy, previous=base)],
        "cancelled": [notices.notice_for(ID, "cancelled", base, policy, previous=base)],
        "reminder": [notices.notice_for(ID, "reminder", base, policy)],
        "completion-successful": [notices.notice_for(
            ID, "completion", reviewed(base, "successful", None), policy)],
        "completion-postponed": [notices.notice_for(
            ID, "completion", reviewed(base, "postponed",
                                       "The vendor sends a new image; the upgrade is "
                                       "rescheduled for Saturday, January 9."), policy)],
        "completion-failed": [notices.notice_for(ID, "completion", reviewed(base, "failed", None),
                                              policy)],
        "unscheduled": [notices.notice_for(ID, "unscheduled",
                                        reviewed(emergency, "successful", None), policy)],
    }
    return {name: found[0] for name, found in made.items()}


def as_read(notice: Notice, policy: Policy) -> str:
    rendered = mail.render_notice(notice, policy, mail.environment(REPO_ROOT))
    return (f"Subject: {rendered.subject}\nTo: {', '.join(notice.recipients)}\n\n"
            f"{rendered.text}")


NAMES = ["scheduled", "rescheduled", "cancelled", "reminder", "completion-successful",
         "completion-postponed", "completion-failed", "unscheduled"]


@pytest.mark.parametrize("name", NAMES)
def test_the_rendered_text_matches_the_reviewed_snapshot(name: str, policy: Policy,
                                                         change_text: str) -> None:
    got = as_read(cases(policy, change_text)[name], policy)
    snapshot = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("CMCHECK_UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(got, encoding="utf-8")
    assert got == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_every_template_has_an_html_part_in_the_shared_layout(name: str, policy: Policy,
                                                              change_text: str) -> None:
    notice = cases(policy, change_text)[name]
    html = mail.render_notice(notice, policy, mail.environment(REPO_ROOT)).html
    assert html.startswith("<!DOCTYPE html>")
    assert "Quitman County School District" in html
    assert "mailto:technology@qcsd.example.org" in html
    assert "Saturday, December 19, 8:00 PM – 10:00 PM CST" in html or name == "rescheduled"


EVIL = ("Evil\r\nBcc: x@example.com =?UTF-8?Q?=0A?=Bcc: x@example.com "
        "<script>alert(1)</script> & <b>bold</b>")


def test_the_model_refuses_the_evil_title(policy: Policy, change_text: str) -> None:
    text = change_text.replace("title: Upgrade", 'title: "=?UTF-8?Q?=0A?=Bcc: x@example.com"\n#')
    _, parsed, findings = parse("x.yaml", text.encode(), ChangeRequest, policy.tz)
    assert parsed is None
    assert [f.rule for f in findings] == ["schema"]


def test_the_mail_layer_is_safe_on_its_own(policy: Policy, change_text: str, inbox: Inbox,
                                           repo: Repo) -> None:
    """Bypass validation (model_copy) and send the worst title over a real connection."""
    base = change(policy, change_text)
    evil = base.model_copy(update={"title": EVIL, "impact": base.impact.model_copy(
        update={"summary": "</td><img src=x onerror=alert(1)>"})})
    notice = notices.notice_for(ID, "scheduled", evil, policy)
    settings = deliver.smtp_from_env(dict(os.environ), "x@qcsd.example.org")
    assert settings is not None
    run = deliver.Run(policy=policy, env=mail.environment(REPO_ROOT),
                      ledger=ledger.load(repo.git, KEY), now=datetime(2026, 12, 1, tzinfo=UTC),
                      smtp=settings)
    report = deliver.deliver([notice], run)
    assert report.error is None and report.refused == []
    assert len(inbox.received) == 1
    got = inbox.received[0]
    assert got.recipients == ["all-staff@qcsd.example.org", "student-notices@qcsd.example.org"]
    head = got.data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    names = [line.split(":", 1)[0].lower() for line in head.split("\r\n")
             if line and not line[0].isspace()]
    assert names.count("subject") == 1
    assert "bcc" not in names
    assert sorted(names) == sorted(["subject", "from", "reply-to", "to", "date", "message-id",
                                    "auto-submitted", "x-cmcheck-change", "x-cmcheck-notice",
                                    "content-type", "mime-version"])
    message = message_from_bytes(got.data, policy=default)
    assert "\n" not in str(message["Subject"])
    assert "Bcc: x@example.com" in str(message["Subject"])  # shown as text, harmless
    html_part = message.get_body(("html",))
    assert html_part is not None
    html = html_part.get_content()
    assert "<script>" not in html and "<b>bold" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_autoescape_is_on_for_html_and_off_for_text(change_text: str, policy: Policy) -> None:
    env = mail.environment(REPO_ROOT)
    assert env.from_string("{{ x }}").render(x="<b>") == "<b>"  # no name: plain text
    assert env.get_template("_details.html.j2").render(
        change=plain.plain(change(policy, change_text).model_copy(update={"title": "<b>"})),
        when="", sites=[], kind="scheduled").count("&lt;b&gt;") == 1


def test_smtp_settings_come_from_the_environment() -> None:
    assert deliver.smtp_from_env({}, "a@b.org") is None
    got = deliver.smtp_from_env({"CMCHECK_SMTP_HOST": "mail.qcsd.example.org"}, "a@b.org")
    assert got == deliver.SmtpSettings(host="mail.qcsd.example.org", port=587, user=None,
                                       password=None, sender="a@b.org", implicit_tls=False,
                                       ca_file=None, insecure_loopback=False)
    with pytest.raises(ValueError, match="CMCHECK_SMTP_PORT"):
        deliver.smtp_from_env({"CMCHECK_SMTP_HOST": "h", "CMCHECK_SMTP_PORT": "x"}, "a@b.org")


def test_a_server_refusing_everyone_records_nobody(policy: Policy, change_text: str,
                                                   inbox: Inbox, repo: Repo) -> None:
    inbox.refuse = {"all-staff@qcsd.example.org", "student-notices@qcsd.example.org"}
    notice = notices.notice_for(ID, "scheduled", change(policy, change_text), policy)
    settings = deliver.smtp_from_env(dict(os.environ), "x@qcsd.example.org")
    assert settings is not None
    book = ledger.load(repo.git, KEY)
    run = deliver.Run(policy=policy, env=mail.environment(REPO_ROOT), ledger=book,
                      now=datetime(2026, 12, 1, tzinfo=UTC), smtp=settings)
    report = deliver.deliver([notice], run)
    assert [r[1] for r in report.refused] == sorted(inbox.refuse)
    assert book.head is None and inbox.received == []


@pytest.mark.parametrize("title", [
    EVIL, "a\rb", "a\nb", "a\u2028b", "a\x00b", "=?utf-8?b?Cg==?=", "==??",
    "x =?=?UTF-8?Q?=0D=0A?=",
    "\u00e9t\u00e9 =?iso-8859-1?q?=0A?= " * 8,
])
def test_no_title_adds_a_header_or_ends_the_headers(title: str, policy: Policy,
                                                    change_text: str) -> None:
    base = change(policy, change_text).model_copy(update={"title": title})
    notice = notices.notice_for(ID, "completion", reviewed(base, "failed", None), policy)
    rendered = mail.render_notice(notice, policy, mail.environment(REPO_ROOT))
    built = mail.build_message(notice, rendered, policy, sender="a@qcsd.example.org",
                               thread=["<root@qcsd.example.org>"],
                               date=datetime(2026, 12, 1, tzinfo=UTC))
    parsed = message_from_bytes(built.as_bytes(), policy=default)
    assert [k.lower() for k in parsed] == [k.lower() for k in built]
    assert len(parsed.get_all("Subject") or []) == 1
    assert "\n" not in str(parsed["Subject"]) and "\r" not in str(parsed["Subject"])
    assert parsed.get_content_type() == "multipart/alternative"


def test_the_preview_keeps_every_body_inside_its_fence(policy: Policy,
                                                      change_text: str) -> None:
    from cmcheck.notices.notify import render_preview

    base = change(policy, change_text)
    sneaky = base.model_copy(update={
        "title": "# Approved [click](https://evil.example) <img src=x>",
        "impact": base.impact.model_copy(update={"summary": "````\n## Injected heading"})})
    notice = notices.notice_for(ID, "scheduled", sneaky, policy)
    rendered = mail.render_notice(notice, policy, mail.environment(REPO_ROOT))
    preview = render_preview([(notice, rendered, list(notice.recipients))])
    lines = preview.splitlines()
    heading = next(line for line in lines if line.startswith("### "))
    assert "[" not in heading and "<" not in heading and "(" not in heading
    opening = next(line for line in lines if line.endswith("text") and line.startswith("`"))
    fence = opening.removesuffix("text")
    assert fence == "`````"  # longer than the four backticks in the summary
    body = lines[lines.index(opening) + 1:]
    assert body[body.index(fence) - 1].startswith("Change request ")  # closes after the footer
    assert "## Injected heading" in body[:body.index(fence)]
    assert render_preview([]) == "## cmcheck notify (preview)\n\nNo notices are due.\n"
