"""Issue 10, item 8: a template is untrusted code and can reach nothing but its data.

The attack: a district's templates/ (edited in a pull request, rendered in the job that holds the
SMTP password) reads CMCHECK_SMTP_PASSWORD through Python internals or a symbolic link. Each run
stops with exit 2 and a message naming the template, never a traceback, and the secret appears
nowhere: not in the output, not in a message sent, not in a file written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests import ledgers
from tests.conftest import REPO_ROOT, Repo, run
from tests.smtpserver import LEDGER_KEY, SMTP_PASSWORD, Inbox, Password, certificate, sending

__all__ = ["certificate", "sending"]

SECRET = SMTP_PASSWORD
PATH = "changes/2026/2026-12-19-core-switch.yaml"

# Ways out of a Jinja template into the process, each printing the password if it worked.
ESCAPES = [
    "{{ cycler.__init__.__globals__.os.environ.CMCHECK_SMTP_PASSWORD }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').environ"
    "['CMCHECK_SMTP_PASSWORD'] }}",
    "{{ lipsum.__globals__['os'].environ['CMCHECK_SMTP_PASSWORD'] }}",
    "{{ joiner.__init__.__globals__.os.environ.CMCHECK_SMTP_PASSWORD }}",
    "{{ namespace.__init__.__globals__.os.environ.CMCHECK_SMTP_PASSWORD }}",
    "{{ (change|attr('__class__')).__init__.__globals__.os.environ.CMCHECK_SMTP_PASSWORD }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ '{0.__class__.__init__.__globals__[os].environ}'.format(change) }}",
    "{{ district.__class__.model_config }}{{ change.__dict__ }}",
]


@pytest.fixture
def district(repo: Repo, change_text: str, monkeypatch: pytest.MonkeyPatch) -> Repo:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    repo.commit("Add the templates", "2026-11-01T13:00:00-05:00")
    ledgers.start(repo)  # the coordinator's one-time start (notify --init)
    monkeypatch.setenv("CMCHECK_SMTP_PASSWORD", SECRET)
    return repo


def _leaks(result_output: str, *places: Path) -> bool:
    texts = [result_output] + [p.read_text(errors="replace") for folder in places
                               for p in folder.rglob("*") if p.is_file()]
    return any(secret in text for text in texts for secret in (SECRET, LEDGER_KEY))


@pytest.mark.parametrize("escape", ESCAPES)
def test_a_notice_template_cannot_read_the_smtp_password(
        district: Repo, sending: tuple[Inbox, Password], change_text: str, escape: str,
        tmp_path: Path) -> None:
    # The real sending run: the password and the ledger key are in the environment.
    inbox, _ = sending
    assert os.environ["CMCHECK_SMTP_PASSWORD"] == SECRET
    template = district.root / "templates" / "notices" / "scheduled.txt.j2"
    template.write_text(template.read_text().replace("What we will do:", f"{escape}\nWhat:"))
    before = district.commit("A friendlier wording", "2026-11-20T10:00:00-06:00")
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    outbox = tmp_path / "outbox"
    result = run(district.root, "notify", "--before", before, "--after", after,
                 "--outbox", str(outbox))
    assert result.exit_code == 2, result.output
    assert "template scheduled.txt.j2 tried something templates may not do" in result.output
    assert "Traceback" not in result.output
    assert inbox.received == []
    assert not _leaks(result.output, district.root / "templates", outbox)


@pytest.mark.parametrize("escape", [*ESCAPES, "{{ span.__globals__.os.environ }}"])
def test_a_calendar_template_cannot_read_the_smtp_password(
        district: Repo, change_text: str, escape: str, tmp_path: Path) -> None:
    footer = district.root / "templates" / "calendar" / "footer.html.j2"
    footer.write_text(footer.read_text().replace("</footer>", f"{escape}</footer>"))
    district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    out = tmp_path / "site"
    result = run(district.root, "calendar", "--out", str(out), "--now", "2026-12-01T12:00")
    assert result.exit_code == 2, result.output
    assert "template footer.html.j2 tried something templates may not do" in result.output
    assert "Traceback" not in result.output
    assert not _leaks(result.output, *([out] if out.exists() else []))


def test_a_symbolic_link_cannot_bring_a_secret_into_a_notice(
        district: Repo, sending: tuple[Inbox, Password], change_text: str,
        tmp_path: Path) -> None:
    """git stores symbolic links: one to /proc/self/environ (here a file outside the
    repository holding the password) would be included into every e-mail."""
    inbox, _ = sending
    outside = tmp_path / "environ"
    outside.write_text(f"CMCHECK_SMTP_PASSWORD={SECRET}\n")
    details = district.root / "templates" / "notices" / "_details.txt.j2"
    details.unlink()
    details.symlink_to(outside)
    before = district.commit("Share the details", "2026-11-20T10:00:00-06:00")
    assert district.git.git.ls_files("-s", str(details)).startswith("120000")  # a real link
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    result = run(district.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 2, result.output
    assert "template _details.txt.j2 is a symbolic link" in result.output
    assert inbox.received == [] and SECRET not in result.output


def test_the_sandbox_still_renders_the_districts_own_templates(
        district: Repo, sending: tuple[Inbox, Password], change_text: str) -> None:
    """The runs above had the password: this one, the same but with the stock templates, logs
    in with it and sends."""
    inbox, password = sending
    before = district.git.head.commit.hexsha
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    result = run(district.root, "notify", "--before", before, "--after", after)
    assert result.exit_code == 0, result.output
    assert len(inbox.received) == 1 and inbox.encrypted == [True]
    assert password.seen == [(b"notices", True)]
