"""A small district history for the calendar tests, committed with explicit dates.

"Now" is Monday 2026-12-14 10:00 in Chicago. The week holds a change titled like a script, two
changes that collide on core-switch-01, the "Semester grades" blackout (Thu 17 – Fri 18), and
the core switch change was rescheduled once. Another change was cancelled (its file deleted), one
is done, one is overdue for its review, and one runs across the spring-forward DST change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO_ROOT, Repo

NOW = "2026-12-14T10:00"
SWITCH = "changes/2026/2026-12-19-core-switch-ios.yaml"
XSS_TITLE = "<script>alert(1)</script>"


def variant(text: str, **replace: str) -> str:
    """The fixture change with lines replaced: key 'old' -> 'new' pairs given as old=new."""
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def with_title(text: str, title: str) -> str:
    return variant(text, **{
        "title: Upgrade the high school core switch from IOS 15.2 to IOS XE 17.3":
            f"title: {title!r}" if "<" in title else f"title: {title}"})


def with_schedule(text: str, start: str, end: str) -> str:
    return variant(text, **{"start: 2026-12-19 20:00": f"start: {start}",
                            "end: 2026-12-19 22:00": f"end: {end}"})


REVIEW = """review:
  outcome: successful
  completed: 2026-12-05 21:30
  notes: The new UPS carries the rack; the self-test passed.
"""


def build(repo: Repo, change_text: str) -> Repo:
    shutil.copytree(REPO_ROOT / "templates", repo.root / "templates")
    first = with_schedule(change_text, "2026-12-12 20:00", "2026-12-12 22:00")
    repo.commit("Submit the core switch upgrade", "2026-11-20T09:00:00-06:00",
                files={SWITCH: first})
    repo.commit("Reschedule the core switch upgrade to the 19th", "2026-11-25T09:00:00-06:00",
                files={SWITCH: change_text})
    uplinks = with_schedule(with_title(change_text, "Replace the core switch uplink optics"),
                            "2026-12-19 21:00", "2026-12-19 23:00")
    xss = with_schedule(with_title(change_text, XSS_TITLE), "2026-12-15 20:00",
                        "2026-12-15 21:00").replace("sites: [high-school]",
                                                    "sites: [middle-school]").replace(
        "systems: [core-switch-01]", "systems: [ms-switch-02]")
    done = with_schedule(with_title(change_text, "Replace the elementary UPS"),
                         "2026-12-05 20:00", "2026-12-05 22:00").replace(
        "systems: [core-switch-01]", "systems: [es-ups-01]").replace(
        "sites: [high-school]", "sites: [elementary]") + REVIEW
    overdue = with_schedule(with_title(change_text, "Patch the library server"),
                            "2026-12-12 08:00", "2026-12-12 10:00").replace(
        "systems: [core-switch-01]", "systems: [library-01]")
    dst = with_schedule(with_title(change_text, "Move the SIS database across the DST change"),
                        "2027-03-13 23:00", "2027-03-14 04:00").replace(
        "systems: [core-switch-01]", "systems: [sis-db-01]")
    gone = with_schedule(with_title(change_text, "Retire the old print server"),
                         "2026-12-16 20:00", "2026-12-16 21:00").replace(
        "systems: [core-switch-01]", "systems: [print-01]")
    repo.commit("Submit more changes", "2026-11-26T09:00:00-06:00", files={
        "changes/2026/2026-12-19-uplink-optics.yaml": uplinks,
        "changes/2026/2026-12-15-script-title.yaml": xss,
        "changes/2026/2026-12-05-elementary-ups.yaml": done,
        "changes/2026/2026-12-12-library-patch.yaml": overdue,
        "changes/2027/2027-03-13-sis-dst.yaml": dst,
        "changes/2026/2026-12-16-print-server.yaml": gone,
    })
    repo.commit("Cancel the print server retirement", "2026-11-30T09:00:00-06:00",
                remove=["changes/2026/2026-12-16-print-server.yaml"])
    return repo


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


SITES = ["central-office", "high-school", "middle-school", "elementary"]
OUTCOMES = ["successful", "failed", "backed-out", "postponed", "partial"]
# Long hyphenated keys, which a phone must wrap at their hyphens, never inside a word.
SYSTEMS = ["district-student-information-system-01", "core-switch-01", "es-ups-01",
           "library-catalog-server", "hs-wireless-controller-02", "ms-switch-02"]


def generated(repo: Repo, change_text: str, count: int) -> Repo:
    """The scenario and `count` more changes around it (November to February), so that every
    state, kind, outcome and site shows, some share a system at once, and this week's grid has
    side-by-side blocks. Deterministic: the n-th change is a function of n."""
    build(repo, change_text)
    files = {}
    for n in range(count):
        day = 2 + n % 27
        month, year = (11, 2026) if n % 4 == 0 else (12, 2026) if n % 4 == 1 else \
            (1, 2027) if n % 4 == 2 else (2, 2027)
        hour = 19 + n % 3 if n % 3 else 6 + n % 10
        start = f"{year}-{month:02d}-{day:02d} {hour:02d}:00"
        end = f"{year}-{month:02d}-{day:02d} {hour + 1 + n % 2:02d}:45"
        system = SYSTEMS[n % len(SYSTEMS)]
        text = with_schedule(with_title(change_text, f"Change {n} on {system}: apply the "
                                        "vendor's maintenance release and verify"), start, end)
        text = text.replace("systems: [core-switch-01]", f"systems: [{system}]").replace(
            "sites: [high-school]", f"sites: [{', '.join(SITES[: 1 + n % 4])}]")
        if n % 7 == 3:
            text = text.replace("kind: scheduled", "kind: unscheduled") + (
                "unscheduled:\n  reason: The service failed during the school day.\n")
        if (year, month) == (2026, 11) and n % 5:
            text += (f"review:\n  outcome: {OUTCOMES[n % 5]}\n"
                     f"  completed: {year}-{month:02d}-{day:02d} 23:50\n"
                     "  notes: Done as planned.\n")
        files[f"changes/{year}/{year}-{month:02d}-{day:02d}-generated-{n:03d}.yaml"] = text
    # This week: two changes side by side on Wednesday evening, on one system (a conflict).
    for n, (start, end) in enumerate((("2026-12-16 19:00", "2026-12-16 20:30"),
                                      ("2026-12-16 19:30", "2026-12-16 20:15"))):
        files[f"changes/2026/2026-12-16-side-by-side-{n}.yaml"] = with_schedule(with_title(
            change_text, f"Apply the SIS vendor's quarterly patch, part {n + 1}"), start, end
        ).replace("systems: [core-switch-01]",
                  "systems: [library-catalog-server, district-student-information-system-01]")
    repo.commit("Submit the generated changes", "2026-12-01T09:00:00-06:00", files=files)
    return repo
