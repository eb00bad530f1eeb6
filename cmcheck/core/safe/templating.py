"""Jinja environments for the district's own templates: sandboxed, reading only their folder.

A district edits ``templates/`` in a pull request, and the notices render in the job that holds
the SMTP password. So a template is treated as untrusted code:

- it runs in Jinja's immutable sandbox, which refuses every attribute that leads out of the data
  it is given (``cycler.__init__.__globals__``, ``self.__init__``, ``lipsum.__globals__``,
  ``x.__class__.__mro__``, ``str.format`` tricks) and every call that would change it;
- it reads only regular files inside its folder: a symbolic link in the template tree (git
  stores them) could otherwise ``{% include %}`` ``/proc/self/environ``, which holds the
  password, into an e-mail;
- the render context holds the change, the policy and the district: never ``os.environ`` or the
  delivery settings.

A template that tries to leave the sandbox stops the run with ``TemplateRefused`` naming the
template; the command turns it into exit 2 with that message, never a traceback.
"""

from __future__ import annotations

import collections
import os
import types
from collections import abc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

# Types whose attributes Jinja checks specially (or that can be changed in place): never "plain".
SAFE_TO_SKIP_REFUSED = (type, types.FunctionType, types.MethodType, types.CodeType,
                        types.TracebackType, types.FrameType, types.GeneratorType,
                        types.CoroutineType, types.AsyncGeneratorType, list, dict, set,
                        collections.deque, abc.MutableSet, abc.MutableMapping,
                        abc.MutableSequence)


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


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, answering quickly for the caller's plain data types.

    For an object whose exact type is a plain data class (not a function, method, type, code,
    frame, traceback or generator, and not a mutable container) Jinja's checks come down to
    "the name does not start with an underscore": that is all this answers for them, without
    the dozen isinstance calls per attribute that cost the calendar seconds at 10,000 pages.
    Every other object gets the full checks."""

    plain: frozenset[type] = frozenset()

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if type(obj) in self.plain:
            return not attr.startswith("_")
        return bool(super().is_safe_attribute(obj, attr, value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        # What the sandbox's getattr would return: a field of a plain object is never a
        # string's format method (the one value it wraps), and a name it refuses still goes
        # through it.
        if type(obj) in self.plain and not attribute.startswith("_"):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)


def environment(folder: Path, *, autoescape: bool | Callable[[str | None], bool],
                plain: frozenset[type] = frozenset(), **options: Any) -> jinja2.Environment:
    """A sandboxed environment over `folder`; autoescape is always given explicitly. plain:
    the caller's data classes (frozen dataclasses, pydantic models) for the quick answer."""
    if any(issubclass(kind, SAFE_TO_SKIP_REFUSED) for kind in plain):
        raise ValueError("only plain data classes may skip the sandbox's type checks")
    env = _Sandbox(loader=FolderLoader(folder), autoescape=autoescape,
                   undefined=jinja2.StrictUndefined, **options)
    env.plain = plain
    return env


def render(template: jinja2.Template, values: dict[str, Any]) -> str:
    """Render, naming the template when the sandbox refuses something it tried."""
    try:
        return template.render(values)
    except SecurityError as error:
        raise TemplateRefused(f"template {template.name} tried something templates may not "
                              f"do ({error}); it can use only the data it is given") from None
