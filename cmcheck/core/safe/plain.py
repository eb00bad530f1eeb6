"""What a template may hold: plain data, made from the models where a context is built.

A template is the district's code (``templates/`` changes in pull requests) and it renders in the
jobs that hold the SMTP password and the ledger key. Jinja's sandbox refuses names that start
with an underscore, but a pydantic model's own methods have none: ``change.parse_raw(text,
proto="pickle", allow_pickle=True)`` unpickles `text`, and a pickle may call any function
(issue 23). So a template is never handed a model, a dataclass or anything else with methods of
its own. `plain` turns each into a `Record`, a read-only bag of named values with no methods at
all, and copies lists, tuples and dicts around plain items. Strings, numbers, booleans, dates,
times and Markup stay as they are: their methods are Python's own, which return more plain data
and which the immutable sandbox already judges. Anything else (a function, a time zone, a set,
an object of any other class) is refused with TypeError, so that a context that would hand a
template something new fails in the tests instead of reaching a job.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pydantic
from markupsafe import Markup

LEAVES: frozenset[type] = frozenset({str, Markup, int, float, bool, type(None), date, datetime,
                                     time, timedelta})


class Record:
    """Named plain values, read-only, with no methods: a model or a dataclass as a template
    sees it (``change.title``, ``entry.change.schedule.start``)."""

    def __init__(self, fields: dict[str, Any]) -> None:
        object.__setattr__(self, "__dict__", fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Record is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Record is read-only")

    def __repr__(self) -> str:
        return f"Record({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"

    if TYPE_CHECKING:  # its fields, for Python code that reads a Record (calendar.html.span)
        def __getattr__(self, name: str) -> Any: ...


# Every type a template's data is made of.
TYPES: frozenset[type] = LEAVES | {list, tuple, dict, Record}

# Records already made, by the id of what they were made from (kept alive with them, so that an
# id is never reused while its entry stands): a change listed on five pages is converted once.
Memo = dict[int, tuple[object, Record]]


def plain(value: Any, memo: Memo | None = None) -> Any:
    """value as plain data: models, dataclasses and named tuples become Records (their fields,
    and for dataclasses and named tuples their public properties too), containers are copied."""
    kind = type(value)
    if kind in LEAVES or kind is Record:
        return value
    if memo is None:
        memo = {}
    if kind is list:
        return [plain(item, memo) for item in value]
    if kind is tuple:
        return tuple(plain(item, memo) for item in value)
    if isinstance(value, dict):
        return {_key(key): plain(item, memo) for key, item in value.items()}
    known = memo.get(id(value))
    if known is not None:
        return known[1]
    names = _NAMES.get(kind) or _names(kind)
    record = Record({name: plain(getattr(value, name), memo) for name in names})
    memo[id(value)] = (value, record)
    return record


def context(values: dict[str, Any], memo: Memo | None = None) -> dict[str, Any]:
    """A template's context: every value made plain."""
    memo = {} if memo is None else memo
    return {name: plain(value, memo) for name, value in values.items()}


def _key(key: Any) -> Any:
    if type(key) not in LEAVES:
        raise TypeError(f"a template's dict keys are strings, numbers or dates, not "
                        f"{type(key).__qualname__}")
    return key


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(kind: type) -> tuple[str, ...]:
    """The names a Record of kind carries. A model's fields only: its properties compute things
    a template has no use for (Policy.tz is a time zone object)."""
    if issubclass(kind, pydantic.BaseModel):
        _NAMES[kind] = tuple(kind.model_fields)
        return _NAMES[kind]
    if dataclasses.is_dataclass(kind):
        fields = tuple(f.name for f in dataclasses.fields(kind))
    elif issubclass(kind, tuple) and hasattr(kind, "_fields"):  # a NamedTuple
        fields = tuple(kind._fields)
    else:
        raise TypeError(f"{kind.__module__}.{kind.__qualname__} is not plain data: a template "
                        "gets strings, numbers, dates, lists, dicts and Records (see "
                        "core/safe/plain.py); give it a global or a filter for anything else")
    computed = tuple(name for klass in reversed(kind.__mro__) for name, attribute
                     in vars(klass).items()
                     if isinstance(attribute, (property, cached_property))
                     and not name.startswith("_") and name not in fields)
    _NAMES[kind] = tuple(name for name in fields if not name.startswith("_")) + tuple(
        dict.fromkeys(computed))
    return _NAMES[kind]
