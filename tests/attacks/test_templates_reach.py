"""Issue 23, item 9: everything a template can reach is plain data, in every render context.

Every render of every notice kind and of every calendar page kind is recorded (the one function
they all go through, `templating.render`, is wrapped), and everything a template could reach
from its context and its environment's globals is walked: through dicts, lists, tuples and
Records, and through every attribute the sandbox itself lets a template read. The walk finds
only plain data, and no callable but the globals the environment offers and the methods of
plain values themselves (``"x".upper``, ``day.isoformat``). A pydantic model, a dataclass, a
time zone or a function anywhere in the data fails the test, with its path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

from cmcheck.calendar import site
from cmcheck.core.configuration import load_policy
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.safe import plain, templating
from cmcheck.notices import mail
from cmcheck.notices.due import KINDS
from tests import calendar_scenario as scenario
from tests.conftest import FIXTURES, REPO_ROOT, Repo
from tests.test_notify_render import cases

Render = tuple[str, jinja2.Environment, dict[str, Any]]
# The globals a calendar or notice template may call: Jinja's own (range, dict, lipsum, cycler,
# joiner, namespace) and the calendar's functions.
ALLOWED = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "span", "rate", "item"}
# A change with every optional part, so that each of their Records is walked.
RICH = """facilities:
  systems: [electricity]
  coordinated_with: Pat Facilities
exceptions:
  - rule: conflict
    reason: The vendor's engineer is here only that night.
links:
  - title: Release notes
    url: https://vendor.example.com/notes
review:
  outcome: partial
  completed: 2026-12-05 23:00
  notes: Half the racks moved.
  next_steps: The rest next week.
  follow_ups: [Label the new rack]
"""


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Render]]:
    seen: list[Render] = []
    original = templating.render

    def recording(template: jinja2.Template, values: dict[str, Any]) -> str:
        seen.append((template.name or "", template.environment, values))
        return original(template, values)

    monkeypatch.setattr(templating, "render", recording)
    yield seen


class Walk:
    """Every object a template can reach from its values and its environment's globals, as the
    sandbox lets it. A problem is anything that is not plain data, or a callable that is neither
    an allowed global nor a method of the plain value it was read from. Objects shared between
    renders (the policy, a change listed on five pages) are walked once."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.callables: set[str] = set()
        self.reached: set[str] = set()
        self.seen: set[int] = set()
        self.kept: list[Any] = []  # alive until the walk ends, so that ids stay unique

    def walk(self, env: jinja2.Environment, values: dict[str, Any], where: str = "") -> None:
        stack: list[tuple[str, Any, Any]] = [(name, value, None) for name, value in
                                             {**env.globals, **values}.items()]
        while stack:
            path, value, parent = stack.pop()
            if id(value) in self.seen:
                continue
            self.seen.add(id(value))
            self.kept.append(value)
            self.reached.add(path)
            if callable(value) and type(value) is not plain.Record:
                if parent is None and path in ALLOWED and value is env.globals.get(path):
                    self.callables.add(path)
                elif getattr(value, "__self__", None) is parent and type(parent) in plain.TYPES:
                    self.callables.add(f"{type(parent).__name__}.{path.rsplit('.', 1)[-1]}")
                else:
                    self.problems.append(f"{where}{path}: a callable {type(value).__qualname__}")
                continue
            if type(value) not in plain.TYPES:
                self.problems.append(f"{where}{path}: {type(value).__module__}."
                                     f"{type(value).__qualname__} is not plain data")
                continue
            # The data itself, whatever the sandbox would say of it; then every attribute of a
            # value that the sandbox lets a template read.
            if isinstance(value, dict):
                stack += [(f"{path}[{key!r}]", item, value) for key, item in value.items()]
                stack += [(f"{path}.key", key, value) for key in value]
            elif isinstance(value, (list, tuple)):
                stack += [(f"{path}[{n}]", item, value) for n, item in enumerate(value)]
            elif type(value) is plain.Record:
                stack += [(f"{path}.{name}", item, value) for name, item in vars(value).items()]
                continue
            for name in dir(value):
                attribute = getattr(value, name, None)
                if env.is_safe_attribute(value, name, attribute) and not (
                        type(value) in plain.LEAVES and type(attribute) in plain.LEAVES):
                    stack.append((f"{path}.{name}", attribute, value))

    def methods(self) -> set[str]:
        """The methods of plain values among the callables ("str.upper", "date.isoformat")."""
        kinds = {kind.__name__ for kind in plain.TYPES}
        return {name for name in self.callables if name.split(".")[0] in kinds}


def _policy_text() -> str:
    return (FIXTURES / "policy.yaml").read_text(encoding="utf-8")


def test_every_notice_template_sees_plain_data_only(renders: list[Render]) -> None:
    policy = load_policy(_policy_text().encode(), where="tests")
    env = mail.environment(REPO_ROOT)
    made = cases(policy, (FIXTURES / "change.yaml").read_text(encoding="utf-8"))
    for notice in made.values():
        mail.render_notice(notice, policy, env)
    rendered = {name for name, _, _ in renders}
    assert rendered == {f"{kind}.{part}.j2" for kind in KINDS for part in ("txt", "html")}
    walked = Walk()
    for name, environment, values in renders:
        walked.walk(environment, values, f"{name}: ")
    assert not walked.problems, "\n".join(sorted(walked.problems))
    assert walked.callables == set(walked.methods()) | {"range", "dict", "lipsum", "cycler",
                                                          "joiner", "namespace"}
    assert {"str.upper", "datetime.isoformat"} <= walked.callables
    assert {"change.schedule.start", "change.requester.email", "review.notes",
            "district.contact.name", "notice.previous.schedule"} <= walked.reached


def test_every_calendar_template_sees_plain_data_only(
        repo: Repo, change_text: str, renders: list[Render]) -> None:
    scenario.build(repo, change_text)
    rich = scenario.with_schedule(change_text, "2026-12-05 20:00", "2026-12-05 23:00") + RICH
    repo.commit("An inventory and a change with every part", "2026-12-01T09:00:00-06:00", files={
        "inventory.yaml": (FIXTURES / "inventory.yaml").read_text(encoding="utf-8"),
        "changes/2026/2026-12-05-every-part.yaml": rich})
    now = datetime(2026, 12, 14, 16, tzinfo=UTC)
    for part in site.build(repo.root, now):  # in this process: no forked writer
        for _ in part:
            pass
    rendered = {name for name, _, _ in renders}
    pages = {p.name for p in (REPO_ROOT / site.TEMPLATES).glob("*.html.j2")}
    # base is what every page extends, macros what they import (walked with the globals).
    assert rendered == pages - {"base.html.j2", "macros.html.j2"}
    walked = Walk()
    for name, environment, values in renders:
        walked.walk(environment, values, f"{name}: ")
    assert not walked.problems, "\n".join(sorted(walked.problems))
    assert walked.callables == walked.methods() | ALLOWED
    assert {"date.isoformat", "str.upper", "list.index", "dict.items"} <= walked.callables
    assert not any(name.split(".")[-1].startswith(("parse", "model_", "from"))
                   for name in walked.callables)
    # Deep parts, each by the end of its path (a shared object is walked once, from wherever
    # it is met first).
    for deep in (r"change\.review\.follow_ups\[0\]", r"history\.events\[0\]\.subject",
                 r"\.links\[0\]\[1\]", r"\.risk\.reasons", r"report\.months\[0\]\.by_kind",
                 r"maintenance_window\.closed\[0\]\.start", r"\.blocks\[0\]\.style",
                 r"weeks\[0\]\[0\]\.entries", r"states\['done'\]\.icon", r"_through\[0\]\.chain",
                 r"\.owner\.email", r"change\.facilities\.coordinated_with"):
        assert any(re.search(deep + "$", path) for path in walked.reached), deep


def test_the_walk_finds_a_model_a_function_and_a_time_zone(change_text: str) -> None:
    """The check can fail: what slipped through before issue 23 is found, with its path."""
    policy = load_policy(_policy_text().encode(), where="tests")
    env = mail.environment(REPO_ROOT)
    model = cases(policy, change_text)["scheduled"].change
    assert isinstance(model, ChangeRequest)
    smuggled = plain.Record({"title": "x", "parse": model.model_validate_json})
    walked = Walk()
    walked.walk(env, {
        "change": model, "tz": policy.tz, "nested": [{"f": len}], "smuggled": smuggled,
        "fine": plain.plain(model), "markup": Markup("<b>x</b>")})
    assert sorted(walked.problems) == [
        "change: cmcheck.core.model.models.ChangeRequest is not plain data",
        "nested[0]['f']: a callable builtin_function_or_method",
        "smuggled.parse: a callable method",
        "tz: zoneinfo.ZoneInfo is not plain data"]
    assert "Markup.striptags" in walked.callables


def test_the_digest_and_the_requested_pages_see_plain_data_only(
        repo: Repo, change_text: str, renders: list[Render]) -> None:
    """The two contexts the coordinator's queue added (issue 27): the weekly digest and a
    requested change on the calendar, walked like the rest."""
    from cmcheck.core.requested import Request
    from cmcheck.notices import digest

    policy = load_policy(_policy_text().encode(), where="tests")
    # One item as queue/render.py's as_plain makes it: strings, numbers, booleans, lists.
    digest.render([{"pr": 8, "id": "2026-12-19-x", "title": "A <b>title</b>", "urgent": True,
                    "days_left": 3, "left": "3 days left", "start": "Sat 2026-12-19 20:00",
                    "url": "https://x.test/8", "approved": False, "approval": "not approved",
                    "notice_ok": False, "conflicts": ["#7 y"], "author": "janetech"}],
                  policy=policy, week="2026-W50", generated="Mon 2026-12-07 07:00",
                  root=REPO_ROOT)
    scenario.build(repo, change_text)
    asked = scenario.with_schedule(change_text, "2026-12-19 20:00", "2026-12-19 22:00")
    request = Request(pull=8, path="changes/2026/2026-12-19-asked.yaml", raw=asked.encode(),
                      url="https://github.com/qcsd/changes/pull/8",
                      opened=datetime(2026, 12, 1, 15, tzinfo=UTC))
    for part in site.build(repo.root, datetime(2026, 12, 14, 16, tzinfo=UTC), [request]):
        for _ in part:
            pass
    rendered = {name for name, _, _ in renders}
    assert {"digest.txt.j2", "digest.html.j2", "change.html.j2"} <= rendered
    walked = Walk()
    for name, environment, values in renders:
        walked.walk(environment, values, f"{name}: ")
    assert not walked.problems, "\n".join(sorted(walked.problems))
    assert walked.callables == walked.methods() | ALLOWED
    assert any(path.endswith(".pull_url") for path in walked.reached)  # a request was walked
