"""Issue 23, item 9: a template runs Python through a method of the data it is given.

The attack: the district's templates/ are edited in a pull request and rendered, after the merge,
in the job that holds CMCHECK_SMTP_PASSWORD and CMCHECK_LEDGER_KEY. Jinja's sandbox refuses names
with an underscore, but a pydantic model's own methods have none: ``change.parse_raw(text,
proto='pickle', allow_pickle=True)`` unpickles `text`, and a pickle may call any function. Here
the pickle writes the password to a marker file. Templates see plain data only, so the method is
not there to call: the run stops with exit 2 naming the template, and the marker never appears.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import ledgers
from tests.conftest import REPO_ROOT, Repo, run
from tests.smtpserver import LEDGER_KEY, SMTP_PASSWORD, Inbox, Password, certificate, sending

__all__ = ["certificate", "sending"]

SECRET = SMTP_PASSWORD
PATH = "changes/2026/2026-12-19-core-switch.yaml"
REVIEW = """review:
  outcome: failed
  completed: 2026-12-19 21:30
  notes: The new image did not boot; we went back to the old one.
"""


def pickle_literal(marker: Path) -> str:
    """A Jinja string literal holding a protocol-0 pickle that runs `exec`: it writes the
    SMTP password (or a word saying it was missing) to marker."""
    code = (f"import os,pathlib;pathlib.Path('{marker}').write_text("
            "os.environ.get('CMCHECK_SMTP_PASSWORD','ran-without-the-password'))")
    assert "'" not in str(marker) and '"' not in code
    return '"cbuiltins\\nexec\\n(V' + code + '\\ntR."'


def calls(marker: Path, *objects: str) -> list[str]:
    literal = pickle_literal(marker)
    return [f"{{{{ {name}.parse_raw({literal}, proto='pickle', allow_pickle=True) }}}}"
            for name in objects]


@pytest.fixture
def district(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    repo.commit("Add the templates", "2026-11-01T13:00:00-05:00")
    return repo


def _stopped(result_output: str, template: str, marker: Path) -> None:
    assert not marker.exists(), (
        f"the template ran code: {marker.read_text() if marker.exists() else ''}")
    assert SECRET not in result_output and LEDGER_KEY not in result_output
    assert "Traceback" not in result_output
    assert f"template {template}" in result_output, result_output


# Each object of the notice's context that was a pydantic model (or held one).
NOTICE_OBJECTS = ["change", "district", "notice.change", "change.schedule", "district.contact",
                  "review"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # parse_raw's: the job would not stop
@pytest.mark.parametrize("name", NOTICE_OBJECTS)
def test_a_notice_template_cannot_run_code_through_a_models_method(
        district: Repo, sending: tuple[Inbox, Password], change_text: str, name: str,
        tmp_path: Path) -> None:
    inbox, _ = sending  # the notify job: the password and the ledger key in the environment
    marker = tmp_path / "ran"
    [call] = calls(marker, name)
    kind = "completion" if name == "review" else "scheduled"
    template = district.root / "templates" / "notices" / f"{kind}.txt.j2"
    template.write_text(template.read_text().replace("{% block body %}",
                                                     "{% block body %}" + call + "\n"))
    before = district.commit("A friendlier wording", "2026-11-20T10:00:00-06:00")
    after = district.commit("Schedule", "2026-12-01T10:00:00-06:00", {PATH: change_text})
    if kind == "completion":
        before = after
        after = district.commit("Review", "2026-12-20T10:00:00-06:00",
                                {PATH: change_text + REVIEW})
    # The coordinator's one-time start (notify --init) at the push's before: without it nothing
    # renders, and from an earlier commit the scheduled notice would rightly go out first.
    ledgers.start(district, before)
    result = run(district.root, "notify", "--before", before, "--after", after,
                 "--outbox", str(tmp_path / "outbox"))
    _stopped(result.output, f"{kind}.txt.j2", marker)
    assert result.exit_code == 2, result.output
    assert inbox.received == []


# The calendar's contexts: the policy and its parts, each change's entry, the month grid, the
# statistics page's report, an inventory system's page.
CALENDAR_OBJECTS = {
    "footer.html.j2": ["policy", "policy.district", "policy.maintenance_window"],
    "change.html.j2": ["entry.change", "change", "entry.change.impact", "conflicts[0].change"],
    "statistics.html.j2": ["policy.holidays", "overdue[0].change"],
}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(("page", "name"), [(page, name) for page, names in
                                            CALENDAR_OBJECTS.items() for name in names])
def test_a_calendar_template_cannot_run_code_through_a_models_method(
        district: Repo, change_text: str, page: str, name: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMCHECK_SMTP_PASSWORD", SECRET)
    marker = tmp_path / "ran"
    [call] = calls(marker, name)
    template = district.root / "templates" / "calendar" / page
    text = template.read_text()
    anchor = "</footer>" if page == "footer.html.j2" else "{% block main %}"
    guarded = {"change.html.j2": "{% if conflicts %}" + call + "{% endif %}",
               "statistics.html.j2": "{% if overdue %}" + call + "{% endif %}"}
    template.write_text(text.replace(anchor, anchor + guarded.get(page, call), 1))
    # Two changes at the same time on one system: each page has a conflict, and the earlier
    # one is overdue for review on the statistics page.
    other = change_text.replace("title: ", "title: Also ", 1)
    district.commit("Schedule", "2026-12-01T10:00:00-06:00",
                    {PATH: change_text, PATH.replace("core-switch", "core-switch-2"): other})
    out = tmp_path / "site"
    result = run(district.root, "calendar", "--out", str(out), "--now", "2026-12-21T12:00")
    _stopped(result.output, page, marker)
    assert result.exit_code == 2, result.output
