"""cmcheck new: driven through its prompts and through flags, in real git repositories."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cmcheck.cli.main import cli
from cmcheck.technician.yamltext import quote
from tests.conftest import Repo, run

FIRMWARE = [
    "--from", "firmware-upgrade", "--yes",
    "--title", "Upgrade the middle school core switch",
    "--name", "Sam Tech", "--email", "sam.tech@qcsd.example.org", "--github", "samtech",
    "--system", "core-switch-02", "--audience", "all-staff", "--audience", "students",
    "--site", "middle-school",
    "--impact", "The middle school loses network access for up to an hour.",
    "--stakeholder", "Principal, Quitman County Middle School",
]


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in (root / "changes").rglob("*")} \
        if (root / "changes").exists() else set()


def prompt(root: Path, answers: list[str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), "new", *args],
                                input="\n".join(answers) + "\n", catch_exceptions=False)
    return result.exit_code, result.output


def test_wsus_only_through_the_prompt_needs_no_request(repo: Repo) -> None:
    code, output = prompt(repo.root, ["y"], "--now", "2026-11-20T10:00")
    assert code == 0, output
    assert "No change request is needed" in output
    assert "Windows Update repository" in output
    assert files(repo.root) == set()


def test_wsus_only_through_a_flag_needs_no_request(repo: Repo) -> None:
    result = run(repo.root, "new", "--wsus-only", "--yes")
    assert result.exit_code == 0
    assert "No change request is needed" in result.output
    assert files(repo.root) == set()


def test_a_change_outside_the_criteria_needs_no_request(repo: Repo) -> None:
    result = run(repo.root, "new", "--not-wsus-only", "--no-mission-critical", "--no-upgrade",
                 "--no-user-connectivity", "--facility", "none")
    assert result.exit_code == 0
    assert "No change request is needed: the procedure asks for one when" in result.output
    assert files(repo.root) == set()


@pytest.mark.parametrize(("now", "start"), [
    # Friday morning + 14 days is inside closed hours: the window opens at 19:00.
    ("2026-11-20T10:00", "2026-12-04 19:00"),
    # Thursday 2026-12-17 + the grading blackout (until Saturday 00:00): the usual start of work
    # on a weekend day after it, not midnight.
    ("2026-12-03T10:00", "2026-12-19 08:00"),
])
def test_firmware_upgrade_by_flags_starts_at_the_earliest_slot_and_validates(
        repo: Repo, now: str, start: str) -> None:
    result = run(repo.root, "new", *FIRMWARE, "--now", now)
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings, 0 notices in 1 file" in result.output
    day = start[:10]
    path = repo.root / f"changes/{start[:4]}/{day}-upgrade-middle-school-core-switch.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["schedule"] == {"start": start, "end": _plus(start, 120)}
    assert data["kind"] == "scheduled" and data["category"] == "firmware-upgrade"
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schema/change-request.schema.json\n")
    again = run(repo.root, "validate", "--now", now)
    assert again.exit_code == 0 and "0 errors, 0 warnings" in again.output


def _plus(start: str, minutes: int) -> str:
    from datetime import datetime, timedelta

    moment = datetime.fromisoformat(start) + timedelta(minutes=minutes)
    return moment.strftime("%Y-%m-%d %H:%M")


def test_the_slot_skips_a_conflicting_change(repo: Repo, change_text: str) -> None:
    busy = change_text.replace("2026-12-19 20:00", "2026-12-04 19:00").replace(
        "2026-12-19 22:00", "2026-12-04 23:00").replace("[core-switch-01]", "[core-switch-02]")
    repo.commit("Schedule another change", "2026-11-01T12:00:00-05:00",
                {"changes/2026/2026-12-04-other.yaml": busy})
    result = run(repo.root, "new", *FIRMWARE, "--now", "2026-11-20T10:00")
    assert result.exit_code == 0, result.output
    # Not Friday 23:00 when the other change ends: Saturday's usual start of work.
    assert "Earliest compliant start: Sat 2026-12-05 08:00" in result.output
    assert (repo.root / "changes/2026/2026-12-05-upgrade-middle-school-core-switch.yaml"
            ).is_file()


def test_firmware_upgrade_through_every_prompt(repo: Repo) -> None:
    answers = [
        "n", "", "", "", "",           # WSUS? mission-critical, upgrade, users, facilities
        "",                            # emergency? no
        "",                            # category (template's)
        "Upgrade the elementary firewall firmware", "Sam Tech", "sam.tech@qcsd.example.org",
        "samtech", "fw-es-01", "teachers, students", "elementary",
        "The elementary school loses internet access for up to an hour.",
        "", "",                        # duration, backout minutes
        "",                            # start: the proposed one
        "", "",                        # plan summary, keep the steps
        "", "",                        # verification, staff
        "", "",                        # backout summary, keep the steps
        "Principal, Quitman County Elementary School; District network administrator",
        "",                            # id
    ]
    code, output = prompt(repo.root, answers, "--from", "firmware-upgrade",
                          "--now", "2026-11-20T10:00")
    assert code == 0, output
    assert "Earliest compliant start: Fri 2026-12-04 19:00" in output
    assert "0 errors, 0 warnings, 0 notices in 1 file" in output
    path = repo.root / "changes/2026/2026-12-04-upgrade-elementary-firewall-firmware.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["stakeholders"] == ["Principal, Quitman County Elementary School",
                                    "District network administrator"]
    assert data["impact"]["audiences"] == ["teachers", "students"]
    assert len(data["plan"]["steps"]) == 4


def test_steps_typed_one_by_one(repo: Repo) -> None:
    answers = ["n", "", "n", "", "", "", "application", "Upgrade the library catalog",
               "Sam Tech", "sam.tech@qcsd.example.org", "none", "library-01", "teachers",
               "none", "The catalog is offline.", "60", "15", "",
               "Install the vendor's new release.", "Back up the database",
               "Run the installer", "", "Search for a book.", "", "Restore the database.",
               "Restore the backup", "", "Librarian", ""]
    code, output = prompt(repo.root, answers, "--now", "2026-11-20T10:00")
    assert code == 0, output
    path = next((repo.root / "changes").rglob("*.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["plan"]["steps"] == ["Back up the database", "Run the installer"]
    assert data["backout"]["steps"] == ["Restore the backup"]
    assert data["requester"] == {"name": "Sam Tech", "email": "sam.tech@qcsd.example.org"}


def test_an_emergency_is_unscheduled_and_starts_now(repo: Repo) -> None:
    # Real steps: the emergency template's own are placeholders (the plan rule).
    result = run(repo.root, "new", *FIRMWARE[:-2], "--from", "emergency",
                 "--step", "Replace the failed power supply.", "--step", "Reload the firewall.",
                 "--backout-step", "Put the old power supply back.",
                 "--stakeholder", "Director of Operations",
                 "--reason", "The firewall stopped passing traffic at 09:40.",
                 "--now", "2026-11-20T10:00")
    assert result.exit_code == 0, result.output
    assert "It must be an unscheduled change" in result.output
    data = yaml.safe_load(next((repo.root / "changes").rglob("*.yaml")).read_text("utf-8"))
    assert data["kind"] == "unscheduled"
    assert data["schedule"]["start"] == "2026-11-20 10:00"
    assert data["unscheduled"] == {"reason": "The firewall stopped passing traffic at 09:40."}


def test_an_existing_id_is_never_overwritten(repo: Repo) -> None:
    other = repo.write("changes/2025/taken.yaml", "title: mine\n")
    result = run(repo.root, "new", *FIRMWARE, "--id", "taken", "--now", "2026-11-20T10:00")
    assert result.exit_code == 2
    assert "already used by changes/2025/taken.yaml" in result.output
    assert other.read_text(encoding="utf-8") == "title: mine\n"
    assert files(repo.root) == {"changes/2025", "changes/2025/taken.yaml"}


def test_the_same_answers_twice_do_not_overwrite(repo: Repo) -> None:
    # The same start twice (else the second run's slot moves past the first change).
    same = ["--start", "2026-12-04 19:00", "--now", "2026-11-20T10:00"]
    assert run(repo.root, "new", *FIRMWARE, *same).exit_code == 0
    written = next((repo.root / "changes").rglob("*.yaml"))
    before = written.read_bytes()
    second = run(repo.root, "new", *FIRMWARE, *same)
    assert second.exit_code == 2 and "nothing was written" in second.output
    assert written.read_bytes() == before


def test_yes_without_a_needed_answer_stops_with_the_flag_to_give(repo: Repo) -> None:
    result = run(repo.root, "new", "--from", "firmware-upgrade", "--yes")
    assert result.exit_code == 2
    assert "--title is needed" in result.output
    assert files(repo.root) == set()


@pytest.mark.parametrize("title", [
    "x\nkind: unscheduled",
    '"]: {',
    "a: b # c",
    "back\\slash \"quoted\" 'single'",
    "- [item] {map} &anchor *alias !tag %directive @at `tick` |pipe >fold",
    "tab\there",
    "nel\x85ls\u2028ps\u2029bom\ufeff",
])
def test_no_answer_changes_the_structure(repo: Repo, title: str) -> None:
    args = [a if a != "Upgrade the middle school core switch" else title for a in FIRMWARE]
    result = run(repo.root, "new", *args, "--id", "injected", "--now", "2026-11-20T10:00")
    text = (repo.root / "changes/2026/injected.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["title"] == title
    assert data["kind"] == "scheduled"
    assert list(data) == ["title", "kind", "category", "requester", "systems", "impact",
                          "schedule", "plan", "backout", "stakeholders"]
    single_line = title.isprintable() and "=?" not in title
    assert result.exit_code == (0 if single_line else 1), result.output
    if not single_line:
        assert "[schema]" in result.output and "single line" in result.output


@pytest.mark.parametrize("value", ["", "\\", '"', "\x00\x1b[31m", "ünïcödé ✓", "\r\n", "\x7f"])
def test_quote_round_trips(value: str) -> None:
    assert yaml.safe_load(f"k: {quote(value)}") == {"k": value}


def test_a_wrong_typed_answer_is_asked_again(repo: Repo) -> None:
    answers = [
        "n", "", "", "", "", "", "",
        "Bad =?utf-8?q?title", "Upgrade the elementary firewall firmware",
        "Sam Tech", "not an address", "sam.tech@qcsd.example.org", "sam tech", "samtech",
        "fw-es-01", "teachers, parents", "teachers", "elementary",
        "The elementary school loses internet access for up to an hour.", "", "",
        "next saturday", "2026-12-05 20:00",
        "", "", "", "", "", "", "Principal, Quitman County Elementary School", "",
    ]
    code, output = prompt(repo.root, answers, "--from", "firmware-upgrade",
                          "--now", "2026-11-20T10:00")
    assert code == 0, output
    # Five wrong answers, five refusals (the wording is the field types' own).
    assert sum(line.startswith("Error:") for line in output.splitlines()) == 5
    assert '"=?"' in output
    assert "parents: choose from" in output
    assert "write a date and time like" in output
    assert "0 errors, 0 warnings, 0 notices in 1 file" in output
    path = repo.root / "changes/2026/2026-12-05-upgrade-elementary-firewall-firmware.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["requester"]["email"] == "sam.tech@qcsd.example.org"
    assert data["impact"]["audiences"] == ["teachers"]


def test_a_typed_start_that_does_not_comply_is_moved_on_request(repo: Repo) -> None:
    answers = [
        "n", "", "", "", "", "", "", "Upgrade the elementary firewall firmware", "Sam Tech",
        "sam.tech@qcsd.example.org", "samtech", "fw-es-01", "teachers", "elementary",
        "The elementary school loses internet access.", "", "",
        "2026-12-08 10:00", "",        # Tuesday morning; accept the next compliant start
        "", "", "", "", "", "", "Principal, Quitman County Elementary School", "",
    ]
    code, output = prompt(repo.root, answers, "--from", "firmware-upgrade",
                          "--now", "2026-11-20T10:00")
    assert code == 0, output
    assert ("Tue 2026-12-08 10:00 breaks maintenance-window (it overlaps closed hours "
            "Tue 2026-12-08 05:00–19:00); the earliest compliant start after it is "
            "Tue 2026-12-08 19:00.\nStart at 2026-12-08 19:00 instead? [Y/n]:") in output
    path = repo.root / "changes/2026/2026-12-08-upgrade-elementary-firewall-firmware.yaml"
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["schedule"]["start"] == \
        "2026-12-08 19:00"


def test_a_start_given_by_flag_is_kept_and_judged(repo: Repo) -> None:
    result = run(repo.root, "new", *FIRMWARE, "--start", "2026-12-08 10:00",
                 "--now", "2026-11-20T10:00")
    assert result.exit_code == 1, result.output
    assert ("Tue 2026-12-08 10:00 breaks maintenance-window (it overlaps closed hours Tue "
            "2026-12-08 05:00–19:00); the earliest compliant start after it is Tue 2026-12-08 "
            "19:00.\nWritten as given, so cmcheck validate will report it: start at the "
            "compliant time, or ask for an exception with --exception RULE:REASON.\n"
            ) in result.output
    assert "[maintenance-window]" in result.output
    path = repo.root / "changes/2026/2026-12-08-upgrade-middle-school-core-switch.yaml"
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["schedule"]["start"] == \
        "2026-12-08 10:00"


def test_an_unknown_category_or_audience_by_flag_writes_nothing(repo: Repo) -> None:
    for extra in (["--category", "emergency"], ["--audience", "parents"]):
        result = run(repo.root, "new", *FIRMWARE, *extra, "--now", "2026-11-20T10:00")
        assert result.exit_code == 2, result.output
        assert "choose from" in result.output
    assert files(repo.root) == set()


def test_a_used_id_typed_at_the_prompt_is_asked_again(repo: Repo) -> None:
    assert run(repo.root, "new", *FIRMWARE, "--now", "2026-11-20T10:00").exit_code == 0
    taken = "2026-12-04-upgrade-middle-school-core-switch"
    args = [a for a in FIRMWARE if a != "--yes"]
    answers = ["n", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
               taken, "Bad Id", "core-switch-02-second-try"]
    code, output = prompt(repo.root, answers, *args, "--now", "2026-11-20T10:00")
    assert code == 0, output
    assert f"{taken} is already used by changes/2026/{taken}.yaml" in output
    assert "an id is lowercase letters" in output
    assert (repo.root / "changes/2026/core-switch-02-second-try.yaml").is_file()


@pytest.mark.parametrize("template", ["os-upgrade", "hardware-replacement", "facilities",
                                      "server-replacement", "application-upgrade"])
def test_every_template_gives_a_clean_file(repo: Repo, template: str) -> None:
    result = run(repo.root, "new", *FIRMWARE, "--from", template, "--no-mission-critical",
                 "--coordinated-with", "Maintenance Director", "--now", "2026-11-20T10:00")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings, 0 notices in 1 file" in result.output
    data = yaml.safe_load(next((repo.root / "changes").rglob("*.yaml")).read_text("utf-8"))
    category = {"server-replacement": "hardware-replacement",
                "application-upgrade": "application"}.get(template, template)
    assert data["category"] == category
    assert data["schedule"]["start"] == "2026-12-04 19:00"
    assert ("facilities" in data) == (template == "facilities")
    # An upgrade or replacement counts as touching mission-critical data whatever was answered.
    assert data["impact"]["mission_critical_data"] == (
        template not in ("facilities", "application-upgrade"))


def test_without_user_impact_no_window_is_needed(repo: Repo) -> None:
    result = run(repo.root, "new", *FIRMWARE, "--no-user-connectivity",
                 "--now", "2026-11-20T10:00")
    assert result.exit_code == 0, result.output
    # Any quarter hour of the working day: the work needs no window.
    assert "Earliest compliant start: Fri 2026-12-04 10:00" in result.output
    assert "no window needed" in result.output


NASTY = 'x"\n]: {kind: unscheduled}\\\n# c\r\n- y: &a *a !t'


def test_no_field_of_the_rendered_file_can_be_injected() -> None:
    from datetime import UTC, datetime

    from cmcheck.core.configuration import load_policy
    from cmcheck.technician.wizard import Answers, render
    from tests.conftest import FIXTURES

    policy = load_policy((FIXTURES / "policy.yaml").read_bytes(), where="fixtures")
    answers = Answers(
        title=NASTY, kind="scheduled", category=NASTY, name=NASTY, email=NASTY, github=NASTY,
        systems=[NASTY, NASTY], mission_critical=True, user_connectivity=True,
        audiences=[NASTY], sites=[NASTY], impact=NASTY,
        start=datetime(2026, 12, 5, 2, tzinfo=UTC), end=datetime(2026, 12, 5, 4, tzinfo=UTC),
        plan=NASTY, steps=[NASTY], verification=NASTY, staff=[NASTY], backout=NASTY,
        backout_steps=[NASTY, NASTY], backout_minutes=30, stakeholders=[NASTY],
        facilities=[NASTY], coordinated_with=NASTY, reason=NASTY)
    data = yaml.safe_load(render(answers, policy=policy))
    assert list(data) == ["title", "kind", "category", "requester", "systems", "impact",
                          "schedule", "plan", "backout", "stakeholders", "facilities"]
    assert data["kind"] == "scheduled"
    assert data["requester"] == {"name": NASTY, "email": NASTY, "github": NASTY}
    assert data["schedule"] == {"start": "2026-12-04 20:00", "end": "2026-12-04 22:00"}
    assert data["plan"] == {"summary": NASTY, "steps": [NASTY], "verification": NASTY,
                            "staff": [NASTY]}
    assert data["backout"]["steps"] == [NASTY, NASTY]
    assert data["facilities"] == {"systems": [NASTY], "coordinated_with": NASTY}


def test_a_start_on_a_holiday_asks_for_real_staff(repo: Repo) -> None:
    result = run(repo.root, "new", *FIRMWARE, "--now", "2026-12-10T10:00")
    assert result.exit_code == 0, result.output
    assert "Earliest compliant start: Thu 2026-12-24 19:00" in result.output
    assert "Note: it falls on Winter break (Thu 2026-12-24)" in result.output
