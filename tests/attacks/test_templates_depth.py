"""Issue 23, item 9, in depth: a context that one day forgets `plain` is still safe.

Contexts hand templates plain data (test_templates_reach.py walks them all). Should a future
context hand over a model, a dict like os.environ or a function anyway, the sandbox itself reads
no attribute or item of it and calls nothing but its globals, macros and the methods of plain
values: the pickle payload of test_templates_code.py does not run even then. And Python's own
types offer no way out either: a class's constructors reached through an instance
(``day.fromtimestamp``, ``Markup.escape``, ``dict.fromkeys``) and a datetime's time zone are
refused, though they have no underscore.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from cmcheck.core.configuration import load_policy
from cmcheck.core.safe import plain, templating
from tests.attacks.test_templates_code import pickle_literal
from tests.conftest import FIXTURES

SECRET = "hunter2-the-smtp-password"


def _render(tmp_path: Path, source: str, values: dict[str, Any]) -> str:
    env = templating.environment(tmp_path, autoescape=True)
    return templating.render(env.from_string(source), values)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # parse_raw's: the job would not stop
def test_a_model_handed_over_by_mistake_runs_no_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMCHECK_SMTP_PASSWORD", SECRET)
    policy = load_policy((FIXTURES / "policy.yaml").read_bytes(), where="tests")
    marker = tmp_path / "ran"
    call = f"parse_raw({pickle_literal(marker)}, proto='pickle', allow_pickle=True)"
    for source in (f"{{{{ models[0].{call} }}}}", f"{{{{ models[0].district.{call} }}}}",
                   f"{{{{ (models[0]|attr('district')).{call} }}}}",
                   f"{{{{ models[0]['district'].{call} }}}}",
                   "{{ models[0].district.name }}"):
        with pytest.raises(templating.TemplateRefused, match="tried something templates may"):
            _render(tmp_path, source, {"models": [policy]})
        assert not marker.exists()
    with pytest.raises(TypeError, match=r"policy for template .* is not plain data: Policy"):
        _render(tmp_path, "{{ policy }}", {"policy": policy})


@pytest.mark.parametrize("source", [
    "{{ things[0]['CMCHECK_SMTP_PASSWORD'] }}",
    "{{ things[0].get('CMCHECK_SMTP_PASSWORD') }}",
    "{{ things[0].CMCHECK_SMTP_PASSWORD }}",
    "{{ things[1]('echo') }}",
    "{{ things[2].args }}",
    "{{ day.fromtimestamp(0) }}",
    "{{ day.today() }}",
    "{{ when.tzinfo.key }}",
    "{{ when.now() }}",
    "{{ badge.escape('<') }}",
    "{{ names.fromkeys('ab') }}",
    "{{ 'x'.maketrans('x', 'y') }}",
    "{{ range.__self__ }}",
    "{{ names.items.__self__ }}",
])
def test_the_sandbox_reads_and_calls_nothing_that_is_not_plain(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    monkeypatch.setenv("CMCHECK_SMTP_PASSWORD", SECRET)
    values = {"things": [os.environ, os.system, partial(os.getenv, "CMCHECK_SMTP_PASSWORD")],
              "day": date(2026, 12, 19), "when": datetime(2026, 12, 19, 20, tzinfo=UTC),
              "badge": Markup("<b>x</b>"), "names": {"a": "b"}}
    with pytest.raises(templating.TemplateRefused) as refused:
        _render(tmp_path, source, values)
    assert SECRET not in str(refused.value)


def test_plain_refuses_what_is_not_data() -> None:
    policy = load_policy((FIXTURES / "policy.yaml").read_bytes(), where="tests")
    for value in (os.system, policy.tz, {1, 2}, os.environ, b"bytes", [object()]):
        with pytest.raises(TypeError, match=r"not plain data|keys are"):
            plain.plain(value)
    with pytest.raises(TypeError, match="dict keys"):
        plain.plain({(1, 2): "a tuple key"})
    record = plain.plain(policy)
    assert type(record) is plain.Record and record.district.contact.name
    assert not any(callable(v) for v in vars(record).values())
    with pytest.raises(AttributeError, match="read-only"):
        record.timezone = "UTC"


def test_templates_are_still_templates(tmp_path: Path) -> None:
    """Loops, macros with a caller, blocks and super(), self, imports, cycler, joiner,
    namespace, groupby, dictsort and the methods of plain values all still work."""
    (tmp_path / "base.j2").write_text("[{% block body %}base{% endblock %}]")
    (tmp_path / "macros.j2").write_text("{% macro shout(x) %}{{ x|upper }}!{% endmacro %}")
    (tmp_path / "page.j2").write_text(
        '{% extends "base.j2" %}{% import "macros.j2" as m %}'
        "{% macro box() %}<{{ caller() }}>{% endmacro %}"
        "{% block body %}{{ super() }}|{{ self.tail() }}|{{ m.shout(record.name) }}|"
        "{% call box() %}in{% endcall %}|"
        "{% set ns = namespace(total=0) %}{% set sep = joiner(',') %}{% set c = cycler('a','b') %}"
        "{% for item in items recursive %}{{ sep() }}{{ loop.cycle('x','y') }}{{ c.next() }}"
        "{% set ns.total = ns.total + item.n %}{{ item.n }}"
        "{% if item.children %}({{ loop(item.children) }}){% endif %}{% endfor %}={{ ns.total }}|"
        "{% for group in items|groupby('kind') %}{{ group.grouper }}:{{ group.list|length }} "
        "{% endfor %}|{% for k, v in names|dictsort %}{{ k }}{{ v }}{% endfor %}|"
        "{{ names.items()|list|length }} {{ day.isoformat() }} {{ day.strftime('%a') }} "
        "{{ record.name.title() }} {{ items|map(attribute='n')|sum }} {{ range(3)|list }}"
        "{% endblock %}{% block tail %}tail{% endblock %}")
    items = plain.plain([{"n": 1, "kind": "a", "children": [{"n": 5, "kind": "c",
                                                              "children": []}]},
                         {"n": 2, "kind": "b", "children": []}])
    env = templating.environment(tmp_path, autoescape=False)
    text = templating.render(env.get_template("page.j2"), {
        "items": items, "record": plain.Record({"name": "core switch"}),
        "names": {"b": 2, "a": 1}, "day": date(2026, 12, 19)})
    assert text == ("[base|tail|CORE SWITCH!|<in>|xa1(,xb5),ya2=8|a:1 b:1 |a1b2|"
                    "2 2026-12-19 Sat Core Switch 3 [0, 1, 2]]")
