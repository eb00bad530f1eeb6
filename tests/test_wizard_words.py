"""cmcheck new and review in a technician's words: the emergency template's defaults, why a
blank answer is asked again, ids that keep the title's key words, YAML written the way the
README says people write it, and `--follow-up none`."""

from __future__ import annotations

import pytest
import yaml

from cmcheck.core.model.loader import parse
from cmcheck.core.model.yamlscalar import scalar
from cmcheck.technician.wizard import slug
from tests.conftest import Repo, run
from tests.test_wizard import FIRMWARE, prompt

NOW = "2026-11-20T10:00"
EMERGENCY = [
    "--from", "emergency", "--title", "Replace the failed high school core switch",
    "--name", "Sam Tech", "--email", "sam.tech@qcsd.example.org", "--github", "samtech",
    "--system", "core-switch-01", "--audience", "all-staff", "--site", "high-school",
    "--impact", "The high school has no network until the switch is replaced.",
    "--reason", "The switch failed at 10:14 during classes.", "--start", "2026-11-20 10:30",
    "--stakeholder", "Principal of the high school", "--not-wsus-only", "--no-mission-critical",
    "--now", NOW,
]
REAL_STEPS = ["--step", "Swap in the spare switch from the storeroom.",
              "--step", "Restore the saved configuration and check every uplink.",
              "--backout-step", "Put the hotspots back in the library and the office."]


def test_the_emergency_template_asks_equipment_replacement_defaulting_to_yes(repo: Repo) -> None:
    # Every other answer comes from a flag or its default: only Enter is typed.
    code, output = prompt(repo.root, [""] * 30, *EMERGENCY, *REAL_STEPS)
    assert ("Is it an OS or firmware upgrade, or a replacement of server/network equipment? "
            "[Y/n]: \n") in output
    assert "counts as affecting mission-critical data" in output
    written = next((repo.root / "changes").rglob("*.yaml"))
    assert written.name == "2026-11-20-replace-failed-high-school-core-switch.yaml"
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["kind"] == "unscheduled" and data["impact"]["mission_critical_data"] is True
    assert code in (0, 1), output


def test_the_emergency_templates_placeholder_steps_are_a_guide_not_a_default(
        repo: Repo) -> None:
    """The wizard never writes a file the plan rules refuse: the emergency template's steps
    ("Find the cause of the outage.") are shown as the shape of the work, and real ones are
    asked for, a blank first answer told why."""
    answers = [*[""] * 8,  # the questions before the plan's steps take their defaults
               "", "Swap in the spare switch from the storeroom.", "",  # a blank first: why
               "", "", "",  # verification, staff, backout summary
               "Put the hotspots back in the library and the office.", "", *[""] * 20]
    code, output = prompt(repo.root, answers, *EMERGENCY)
    assert code in (0, 1), output  # 1: the impact warnings of an emergency filed in haste
    assert "the template only names the shape of the work" in output
    assert "  - Find the cause of the outage.\n" in output and "Keep these steps?" not in output
    assert "At least one real step is needed" in output
    written = next((repo.root / "changes").rglob("*.yaml"))
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["plan"]["steps"] == ["Swap in the spare switch from the storeroom."]
    assert data["backout"]["steps"] == ["Put the hotspots back in the library and the office."]
    checked = run(repo.root, "validate", str(written.relative_to(repo.root)), "--now", NOW)
    assert "[plan]" not in checked.output and "[backout-plan]" not in checked.output, \
        checked.output


def test_the_emergency_template_by_flags_alone_needs_real_steps(repo: Repo) -> None:
    result = run(repo.root, "new", *EMERGENCY, "--yes")
    assert result.exit_code == 2 and "--step is needed" in result.output
    assert not (repo.root / "changes").exists() or not any((repo.root / "changes").rglob("*"))


def test_a_blank_answer_to_a_required_question_says_why(repo: Repo) -> None:
    flags = [a for a in FIRMWARE if a != "--yes"]
    at = flags.index("--title")
    flags = flags[:at] + flags[at + 2:]  # the title is asked
    at = flags.index("--email")
    flags = flags[:at] + flags[at + 2:]  # and the e-mail
    answers = ["n", "", "", "", "", "", "",
               "", "Upgrade the middle school core switch", "", "sam.tech@qcsd.example.org",
               *[""] * 30]
    code, output = prompt(repo.root, answers, *flags, "--now", NOW)
    assert code == 0, output
    assert ("Title (one line): \nError: an answer is needed: it names the change in every "
            "notice and on the calendar\nTitle (one line): ") in output
    assert ("Your e-mail: \nError: an answer is needed: the coordinator and the notices "
            "answer to it\nYour e-mail: ") in output


def test_a_blank_list_answer_says_why_too(repo: Repo) -> None:
    flags = [a for a in FIRMWARE if a != "--yes"]
    at = flags.index("--system")
    flags = flags[:at] + flags[at + 2:]
    answers = ["n", "", "", "", "", "", "", "", "core-switch-02", *[""] * 30]
    code, output = prompt(repo.root, answers, *flags, "--now", NOW)
    assert code == 0, output
    assert ("separated by ',': \nError: an answer is needed: the change request cannot be "
            "filed without it\n") in output


@pytest.mark.parametrize(("title", "expected"), [
    ("Emergency replacement of the failed high school core switch",
     "emergency-failed-high-school-core-switch"),
    ("Replace the UPS in the high-school server room", "replace-ups-high-school-server-room"),
    ("Upgrade the SIS database to version 12.4 on sis-db-01 at the central office",
     "upgrade-12-4-sis-db-01-central-office"),
    ("The", "change"),
])
def test_ids_keep_the_key_words_of_the_title(title: str, expected: str) -> None:
    assert slug(title) == expected
    assert len(slug(title)) <= 40


def test_the_wizard_writes_yaml_as_people_write_it(repo: Repo) -> None:
    result = run(repo.root, "new", *FIRMWARE, "--now", NOW)
    assert result.exit_code == 0, result.output
    text = next((repo.root / "changes").rglob("*.yaml")).read_text(encoding="utf-8")
    for line in ("title: Upgrade the middle school core switch\n", "kind: scheduled\n",
                 "category: firmware-upgrade\n",
                 "requester: {name: Sam Tech, email: sam.tech@qcsd.example.org, github: samtech}\n",
                 "systems: [core-switch-02]\n", "  audiences: [all-staff, students]\n",
                 "  summary: The middle school loses network access for up to an hour.\n",
                 # A comma inside a bracketed list would split it: that one is quoted.
                 'stakeholders: ["Principal, Quitman County Middle School"]\n'):
        assert line in text, text


@pytest.mark.parametrize("value", [
    "Jane Tech", "no", "19:00", "2026-12-19 20:00", "It's done", "a#b", "ünïcödé ✓",
    "true", "false", "123", "null", "~", "", " padded", "a: b", "a #b", "- item", "[x]", "{x}",
    "&a", "*a", "!tag", "%d", "@at", "`t", "|p", ">f", "?q", '"q"', "'q'", "a, b", "x\ny",
    "tab\there", "\x85", "\u2028", "ends:",
])
def test_every_scalar_reads_back_as_written(value: str) -> None:
    for flow in (False, True):
        written = scalar(value, flow=flow)
        doc = f"k: [{written}]\n" if flow else f"k: {written}\n"
        assert parse(doc).data == {"k": [value] if flow else value}
        assert yaml.safe_load(doc)["k"] == ([value] if flow else value) or value in (
            "no", "19:00", "2026-12-19 20:00")  # YAML 1.1 readers differ; cmcheck does not
    assert (scalar(value) == value) == (value in (
        "Jane Tech", "no", "19:00", "2026-12-19 20:00", "It's done", "a#b", "ünïcödé ✓", "a, b"))


def test_review_follow_up_none_stores_no_follow_up(repo: Repo, change_text: str) -> None:
    path = "changes/2026/2026-12-19-core-switch.yaml"
    repo.commit("Schedule", "2026-11-20T09:00:00-06:00", {path: change_text})
    result = run(repo.root, "review", "2026-12-19-core-switch", "--outcome", "successful",
                 "--completed", "2026-12-19 21:40", "--notes", "Done.", "--follow-up", "none",
                 "--now", "2026-12-20T08:00")
    assert result.exit_code == 0, result.output
    review = yaml.safe_load((repo.root / path).read_text(encoding="utf-8"))["review"]
    assert review == {"outcome": "successful", "completed": "2026-12-19 21:40", "notes": "Done."}
