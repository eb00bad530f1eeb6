"""cmcheck review: the Change Review added as text, on a real git repository."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from cmcheck.cli.main import cli
from tests.conftest import Repo, run

PATH = "changes/2026/2026-12-19-core-switch.yaml"


def committed(repo: Repo, text: str) -> None:
    repo.commit("Schedule the core switch upgrade", "2026-11-20T09:00:00-06:00", {PATH: text})


def diff(repo: Repo) -> list[str]:
    out = repo.git.git.diff("--unified=0", "--", PATH)
    return [line for line in out.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_review_by_flags_adds_only_lines_and_validates(repo: Repo, change_text: str) -> None:
    committed(repo, change_text)
    result = run(repo.root, "review", "2026-12-19-core-switch", "--outcome", "successful",
                 "--completed", "2026-12-19 21:40", "--notes", "Upgraded; every uplink is up.",
                 "--follow-up", "Update the network diagram.", "--now", "2026-12-20T08:00")
    assert result.exit_code == 0, result.output
    assert "added a review to changes/2026/2026-12-19-core-switch.yaml" in result.output
    assert "0 errors, 0 warnings" in result.output
    assert all(line.startswith("+") for line in diff(repo))
    text = (repo.root / PATH).read_text(encoding="utf-8")
    assert text.startswith(change_text)
    assert yaml.safe_load(text)["review"] == {
        "outcome": "successful", "completed": "2026-12-19 21:40",
        "notes": "Upgraded; every uplink is up.", "follow_ups": ["Update the network diagram."]}


def test_review_through_the_prompts_asks_next_steps_when_not_successful(
        repo: Repo, change_text: str) -> None:
    committed(repo, change_text)
    answers = ["backed-out", "2026-12-19 21:55", "The new image lost the DHCP relay.",
               "Retry after the vendor's fix.", "Open a vendor case; Test in the lab", ""]
    result = CliRunner().invoke(cli, ["-C", str(repo.root), "review", "2026-12-19-core-switch",
                                      "--now", "2026-12-20T08:00"],
                                input="\n".join(answers), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    review = yaml.safe_load((repo.root / PATH).read_text(encoding="utf-8"))["review"]
    assert review == {"outcome": "backed-out", "completed": "2026-12-19 21:55",
                      "notes": "The new image lost the DHCP relay.",
                      "next_steps": "Retry after the vendor's fix.",
                      "follow_ups": ["Open a vendor case", "Test in the lab"]}


def test_an_existing_review_is_kept_unless_replace(repo: Repo, change_text: str) -> None:
    committed(repo, change_text)
    first = ["--outcome", "successful", "--completed", "2026-12-19 21:40", "--notes", "Done."]
    assert run(repo.root, "review", "2026-12-19-core-switch", *first,
               "--now", "2026-12-20T08:00").exit_code == 0
    repo.commit("Review", "2026-12-20T09:00:00-06:00")
    before = (repo.root / PATH).read_bytes()
    again = run(repo.root, "review", "2026-12-19-core-switch", *first)
    assert again.exit_code == 2 and "already has a review" in again.output
    assert (repo.root / PATH).read_bytes() == before
    replaced = run(repo.root, "review", "2026-12-19-core-switch", "--replace",
                   "--outcome", "partial", "--completed", "2026-12-19 21:45",
                   "--notes", "One uplink stayed down.", "--next-steps", "Replace the optic.",
                   "--now", "2026-12-20T10:00")
    assert replaced.exit_code == 0, replaced.output
    text = (repo.root / PATH).read_text(encoding="utf-8")
    assert text.count("review:") == 1
    assert text.startswith(change_text)
    assert yaml.safe_load(text)["review"]["outcome"] == "partial"
    assert all(line.startswith(("+", "-  ")) for line in diff(repo))


def test_an_unknown_id_is_a_usage_error(repo: Repo) -> None:
    result = run(repo.root, "review", "nope", "--outcome", "successful", "--notes", "x")
    assert result.exit_code == 2
    assert "no change request with the id nope" in result.output


def test_notes_cannot_inject_keys(repo: Repo, change_text: str) -> None:
    committed(repo, change_text)
    result = run(repo.root, "review", "2026-12-19-core-switch", "--outcome", "successful",
                 "--completed", "2026-12-19 21:40", "--notes", 'ok"\nkind: unscheduled\n',
                 "--now", "2026-12-20T08:00")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((repo.root / PATH).read_text(encoding="utf-8"))
    assert data["kind"] == "scheduled"
    assert data["review"]["notes"] == 'ok"\nkind: unscheduled\n'


def test_with_review_keeps_the_rest_of_the_text() -> None:
    from cmcheck.technician.review import with_review

    middle = "title: x\nreview:\n  outcome: failed\n\n  # note\n  notes: y\nstakeholders: [a]"
    assert with_review(middle, "review:\n  outcome: successful\n") == (
        "title: x\nstakeholders: [a]\nreview:\n  outcome: successful\n")
    assert with_review("title: x", "review: {}\n") == "title: x\nreview: {}\n"


def test_windows_line_endings_are_kept(repo: Repo, change_text: str) -> None:
    crlf = change_text.replace("\n", "\r\n")
    repo.commit("Schedule", "2026-11-20T09:00:00-06:00", {PATH: crlf.encode("utf-8")})
    result = run(repo.root, "review", "2026-12-19-core-switch", "--outcome", "successful",
                 "--completed", "2026-12-19 21:40", "--notes", "Done.",
                 "--now", "2026-12-20T08:00")
    assert result.exit_code == 0, result.output
    raw = (repo.root / PATH).read_bytes()
    assert raw.startswith(crlf.encode("utf-8"))
    assert raw.endswith(b"  notes: Done.\r\n") and b"\n" not in raw.replace(b"\r\n", b"")


def test_a_change_that_has_not_started_gets_no_review(repo: Repo, change_text: str) -> None:
    committed(repo, change_text)  # Sat 2026-12-19 20:00
    before = (repo.root / PATH).read_bytes()
    result = run(repo.root, "review", "2026-12-19-core-switch", "--outcome", "successful",
                 "--completed", "2026-11-30 21:40", "--notes", "Done.",
                 "--now", "2026-12-01T08:00")
    assert result.exit_code == 2
    assert "has not started yet" in result.output
    assert "cmcheck review 2026-12-19-core-switch after the work" in result.output
    assert (repo.root / PATH).read_bytes() == before


def test_completed_before_the_start_or_in_the_future_is_refused(
        repo: Repo, change_text: str) -> None:
    committed(repo, change_text)
    before = (repo.root / PATH).read_bytes()
    for completed, words in (("2026-12-19 18:00", "is before the change started"),
                             ("2026-12-21 09:00", "is in the future")):
        result = run(repo.root, "review", "2026-12-19-core-switch", "--outcome", "successful",
                     "--completed", completed, "--notes", "Done.", "--now", "2026-12-20T08:00")
        assert result.exit_code == 2, result.output
        assert words in result.output
        assert (repo.root / PATH).read_bytes() == before


def test_the_prompt_asks_again_for_a_completion_time_that_cannot_be(
        repo: Repo, change_text: str) -> None:
    committed(repo, change_text)
    answers = ["successful", "2026-12-19 18:00", "2026-12-19 21:40", "Upgraded.", "none"]
    result = CliRunner().invoke(cli, ["-C", str(repo.root), "review", "2026-12-19-core-switch",
                                      "--now", "2026-12-20T08:00"],
                                input="\n".join(answers) + "\n", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "is before the change started (Sat 2026-12-19 20:00)" in result.output
    review = yaml.safe_load((repo.root / PATH).read_text(encoding="utf-8"))["review"]
    assert review["completed"] == "2026-12-19 21:40"
