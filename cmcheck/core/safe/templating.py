"""Jinja environments for the district's own templates: sandboxed, reading only their folder.

A district edits ``templates/`` in a pull request, and the notices render in the job that holds
the SMTP password and the ledger key. So a template is treated as untrusted code:

- it is handed plain data only (`plain`: strings, numbers, dates, lists, dicts and Records, never
  a model), so that there is no method of ours to call: a pydantic model's ``parse_raw`` would
  unpickle whatever a template gives it;
- it runs in Jinja's immutable sandbox, which refuses every name starting with an underscore
  (``cycler.__init__.__globals__``, ``x.__class__.__mro__``), wraps ``str.format`` so that a
  format string cannot read attributes either (CVE-2024-56326), and refuses every call that
  would change the data. On top of that, this sandbox reads attributes and items only of plain
  data and of Jinja's own objects (loops, macros, blocks), and calls only the environment's
  globals, macros and the methods of plain data: a context that one day hands a template
  something else is still safe;
- it reads only regular files inside its folder: a symbolic link in the template tree (git
  stores them) could otherwise ``{% include %}`` ``/proc/self/environ``, which holds the
  password, into an e-mail;
- the render context holds the change, the policy and the district: never ``os.environ`` or the
  delivery settings.

A template that tries to leave the sandbox, or reads a name its data does not have, stops the run
with ``TemplateRefused`` naming the template; the command turns it into exit 2 with that
message, never a traceback.
"""

from __future__ import annotations

import os
import types
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.filters import _GroupTuple
from jinja2.loaders import split_template_path
from jinja2.runtime import BlockReference, LoopContext, Macro, TemplateReference
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace

from cmcheck.core.safe.plain import TYPES, Record

# Jinja's own objects that a template makes or is handed: loops, macros, blocks, `self`,
# imported templates, cycler/joiner/namespace and groupby's groups.
RUNTIME: frozenset[type] = frozenset({LoopContext, Macro, BlockReference, TemplateReference,
                                      TemplateModule, Cycler, Joiner, Namespace, _GroupTuple})
# Whose attributes and items a template may read (with the immutable sandbox's checks).
OPEN: frozenset[type] = TYPES | RUNTIME | {range}
# Jinja's own objects a template may call: a macro, a block (super(), self.name()), a recursive
# loop, a joiner.
CALLABLE: frozenset[type] = frozenset({Macro, BlockReference, LoopContext, Joiner})
_METHODS = (types.MethodType, types.BuiltinMethodType)
_MISSING = object()


class TemplateRefused(jinja2.TemplateError):
    """A template did something the sandbox forbids, or is not a plain file in its folder."""


class FolderLoader(jinja2.BaseLoader):
    """Regular files under one folder, reached without following any symbolic link."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(os.path.abspath(folder))

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses "..": TemplateNotFound
        path = self.folder.joinpath(*pieces)
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        real = Path(os.path.realpath(path))
        if real != Path(os.path.realpath(self.folder)).joinpath(*pieces) or path.is_symlink():
            raise TemplateRefused(f"template {template} is a symbolic link (or lies behind "
                                  "one); templates must be plain files in their folder")
        if not real.is_file():
            raise jinja2.TemplateNotFound(template)
        source = real.read_text(encoding="utf-8")
        mtime = real.stat().st_mtime
        return source, str(real), lambda: real.stat().st_mtime == mtime


class _Format:
    """str.format (or format_map) as the sandbox wraps it: the one function a template may get
    from a string's attribute and call."""

    __slots__ = ("_call",)

    def __init__(self, call: Callable[..., str]) -> None:
        self._call = call

    def __call__(self, *args: Any, **kwargs: Any) -> str:
        return self._call(*args, **kwargs)


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, reading and calling only plain data and Jinja's own objects.

    ``str.format`` is wrapped wherever a template reads it: Jinja's own getattr and getitem run
    on every path, but for a Record's field that is plain data (a string, a list: never a
    method), which is returned as it is; the calendar reads a million of them at 10,000
    changes."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        kind = type(obj)
        if kind is Record:
            return type(value) in TYPES
        if kind not in OPEN or not super().is_safe_attribute(obj, attr, value):
            return False
        # Data, Jinja's objects, or a method of obj itself ("x".upper, loop.cycle): never a
        # class's constructor reached through an instance (datetime.fromtimestamp).
        return type(value) in OPEN or (isinstance(value, _METHODS) and value.__self__ is obj)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is Record:
            # The calendar reads a million of these. A field that is plain data is no method,
            # so neither the checks nor the str.format wrapper have anything to do with it;
            # anything else a Record might hold takes Jinja's full path below.
            value = obj.__dict__.get(attribute, _MISSING)
            if type(value) in TYPES and not attribute.startswith("_"):
                return value
        elif type(obj) not in OPEN and not isinstance(obj, jinja2.Undefined):
            # Jinja's getattr falls back to obj[attribute] unchecked: os.environ.X would be read.
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) not in OPEN and not isinstance(obj, jinja2.Undefined):
            return self.unsafe_undefined(obj, str(argument))
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        return None if wrapped is None else _Format(wrapped)

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        kind = type(obj)
        if kind in CALLABLE or kind is _Format:
            return True
        if isinstance(obj, _METHODS) and type(obj.__self__) in OPEN:
            return True  # a method of plain data or of Jinja's objects: "x".upper, loop.cycle
        if kind is partial:
            obj = obj.func
        # The environment's globals: range, dict, cycler, lipsum and the capability's own.
        return any(obj is known or (type(known) is partial and obj is known.func)
                   for known in self.globals.values())


def environment(folder: Path, *, autoescape: bool | Callable[[str | None], bool],
                **options: Any) -> jinja2.Environment:
    """A sandboxed environment over `folder`; autoescape is always given explicitly. Functions
    a template may call go in its globals."""
    return _Sandbox(loader=FolderLoader(folder), autoescape=autoescape,
                    undefined=jinja2.StrictUndefined, **options)


def render(template: jinja2.Template, values: dict[str, Any]) -> str:
    """Render plain values (`plain.plain` makes them), naming the template when the sandbox
    refuses something it tried or it reads a name that its data does not have."""
    for name, value in values.items():
        if type(value) not in TYPES:
            raise TypeError(f"{name} for template {template.name} is not plain data: "
                            f"{type(value).__qualname__}")
    try:
        return template.render(values)
    except SecurityError as error:
        raise TemplateRefused(f"template {template.name} tried something templates may not "
                              f"do ({error}); it can use only the data it is given") from None
    except UndefinedError as error:
        raise TemplateRefused(f"template {template.name} reads something its data does not "
                              f"have ({error}); templates see only the values their "
                              "documentation lists") from None
