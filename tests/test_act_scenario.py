"""The whole lifecycle, run by a real Actions engine: every workflow, with the events that
trigger it, in act, from a technician's first push to the coordinator's audit.

Real parts throughout: a bare git repository stands for GitHub's (git's url.insteadOf sends
https://github.com/qcsd/changes there), the loopback GitHub answers the REST API, aiosmtpd
receives the mail, and the pinned actions are stand-ins under tests/actions/ that do the real
thing locally. The clock of every job is fixed through CMCHECK_NOW (the same as --now). Any
step whose outcome differs from the story fails the test, so a workflow bug fails the suite.
"""

from __future__ import annotations

import json
import re
import subprocess
import tarfile
from pathlib import Path

from cmcheck.core.judge.reporters.github import escape_markdown
from tests import fake_github
from tests.act import Job, Run, act_program, stand_ins
from tests.act_world import (
    FIXTURES,
    URL,
    World,
    close_pull,
    dated,
    git,
    list_open_pull,
    payload,
    pull_payload,
    push_payload,
    schedule_payload,
    world,
)
from tests.conftest import run
from tests.fake_intake import IntakeHub
from tests.issue_bodies import body_of

TECH, COORDINATOR = "janetech", "qcsd-techcoord"
NUMBER = 7
CHANGE = "changes/2027/2027-01-09-core-switch-ios.yaml"
CHANGE_ID = "2027-01-09-core-switch-ios"
UNAPPROVED = "changes/2027/2027-01-16-core-switch-power-supply.yaml"
TOO_SOON = (FIXTURES / "change.yaml").read_text(encoding="utf-8")  # Sat 2026-12-19 20:00
FIXED = (TOO_SOON.replace("start: 2026-12-19 20:00", "start: 2027-01-09 20:00")
         .replace("end: 2026-12-19 22:00", "end: 2027-01-09 22:00"))
OPENED_AT = "2026-12-10T15:00:00Z"  # 09:00 in Mississippi: nine days before 2026-12-19


def test_the_lifecycle_in_act(tmp_path: Path) -> None:
    with world(tmp_path, first_commit_date="2026-11-01T12:00:00-06:00") as w:
        base = git(w.work, "rev-parse", "HEAD")
        head = _too_little_notice(w, base)
        head = _fixed(w, base, head)
        _second_request(w, base, head)
        _approved(w, base, head)
        merge = _merged(w, base, head)
        close_pull(w.github, NUMBER)
        _calendar(w, merge)
        _calendar_shows_the_request(w)
        _unapproved_push(w, merge)
        _reminder(w)


def _pull_event(w: World, kind: str, *, base: str, head: str, **extra: object) -> dict:
    return pull_payload(kind, number=NUMBER, author=TECH, head=head, base=base,
                        created_at=OPENED_AT, **extra)


def _open_pull(w: World, base: str, head: str, commits: list[str]) -> None:
    state = w.github.state
    state.objects[state.repo(f"pulls/{NUMBER}")] = fake_github.pull(
        NUMBER, author=TECH, head=head, base=base)
    state.objects[state.repo(f"pulls/{NUMBER}/commits")] = [
        fake_github.commit(sha, author=TECH) for sha in commits]
    state.objects.setdefault(state.repo(f"pulls/{NUMBER}/reviews"), [])


def _pushed_to_branch(w: World, sha: str, at: str, kind: str, before: str = "0" * 40) -> None:
    """GitHub's record of the push (the notice clock reads it through the activity API)."""
    state = w.github.state
    state.objects.setdefault(state.repo("activity"), []).insert(0, fake_github.activity(
        sha, at, kind=kind, ref=f"{TECH}/change", before=before, actor=TECH))


def _ran(run_: Run, job_id: str, result: str) -> Job:
    job = run_.job(job_id)
    assert job.result == result, f"{job_id}: {job.result}, not {result}\n{job.log[-6000:]}"
    return job


def _too_little_notice(w: World, base: str) -> str:
    """1. The technician's branch: nine days of notice. validate fails on the exact line."""
    git(w.work, "checkout", "-q", "-b", f"{TECH}/change")
    head = w.commit("Schedule the core switch upgrade", "2026-12-10T08:30:00-06:00",
                    {CHANGE: TOO_SOON})
    w.merge_ref(NUMBER, base, head, "2026-12-10T09:00:00-06:00")
    _pushed_to_branch(w, head, "2026-12-10T14:31:00Z", "branch_creation")
    _open_pull(w, base, head, [head])
    w.act.env["CMCHECK_NOW"] = "2026-12-10T09:05"
    opened = _pull_event(w, "pull_request.opened", base=base, head=head)

    validate = _ran(w.act.run("pull_request", opened, "validate.yml"), "validate", "failure")
    assert validate.steps["Validate (annotations and job summary)"] == "failure"
    assert validate.steps["Upload the SARIF"] == "success", validate.log[-4000:]
    start_line = TOO_SOON.splitlines().index("  start: 2026-12-19 20:00") + 1
    assert re.search(rf"::error file={re.escape(CHANGE)},line={start_line},col=\d+,"
                     r"title=cmcheck notice-period::", validate.log), validate.log[-4000:]
    assert "Summary - ## cmcheck validate" in validate.log  # the job summary was written
    sarif = json.loads((w.uploads / "sarif" / "cmcheck.sarif").read_text(encoding="utf-8"))
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "notice-period" and result["partialFingerprints"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == CHANGE
    assert location["region"]["startLine"] == start_line

    approval = _ran(w.act.run("pull_request", opened, "approval.yml"), "approval", "failure")
    assert f"no approval yet: a coordinator ({COORDINATOR}) must approve PR #{NUMBER}" in \
        approval.log, approval.log[-3000:]
    return head


def _fixed(w: World, base: str, old_head: str) -> str:
    """2. The fix is pushed: validate passes, the preview shows the exact notice."""
    head = w.commit("Move the upgrade to January: two weeks of notice",
                    "2026-12-11T10:00:00-06:00", {CHANGE: FIXED})
    w.merge_ref(NUMBER, base, head, "2026-12-11T10:01:00-06:00")
    _pushed_to_branch(w, head, "2026-12-11T16:01:00Z", "push", before=old_head)
    _open_pull(w, base, head, [old_head, head])
    w.act.env["CMCHECK_NOW"] = "2026-12-11T10:05"
    synchronized = _pull_event(w, "pull_request.synchronize", base=base, head=head,
                               before=old_head, after=head)

    validate = _ran(w.act.run("pull_request", synchronized, "validate.yml"), "validate",
                    "success")
    assert "::error" not in validate.log
    sarif = json.loads((w.uploads / "sarif" / "cmcheck.sarif").read_text(encoding="utf-8"))
    assert [r for r in sarif["runs"][0]["results"] if r["level"] == "error"] == []

    notify = w.act.run("pull_request", synchronized, "notify.yml")
    preview = _ran(notify, "preview", "success")
    assert "send" not in notify.jobs  # no secrets, no sending in a pull request
    expected = run(w.work, "notify", "--before", base, "--after", head, "--dry-run",
                   "--now", "2026-12-11T10:05")
    assert expected.exit_code == 0, expected.output
    lines = [line for line in expected.stdout.splitlines() if line.strip()]
    assert any("scheduled" in line.lower() for line in lines)
    for line in lines:
        assert line in preview.log, f"the preview lacks {line!r}"
    assert w.inbox.received == []

    approval = _ran(w.act.run("pull_request", synchronized, "approval.yml"), "approval",
                    "failure")
    assert approval.steps["Check the coordinator's approval"] == "failure"
    return head


def _approved(w: World, base: str, head: str) -> None:
    """3. The coordinator approves on GitHub: the approval check passes."""
    state = w.github.state
    state.objects[state.repo(f"pulls/{NUMBER}/reviews")] = [
        fake_github.review(COORDINATOR, "APPROVED", head, "2026-12-11T17:00:00Z", NUMBER)]
    event = _pull_event(w, "pull_request_review.submitted", base=base, head=head)
    event["review"].update(state="approved", commit_id=head, submitted_at="2026-12-11T17:00:00Z")
    event["review"]["user"]["login"] = COORDINATOR
    event["sender"]["login"] = COORDINATOR
    approval = _ran(w.act.run("pull_request_review", event, "approval.yml"), "approval",
                    "success")
    assert COORDINATOR in approval.log


def _merged(w: World, base: str, head: str) -> str:
    """4. The merge: the scheduled notice goes out once; the ledger reaches GitHub."""
    git(w.work, "checkout", "-q", "main")
    git(w.work, "merge", "-q", "--no-ff", "-m", f"Merge pull request #{NUMBER}", head,
        env=dated("2026-12-11T11:30:00-06:00"))
    merge = git(w.work, "rev-parse", "HEAD")
    w.push("HEAD:refs/heads/main")
    state = w.github.state
    merged = fake_github.pull(NUMBER, author=TECH, head=head, base=base,
                              merged_at="2026-12-11T17:30:00Z", merge_commit_sha=merge)
    state.objects[state.repo(f"pulls/{NUMBER}")] = merged
    for sha in (merge, head):
        state.objects[state.repo(f"commits/{sha}/pulls")] = [fake_github.pull_simple(
            NUMBER, author=TECH, head=head, base=base, merged_at="2026-12-11T17:30:00Z",
            merge_commit_sha=merge)]
    w.act.env["CMCHECK_NOW"] = "2026-12-11T11:35"
    pushed = push_payload(before=base, after=merge, pusher=TECH)
    w.at(merge)

    send = _ran(w.act.run("push", pushed, "notify.yml"), "send", "success")
    assert send.steps["Push the ledger"] == "success"
    recipients = sorted(r for m in w.inbox.received for r in m.recipients)
    assert recipients == ["all-staff@qcsd.example.org", "student-notices@qcsd.example.org"]
    subjects = {m.message["Subject"] for m in w.inbox.received}
    assert all("Upgrade the high school core switch" in s for s in subjects), subjects
    assert git(w.bare, "rev-parse", "--verify", "refs/cmcheck/ledger")

    again = _ran(w.act.run("push", pushed, "notify.yml"), "send", "success")
    assert sorted(r for m in w.inbox.received for r in m.recipients) == recipients, \
        "a re-run of the same push sent again"
    assert "already delivered" in again.log

    audit = _ran(w.act.run("push", pushed, "audit.yml"), "audit", "success")
    assert w.github.issues == [], audit.log[-3000:]
    return merge


def _calendar(w: World, merge: str) -> None:
    """5. The calendar: built, and the Pages artifact holds the site with the change's page."""
    pushed = push_payload(before=merge, after=merge, pusher=TECH)
    calendar = w.act.run("push", pushed, "calendar.yml")
    _ran(calendar, "build", "success")
    _ran(calendar, "deploy", "success")
    artifact = w.uploads / "artifacts" / "github-pages" / "artifact.tar"
    with tarfile.open(artifact) as tar:
        names = {name.removeprefix("./") for name in tar.getnames()}
    assert {"index.html", "changes.ics", f"changes/{CHANGE_ID}.html"} <= names
    page = (w.uploads / "pages" / "changes" / f"{CHANGE_ID}.html").read_text(encoding="utf-8")
    assert "Upgrade the high school core switch" in page
    feed = (w.uploads / "pages" / "changes.ics").read_text(encoding="utf-8")
    assert feed.startswith("BEGIN:VCALENDAR") and CHANGE_ID in feed


# Issue 27: a second open pull request books the same Saturday night on the same switch.
SECOND_NUMBER, SECOND_TECH = 8, "mbrown"
SECOND = "changes/2027/2027-01-09-core-switch-uplinks.yaml"
SECOND_ID = "2027-01-09-core-switch-uplinks"
SECOND_TEXT = (FIXED.replace("title: Upgrade the high school core switch from IOS 15.2 to IOS "
                             "XE 17.3", "title: Re-cable the high school core switch uplinks")
               .replace("start: 2027-01-09 20:00", "start: 2027-01-09 21:00")
               .replace("end: 2027-01-09 22:00", "end: 2027-01-09 23:00"))


def _second_request(w: World, base: str, first_head: str) -> None:
    """2b. Another technician opens #8 for the same night on the same switch: its check warns
    of #7's request by number and id, with the next free slot, and passes (a warning: another
    pull request's content never fails this one)."""
    list_open_pull(w.github, NUMBER, author=TECH, head=first_head, base=base,
                   created_at=OPENED_AT, files={CHANGE: FIXED})
    git(w.work, "checkout", "-q", "-b", f"{SECOND_TECH}/change", base)
    head = w.commit("Book the uplinks", "2026-12-11T10:30:00-06:00", {SECOND: SECOND_TEXT})
    w.merge_ref(SECOND_NUMBER, base, head, "2026-12-11T10:31:00-06:00")
    state = w.github.state
    state.objects[state.repo("activity")].insert(0, fake_github.activity(
        head, "2026-12-11T16:31:00Z", kind="branch_creation", ref=f"{SECOND_TECH}/change",
        actor=SECOND_TECH))
    opened_at = "2026-12-11T16:32:00Z"
    list_open_pull(w.github, SECOND_NUMBER, author=SECOND_TECH, head=head, base=base,
                   created_at=opened_at, files={SECOND: SECOND_TEXT})
    w.act.env["CMCHECK_NOW"] = "2026-12-11T10:35"
    opened = pull_payload("pull_request.opened", number=SECOND_NUMBER, author=SECOND_TECH,
                          head=head, base=base, created_at=opened_at)
    validate = _ran(w.act.run("pull_request", opened, "validate.yml"), "validate", "success")
    line = SECOND_TEXT.splitlines().index("  start: 2027-01-09 21:00") + 1
    assert re.search(rf"::warning file={re.escape(SECOND)},line={line},col=\d+,"
                     rf"title=cmcheck conflict::overlaps {CHANGE_ID} in open pull request "
                     rf"#{NUMBER} \(Upgrade the high school core switch", validate.log), \
        validate.log[-4000:]
    assert "earliest compliant start:" in validate.log
    git(w.work, "checkout", "-q", f"{TECH}/change")


def _calendar_shows_the_request(w: World) -> None:
    """5b. The calendar built with --pending shows #8 as Requested, never as scheduled, and
    the feed carries it only as TENTATIVE."""
    page = (w.uploads / "pages" / "requested" / f"{SECOND_NUMBER}-{SECOND_ID}.html")
    text = page.read_text(encoding="utf-8")
    assert "requested, not approved" in text and f"pull request #{SECOND_NUMBER}" in text
    feed = (w.uploads / "pages" / "changes.ics").read_text(encoding="utf-8")
    event = feed.split(f"UID:requested-{SECOND_NUMBER}-{SECOND_ID}@")[1].split("END:VEVENT")[0]
    assert "STATUS:TENTATIVE" in event and "CONFIRMED" not in event


def _unapproved_push(w: World, merge: str) -> None:
    """6. A change pushed to main without a pull request: the audit opens the coordinator's
    issue, and a second run updates it instead of opening another."""
    pushed_at = w.commit("Schedule the power supply (pushed straight to main)",
                         "2026-12-12T09:00:00-06:00",
                         {UNAPPROVED: (FIXTURES / "neighbour.yaml").read_text("utf-8")})
    w.push("HEAD:refs/heads/main")
    w.act.env["CMCHECK_NOW"] = "2026-12-12T09:05"
    pushed = push_payload(before=merge, after=pushed_at, pusher="someone")
    w.at(pushed_at)
    sent = len(w.inbox.received)
    _ran(w.act.run("push", pushed, "notify.yml"), "send", "success")  # announced all the same
    assert [m.message["Subject"].split("] ")[1] for m in w.inbox.received[sent:]] == [
        "Scheduled: Replace the high school core switch power supply"], w.inbox.received[sent:]
    _ran(w.act.run("push", pushed, "audit.yml"), "audit", "success")
    (issue,) = w.github.issues
    assert [label["name"] for label in issue["labels"]] == ["cmcheck-audit"]
    assert "2027-01-16-core-switch-power-supply" in issue["body"]
    assert "without a pull request" in issue["body"]
    assert CHANGE_ID not in issue["body"]  # the approved merge is no violation

    w.act.env["CMCHECK_NOW"] = "2026-12-13T05:17"
    _ran(w.act.run("schedule", schedule_payload("17 11 * * *", "audit.yml"), "audit.yml"),
         "audit", "success")
    assert len(w.github.issues) == 1, "the audit opened a second issue"
    assert w.github.issues[0]["updated_at"] != w.github.issues[0]["created_at"]
    writes = [p for p, _ in w.github.state.requests if p.startswith(("POST", "PATCH"))]
    assert [p.split(" ")[0] for p in writes if "/issues" in p] == ["POST", "PATCH"]

    # Friday, someone turns code-owner review off on GitHub; Saturday's audit names it.
    (number,) = w.github.gate.rulesets
    review = next(r for r in w.github.gate.rulesets[number]["rules"] if r["type"] == "pull_request")
    review["parameters"]["require_code_owner_review"] = False
    w.act.env["CMCHECK_NOW"] = "2026-12-14T05:17"
    _ran(w.act.run("schedule", schedule_payload("17 11 * * *", "audit.yml"), "audit.yml"),
         "audit", "success")
    body = w.github.issues[0]["body"]
    assert escape_markdown("rules.pull_request.require_code_owner_review") in body, body
    assert "Repository settings weaker than declared" in body
    assert len(w.github.issues) == 1


def _reminder(w: World) -> None:
    """7. The hourly schedule the day before: the reminder goes out once."""
    sent = len(w.inbox.received)
    w.act.env["CMCHECK_NOW"] = "2027-01-08T21:17"
    hourly = schedule_payload("17 * * * *", "notify.yml")
    send = _ran(w.act.run("schedule", hourly, "notify.yml"), "send", "success")
    reminders = w.inbox.received[sent:]
    assert [m.message["Subject"] for m in reminders] == [
        "[Quitman County School District] Reminder: Upgrade the high school core switch from "
        "IOS 15.2 to IOS XE 17.3"], send.log[-4000:]
    assert sorted(reminders[0].recipients) == ["all-staff@qcsd.example.org",
                                               "student-notices@qcsd.example.org"]
    _ran(w.act.run("schedule", hourly, "notify.yml"), "send", "success")
    assert len(w.inbox.received) == sent + len(reminders), "the reminder went out twice"


def test_the_stand_ins_refuse_to_run_outside_the_scenario() -> None:
    done = subprocess.run(["bash", str(Path(__file__).parent / "actions" / "actions" /
                                       "checkout" / "checkout.sh")],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"},
                          check=False, timeout=30)
    assert done.returncode != 0 and "only inside" in done.stderr


def test_every_pinned_action_has_a_stand_in_and_act_is_installed() -> None:
    workflows = Path(__file__).parent.parent / ".github" / "workflows"
    mapped = stand_ins(workflows)[1::2]
    assert {m.split("@")[0] for m in mapped} >= {
        "actions/checkout", "actions/setup-python", "github/codeql-action",
        "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"}
    assert act_program().is_file()


# The online change request (issue 26): an issue form → intake → its pull request's validate and
# approval → the merge's notice. The App's installation token opens the pull request, so the
# pull request's own checks run as on any other.
ISSUE = 12
APP_TOKEN = "ghs_apptoken0123456789abcdefABCDEF"  # a fake, for the fake App
BRANCH = f"change-request/issue-{ISSUE}"
ISSUE_CHANGE = f"changes/2026/issue-{ISSUE}.yaml"


def test_an_issue_form_becomes_a_scheduled_change_in_act(tmp_path: Path) -> None:
    with world(tmp_path, first_commit_date="2026-11-01T12:00:00-06:00") as w:
        base = git(w.work, "rev-parse", "HEAD")
        hub = _intake_github(w)
        _intake_refuses_a_stranger(w)
        head, number = _intake_opened(w, hub)
        head = _intake_edited(w, hub, head, number)
        _intake_checked(w, hub, base, head, number)
        _intake_merged(w, base, head, number)
        _intake_without_the_app(w, hub)


def _intake_github(w: World) -> IntakeHub:
    hub = IntakeHub(bare=w.bare)
    settings = w.github.state.route

    def route(method: str, path: str, role: str, body: object) -> tuple[int, object] | None:
        mine = hub.route(method, path, role, body)
        return mine if mine is not None or settings is None else settings(method, path, role,
                                                                         body)

    w.github.state.route = route
    w.github.state.tokens[APP_TOKEN] = "app"
    w.act.vars["CMCHECK_APP_ID"] = "123456"
    w.act.secrets["CMCHECK_APP_PRIVATE_KEY"] = "a fake key for the fake App"
    w.act.env["CMCHECK_ACT_APP_TOKEN"] = APP_TOKEN
    return hub


def _intake_event(w: World, action: str, change: dict[str, object], *,
                  association: str = "MEMBER", login: str = TECH,
                  number: int = ISSUE) -> dict[str, object]:
    from cmcheck.core import catalog
    from cmcheck.core.model import issueform

    policy = catalog.policy_in(w.work)
    event = payload(f"issues.{action}")
    issue = event["issue"]
    issue.update(number=number, title=str(change["title"]), author_association=association,
                 body=body_of(change, issueform.fields(policy, catalog.inventory_in(w.work,
                                                                                    policy))),
                 created_at="2026-12-10T15:00:00Z", html_url=f"{URL}/issues/{number}")
    issue["labels"] = [{**issue["labels"][0], "name": "change-request"}]
    issue["user"].update(login=login, id=4242)
    event["sender"]["login"] = login
    return event


def _fixed_change() -> dict[str, object]:
    from cmcheck.core.model.loader import parse as load_yaml

    data: dict[str, object] = load_yaml(FIXED.encode("utf-8")).data
    return data


def _intake_refuses_a_stranger(w: World) -> None:
    """0. A stranger's issue with the form's label: no job runs, no branch is made."""
    w.act.env["CMCHECK_NOW"] = "2026-12-10T09:00"
    ran = w.act.run("issues", _intake_event(w, "opened", _fixed_change(),
                                            association="NONE", login="stranger"), "intake.yml")
    assert ran.jobs == {} or all(job.result != "success" for job in ran.jobs.values()), ran.raw
    assert git(w.bare, "branch", "--list", "change-request/*") == ""


def _intake_opened(w: World, hub: IntakeHub) -> tuple[str, int]:
    """1. The technician submits the form: the branch, the pull request, the comment."""
    ran = w.act.run("issues", _intake_event(w, "opened", _fixed_change()), "intake.yml")
    _ran(ran, "app", "success")
    assert "no-app" not in ran.jobs
    head = git(w.bare, "rev-parse", f"refs/heads/{BRANCH}")
    assert git(w.bare, "log", "-1", "--format=%an <%ae>", head) == \
        f"{TECH} <4242+{TECH}@users.noreply.github.com>"
    from cmcheck.core.model.loader import parse as load_yaml

    written = load_yaml(git(w.bare, "show", f"{head}:{ISSUE_CHANGE}").encode("utf-8")).data
    assert written == {**_fixed_change(), "requester": {
        "name": "Jane Tech", "email": "jane.tech@qcsd.example.org", "github": TECH}}
    (pull,) = hub.pulls.values()
    assert pull["head"]["ref"] == BRANCH and pull["body"].startswith(f"Closes #{ISSUE}\n")
    (comment,) = hub.comments.values()
    assert "ready for the Technology Coordinator's review" in comment["body"]
    assert f"The pull request: #{pull['number']}." in comment["body"]
    writes = [(path, auth) for path, auth in w.github.state.requests
              if path.startswith(("POST", "PATCH"))]
    assert writes and all(auth == f"Bearer {APP_TOKEN}" for _, auth in writes), writes
    assert (w.uploads / "app-token-permissions").read_text().split() == ["write"] * 3
    return head, int(pull["number"])


def _intake_edited(w: World, hub: IntakeHub, old: str, number: int) -> str:
    """2. The technician edits the issue: the same file, pull request and comment."""
    change = _fixed_change()
    plan = dict(change["plan"])  # type: ignore[call-overload]
    plan["summary"] = 'Copy the image: verify "md5" # then reload ${{ github.token }}'
    change["plan"] = plan
    _ran(w.act.run("issues", _intake_event(w, "edited", change), "intake.yml"), "app", "success")
    head = git(w.bare, "rev-parse", f"refs/heads/{BRANCH}")
    assert head != old
    assert git(w.bare, "diff", "--name-only", f"{old}..{head}") == ISSUE_CHANGE
    assert list(hub.pulls) == [number] and len(hub.comments) == 1
    from cmcheck.core.model.loader import parse as load_yaml

    written = load_yaml(git(w.bare, "show", f"{head}:{ISSUE_CHANGE}").encode("utf-8")).data
    assert written["plan"]["summary"] == plan["summary"]  # the answer is data, exactly
    return head


def _intake_checked(w: World, hub: IntakeHub, base: str, head: str, number: int) -> None:
    """3. The pull request's own checks: validate passes, approval waits for the coordinator,
    then passes on the coordinator's approval."""
    state = w.github.state
    git(w.work, "fetch", "-q", "origin", f"+refs/heads/{BRANCH}:refs/remotes/origin/{BRANCH}")
    w.merge_ref(number, base, head, "2026-12-10T09:02:00-06:00")
    state.objects.setdefault(state.repo("activity"), []).insert(0, fake_github.activity(
        head, "2026-12-10T15:01:00Z", kind="branch_creation", ref=BRANCH,
        actor="cmcheck-intake[bot]"))
    hub.pulls[number]["head"]["sha"] = head  # GitHub moves the pull request with its branch
    state.objects[state.repo(f"pulls/{number}")] = hub.pulls[number]
    state.objects[state.repo(f"pulls/{number}/commits")] = [fake_github.commit(head, author=TECH)]
    state.objects[state.repo(f"pulls/{number}/reviews")] = []
    opened = pull_payload("pull_request.opened", number=number, author="cmcheck-intake[bot]",
                          head=head, base=base, created_at="2026-12-10T15:01:00Z")
    opened["pull_request"]["head"].update(ref=BRANCH, label=f"qcsd:{BRANCH}")
    w.act.env["CMCHECK_NOW"] = "2026-12-10T09:05"
    validate = _ran(w.act.run("pull_request", opened, "validate.yml"), "validate", "success")
    assert "::error" not in validate.log
    _ran(w.act.run("pull_request", opened, "approval.yml"), "approval", "failure")
    state.objects[state.repo(f"pulls/{number}/reviews")] = [
        fake_github.review(COORDINATOR, "APPROVED", head, "2026-12-10T17:00:00Z", number)]
    reviewed = pull_payload("pull_request_review.submitted", number=number,
                            author="cmcheck-intake[bot]", head=head, base=base,
                            created_at="2026-12-10T15:01:00Z")
    reviewed["pull_request"]["head"].update(ref=BRANCH, label=f"qcsd:{BRANCH}")
    reviewed["review"].update(state="approved", commit_id=head,
                              submitted_at="2026-12-10T17:00:00Z")
    reviewed["review"]["user"]["login"] = COORDINATOR
    _ran(w.act.run("pull_request_review", reviewed, "approval.yml"), "approval", "success")


def _intake_merged(w: World, base: str, head: str, number: int) -> None:
    """4. The merge: the scheduled notice goes out, as for any change request."""
    git(w.work, "checkout", "-q", "main")
    git(w.work, "merge", "-q", "--no-ff", "-m", f"Merge pull request #{number}", head,
        env=dated("2026-12-10T11:30:00-06:00"))
    merge = git(w.work, "rev-parse", "HEAD")
    w.push("HEAD:refs/heads/main")
    w.act.env["CMCHECK_NOW"] = "2026-12-10T11:35"
    w.at(merge)
    _ran(w.act.run("push", push_payload(before=base, after=merge, pusher=COORDINATOR),
                   "notify.yml"), "send", "success")
    recipients = sorted(r for m in w.inbox.received for r in m.recipients)
    assert recipients == ["all-staff@qcsd.example.org", "student-notices@qcsd.example.org"]
    assert all("Upgrade the high school core switch" in m.message["Subject"]
               for m in w.inbox.received)


def _intake_without_the_app(w: World, hub: IntakeHub) -> None:
    """5. A district without the App: the workflow's token pushes the branch, GitHub refuses it
    the pull request (the gate keeps Actions from opening them), and the comment links the
    branch for a person to open it, so that its checks start."""
    del w.act.vars["CMCHECK_APP_ID"]
    pulls = dict(hub.pulls)
    change = _fixed_change()
    change["title"] = "Replace the middle school access switches"
    w.act.env["CMCHECK_NOW"] = "2026-12-10T12:00"
    ran = w.act.run("issues", _intake_event(w, "opened", change, number=13), "intake.yml")
    _ran(ran, "no-app", "success")
    assert "app" not in ran.jobs
    assert git(w.bare, "rev-parse", "--verify", "refs/heads/change-request/issue-13")
    assert hub.pulls == pulls  # GitHub refused the workflow's token a pull request
    (comment,) = [c for c in hub.comments.values() if c["issue_url"].endswith("/issues/13")]
    assert f"{URL}/compare/main...change-request/issue-13?expand=1" in comment["body"]
    assert "**Open the pull request yourself:**" in comment["body"]
