"""Issue 23, item 10: the quick path kept Jinja's ``str.format`` guard off (latent).

A format string reads attributes itself: ``"{0.__class__.__mro__}".format(x)`` walks past the
sandbox's underscore check unless Jinja wraps the method (the fix for CVE-2024-56326, applied
where the sandbox reads an attribute). The quick answer for the calendar's types returned
attributes straight from ``getattr``, so a ``str.format`` method held by such a type came out
unwrapped. Before the fix, with a frozen dataclass given as a quick-path type, the template
below printed ``(<class '...Holder'>, <class 'object'>)``: "DID NOT RAISE TemplateRefused".
Today the quick path is the Record's (plain data, answered by type), and Jinja's own getattr and
getitem run on every path, so the method is wrapped wherever a template reads it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from markupsafe import Markup

from cmcheck.core.safe import plain, templating

MRO = "{0.__class__.__mro__}"
# Ways to reach a format method: a Record's field holding one (smuggled past plain(), which
# refuses functions), the same through [] (getitem falls back to the attribute), and a string
# of the data, a Markup and a literal, each with format and format_map.
TEMPLATES = [
    "{{ smuggled.greeting(smuggled) }}",
    "{{ smuggled['greeting'](smuggled) }}",
    "{{ record.title.format(record) }}",
    "{{ record['title'].format(record) }}",
    "{{ record.named.format_map({'x': record}) }}",
    "{{ '{x.__class__.__mro__}'.format_map({'x': record}) }}",
    "{{ record.badge.format(record) }}",
    "{{ ('{0.__class__' ~ '.__mro__}').format(record) }}",
    "{{ (record|attr('title')).format(record) }}",
]


@pytest.mark.parametrize("source", TEMPLATES)
def test_every_path_to_str_format_keeps_the_sandboxs_guard(tmp_path: Path, source: str) -> None:
    env = templating.environment(tmp_path, autoescape=False)
    record = plain.plain({"title": MRO, "badge": Markup(MRO),
                          "named": "{x.__class__.__mro__}"})
    assert type(record) is dict
    values = {"record": plain.Record(record),
              "smuggled": plain.Record({"greeting": MRO.format})}
    with pytest.raises(templating.TemplateRefused, match="tried something templates may not"):
        templating.render(env.from_string(source), values)


def test_a_harmless_format_still_works(tmp_path: Path) -> None:
    env = templating.environment(tmp_path, autoescape=True)
    record = plain.Record({"title": "{0} at {1:%H:%M}", "badge": Markup("<b>{0}</b>")})
    source = ("{{ record.title.format('Core switch', when) }} {{ record.badge.format('<i>') }} "
              "{{ '{:>4}'.format(7) }} {{ '%02d'|format(5) }}")
    text = templating.render(env.from_string(source),
                             {"record": record, "when": datetime(2026, 12, 19, 20, 0)})
    assert text == "Core switch at 20:00 <b>&lt;i&gt;</b>    7 05"
