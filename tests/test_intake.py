"""`cmcheck intake`: a submitted change-request form (an `issues` event) → the change request
file and the issue's comment. Every parse case of issue 26, the refusals, answers as data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cmcheck.core.model import issueform
from cmcheck.core.model.loader import parse as load_yaml
from tests.conftest import FIXTURES, Repo, run
from tests.issue_bodies import body, body_of, event, example, write_event
from tests.work import counted

NOW = "2026-12-01T09:00"
PATH = "changes/2026/issue-7.yaml"


@pytest.fixture
def district(repo: Repo) -> Repo:
    repo.commit("Inventory", "2026-11-01T13:00:00-05:00",
                {"inventory.yaml": (FIXTURES / "inventory.yaml").read_text(encoding="utf-8")})
    return repo


def fields(root: Path) -> list[issueform.FormField]:
    from cmcheck.core import catalog

    policy = catalog.policy_in(root)
    return issueform.fields(policy, catalog.inventory_in(root, policy))


def change() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml((FIXTURES / "change.yaml").read_bytes()).data
    return data


def intake(root: Path, made: dict[str, Any], *args: str) -> tuple[int, str]:
    result = run(root, "intake", "--event", str(write_event(root.parent, made)), "--now", NOW,
                 *args)
    return result.exit_code, result.output


def written(root: Path, path: str = PATH) -> dict[str, Any]:
    data: dict[str, Any] = load_yaml((root / path).read_bytes()).data
    return data


def test_a_clean_form_becomes_a_clean_change_request(district: Repo) -> None:
    root = district.root
    assert not (root / "changes").exists()  # a new district: intake creates the folder
    code, out = intake(root, event(body_of(change(), fields(root)),
                                   title=change()["title"]), "--format", "json")
    report = json.loads(out)
    assert (code, report["path"], report["id"], report["failed"]) == (0, PATH, "issue-7", False)
    # the fixture's inventory implies more sites and owners than the change names: warnings
    assert {f["severity"] for f in report["findings"]} <= {"warning", "notice"}
    assert report["problems"] == []
    assert report["comment"].startswith("<!-- cmcheck-intake -->\n### Change request `issue-7`: "
                                        "ready for the Technology Coordinator's review")
    assert "**For the Technology Coordinator to look at** (nothing blocks)" in report["comment"]
    got = written(root)
    want = change()
    want["requester"]["github"] = "janetech"
    assert got == want
    assert run(root, "validate", PATH, "--now", NOW).exit_code == 0


def test_the_requester_is_the_author_with_their_noreply_address(district: Repo) -> None:
    answers = change()
    answers["requester"] = {"name": "Jane Tech"}
    intake(district.root, event(body_of(answers, fields(district.root)), login="jt-2",
                                user_id=99))
    assert written(district.root)["requester"] == {
        "name": "Jane Tech", "email": "99+jt-2@users.noreply.github.com", "github": "jt-2"}


@pytest.mark.parametrize(("labels", "association", "why"), [
    (("bug",), "OWNER", "has no `change-request` label"),
    (("change-request",), "CONTRIBUTOR", "who has no write access"),
    (("change-request",), "NONE", "who has no write access"),
    (("change-request",), "FIRST_TIME_CONTRIBUTOR", "who has no write access"),
])
def test_a_refused_issue_writes_nothing(district: Repo, labels: tuple[str, ...],
                                        association: str, why: str) -> None:
    made = event(body_of(change(), fields(district.root)), labels=labels,
                 association=association)
    code, out = intake(district.root, made, "--format", "json")
    assert code == 2
    assert why in json.loads(out[: out.rindex("}") + 1])["refused"]
    assert not (district.root / "changes").exists()


def test_githubs_own_example_issue_is_refused(district: Repo) -> None:
    code, out = intake(district.root, example("opened"))
    assert code == 2 and "is not a change request" in out
    assert not (district.root / "changes").exists()


def test_a_labelled_issue_not_written_by_the_form_is_refused(district: Repo) -> None:
    code, out = intake(district.root, event("Please upgrade the switch on Saturday."))
    assert code == 2 and "not filled in through the change-request form" in out
    assert not (district.root / "changes").exists()


def test_answers_are_data(district: Repo) -> None:
    tricky = ('Step: run "reload" # at 20:00 - then {check} [uplinks] & ${{ secrets.TOKEN }}\n'
              "::error file=policy.yaml,line=1::forged\n"
              "##[warning]old syntax\n"
              "- a dash, 'quotes', `ticks`, *stars*, <b>html</b>, |pipes|")
    answers = change()
    answers["plan"]["summary"] = tricky
    answers["plan"]["steps"] = tricky.splitlines()
    answers["impact"]["summary"] = "yes"
    answers["title"] = "x"
    code, out = intake(district.root, event(body_of(answers, fields(district.root)),
                                            title='Title: "quoted" # ${{ 1 }} ::error::x'),
                       "--format", "json")
    assert code == 0, out
    got = written(district.root)
    assert got["plan"]["summary"] == tricky
    assert got["plan"]["steps"] == [line.strip() for line in tricky.splitlines()]
    assert got["impact"]["summary"] == "yes"
    assert got["title"] == 'Title: "quoted" # ${{ 1 }} ::error::x'
    assert "##[" not in out  # the JSON is made inert for the Actions log


def test_the_comment_escapes_markdown(district: Repo) -> None:
    answers = change()
    answers["schedule"]["start"] = "[click](https://evil.example) <img src=x>"
    code, out = intake(district.root, event(body_of(answers, fields(district.root))))
    assert code == 1
    assert "[click](" not in out and "<img" not in out
    assert "**Start** — error `schema`" in out


def test_too_little_notice_names_the_field_and_the_earliest_start(district: Repo) -> None:
    answers = change()
    answers["schedule"].update(start="2026-12-05 20:00", end="2026-12-05 22:00")
    code, out = intake(district.root, event(body_of(answers, fields(district.root))),
                       "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["failed"]
    notice = next(f for f in report["findings"] if f["rule"] == "notice-period")
    assert notice["field"] == "schedule-start"
    assert "earliest compliant start" in notice["message"]
    assert "- **Start** — error `notice-period`" in report["comment"]
    # validate's words, and the same way forward said for the form
    assert notice["message"] in run(district.root, "validate", PATH, "--now", NOW).output
    assert ("In the form: to ask for the exception, write &#96;notice-period: &#60;why it "
            "cannot move&#62;&#96; under “Exceptions you ask for”") in report["comment"]
    assert "needs your changes" in report["comment"]


def test_empty_optional_fields_read_as_no_answer(district: Repo) -> None:
    form = fields(district.root)
    answers = {f.id: None for f in form}
    text = body_of(change(), form).replace(
        "### Who you consulted\n\nPrincipal of the high school\nDistrict network administrator",
        "### Who you consulted\n\n_No response_").replace(
        "### Environmental facilities touched\n\n_No response_",
        "### Environmental facilities touched\n\nNone")
    assert answers  # every field has a heading
    intake(district.root, event(text))
    got = written(district.root)
    assert "stakeholders" not in got and "facilities" not in got


def test_a_body_edited_by_hand_still_reads(district: Repo) -> None:
    text = body_of(change(), fields(district.root))
    text = "Filed for the switch upgrade.\n\n" + text.replace(
        "### Start\n\n", "###   start  \n\n\n").replace("### End", "### schedule-end")
    text = text.replace("Back up the running configuration to the TFTP server.",
                        "Back up the running configuration to the TFTP server.   \n\n")
    code, out = intake(district.root, event(text))
    assert code == 0, out
    assert written(district.root)["schedule"] == change()["schedule"]


def test_a_missing_heading_is_said_with_the_way_forward(district: Repo) -> None:
    text = body_of(change(), fields(district.root))
    start = text.index("### Backout plan")
    end = text.index("### Backout steps")
    code, out = intake(district.root, event(text[:start] + text[end:]), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["problems"] == [
        "“Backout plan” is missing from the issue: edit the issue and add a heading "
        "`### Backout plan` with your answer below it"]
    assert (district.root / PATH).is_file()  # written all the same: the pull request shows it


def test_a_label_renamed_in_a_later_form(district: Repo) -> None:
    text = body_of(change(), fields(district.root)).replace(
        "### Minutes the backout takes", "### Backout duration (minutes)")
    code, out = intake(district.root, event(text), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["problems"][0] == (
        "“Backout duration (minutes)” is not a question of the change-request form, so its "
        "answer was not used; if it answers “Minutes the backout takes”, rename the heading to "
        "`### Minutes the backout takes`")


def test_a_crlf_body_gives_the_same_file(district: Repo, tmp_path: Path) -> None:
    form = fields(district.root)
    intake(district.root, event(body_of(change(), form)))
    lf = (district.root / PATH).read_bytes()
    answers = {f.id: None for f in form}
    assert answers
    crlf = body_of(change(), form).replace("\n", "\r\n")
    intake(district.root, event(crlf, action="edited"))
    assert (district.root / PATH).read_bytes() == lf


def _body(district: Repo, size: int, consulted: str) -> str:
    """An ordinary body padded to size characters: consulted in its field, the rest at the end."""
    text = body_of(change(), fields(district.root)).replace(
        "### Who you consulted\n\n", f"### Who you consulted\n\n{consulted}\n")
    text += "\n" + "y" * (size - len(text) - 1)
    assert len(text) == size
    return text


def test_a_body_of_65536_characters(district: Repo) -> None:
    consulted = "x" * 9000
    text = _body(district, 65_536, consulted)
    intake(district.root, event(_body(district, 32_768, consulted)))  # modules imported
    _, half = counted(lambda: intake(district.root, event(_body(district, 32_768, consulted))))
    (code, out), work = counted(lambda: intake(district.root, event(text), "--format", "json"))
    # Twice the text, at most twice the Python work (counted, not timed: tests/work.py); work
    # that grew with the square of the body's length would be four times.
    assert work < 2.2 * half, (work, half)
    assert code in (0, 1), out
    assert written(district.root)["stakeholders"][0] == consulted


def test_an_edit_rewrites_the_same_file_even_with_a_new_title_and_date(district: Repo) -> None:
    form = fields(district.root)
    intake(district.root, event(body_of(change(), form), title="First title"))
    moved = change()
    moved["schedule"].update(start="2027-01-09 20:00", end="2027-01-09 22:00")
    intake(district.root, event(body_of(moved, form), title="Second title", action="edited"))
    assert sorted(p.relative_to(district.root).as_posix()
                  for p in (district.root / "changes").rglob("*.yaml")) == [PATH]
    assert written(district.root)["title"] == "Second title"
    assert written(district.root)["schedule"]["start"] == "2027-01-09 20:00"


def test_a_merged_request_is_rewritten_where_it_is(district: Repo) -> None:
    district.commit("Merged", "2026-12-02T09:00:00-06:00",
                    {"changes/2027/issue-7.yaml": (FIXTURES / "change.yaml").read_text()})
    code, out = intake(district.root, event(body_of(change(), fields(district.root)),
                                            action="edited"), "--format", "json")
    assert code == 0, out
    assert json.loads(out)["path"] == "changes/2027/issue-7.yaml"
    assert not (district.root / PATH).exists()


def test_a_choice_the_form_does_not_offer_is_said(district: Repo) -> None:
    text = body_of(change(), fields(district.root)).replace(
        "core-switch-01 (High school core switch)",
        "core-switch-01 (High school core switch), core-switch-99")
    code, out = intake(district.root, event(text), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["problems"] == [
        "“Systems touched”: 'core-switch-99' is not one of the form's choices; choose from the "
        "list, or ask the Technology Coordinator to add it"]
    assert written(district.root)["systems"] == ["core-switch-01", "core-switch-99"]
    assert any(f["rule"] == "inventory" and f["field"] == "systems" for f in report["findings"])


def test_no_event_is_a_usage_error(district: Repo) -> None:
    result = run(district.root, "intake")
    assert result.exit_code == 2 and "--event FILE" in result.output


def test_the_form_and_the_body_agree_on_every_field(district: Repo) -> None:
    form = fields(district.root)
    text = body({f.id: None for f in form}, form)
    assert text.count("### ") == len(form)


def test_a_linked_file_of_the_same_id_is_not_written_through(district: Repo) -> None:
    """An attack: a merged `changes/2027/issue-7.yaml` that is a symbolic link to a workflow
    would make the intake write the technician's answers into that workflow."""
    target = district.root / ".github" / "workflows" / "notify.yml"
    target.parent.mkdir(parents=True)
    target.write_text("on: push\n", encoding="utf-8")
    (district.root / "changes" / "2027").mkdir(parents=True)
    (district.root / "changes" / "2027" / "issue-7.yaml").symlink_to(target)
    code, out = intake(district.root, event(body_of(change(), fields(district.root))))
    assert code == 2 and "symbolic link" in out
    assert target.read_text(encoding="utf-8") == "on: push\n"


def test_a_hash_line_inside_an_answer_stays_in_the_answer(district: Repo) -> None:
    answers = change()
    answers["plan"]["summary"] = "Reload the switch.\n### then check the uplinks\nDone."
    code, out = intake(district.root, event(body_of(answers, fields(district.root))))
    assert code == 0, out
    assert written(district.root)["plan"]["summary"] == answers["plan"]["summary"]


def test_a_question_answered_twice_is_said(district: Repo) -> None:
    text = body_of(change(), fields(district.root)) + "\n\n### Start\n\n2027-01-09 20:00"
    code, out = intake(district.root, event(text), "--format", "json")
    assert code == 1
    assert json.loads(out)["problems"] == [
        "“Start” is answered twice in the issue: delete one of the two, then save the issue"]
    assert written(district.root)["schedule"]["start"] == "2026-12-19 20:00"  # the first


def test_a_wrong_email_names_the_question(district: Repo) -> None:
    answers = change()
    answers["requester"]["email"] = "jane at school"
    code, out = intake(district.root, event(body_of(answers, fields(district.root))),
                       "--format", "json")
    report = json.loads(out)
    assert code == 1
    (wrong,) = [f for f in report["findings"] if f["severity"] == "error"]
    assert (wrong["rule"], wrong["field"]) == ("schema", "requester")
    assert "- **Your name / Your e-mail** — error `schema`" in report["comment"]
