"""Questions that are also flags: a flag's value wins, a prompt asks only for what is missing.

With ``--yes`` a question that has a default takes it silently, and one without stops the
wizard with the flag to give (exit 2), so that scripts never hang. Typed answers are checked
with the change request's own field types and asked again when wrong, so that a person never
has to fix the written YAML by hand; flag values are checked by validating the written file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import click
from pydantic import TypeAdapter, ValidationError

from cmcheck.core.model.text import Email, Line, Login, Text
from cmcheck.core.model.wording import plain

Check = Callable[[str], str]


def checker(kind: Any, hint: str) -> Check:
    """A prompt check from a field type: the model's own message, or hint for a pattern."""
    adapter: TypeAdapter[str] = TypeAdapter(kind)

    def check(value: str) -> str:
        try:
            return adapter.validate_python(value)
        except ValidationError as error:
            first = error.errors()[0]
            message = hint if first["type"] == "string_pattern_mismatch" \
                else plain(first)  # the schema's plain words, never the validator's
            raise click.BadParameter(message) from None

    return check


LINE = checker(Line, "write one line")
TEXT = checker(Text, "write some text")
EMAIL = checker(Email, "write an e-mail address like jane.tech@example.org")
LOGIN = checker(Login, "write a GitHub login (letters, digits and dashes) or none")


def login_or_none(value: str) -> str:
    return value if value.strip().lower() in ("", "none", "-") else LOGIN(value.strip())


NEEDED = "the change request cannot be filed without it"


def required(check: Check, why: str) -> Check:
    """check, after refusing a blank answer with the reason the question is asked."""
    def proc(value: str) -> str:
        if not value.strip():
            raise click.BadParameter(f"an answer is needed: {why}")
        return check(value)
    return proc


class MissingAnswer(Exception):
    """--yes was given but a question has no default and its flag is missing."""


@dataclass(kw_only=True)
class Asker:
    given: dict[str, Any]
    accept_defaults: bool

    def _preset(self, key: str, default: Any) -> tuple[bool, Any]:
        value = self.given.get(key)
        if value is not None and value != ():
            return True, value
        if self.accept_defaults:
            if default is None:
                raise MissingAnswer(f"--{key.replace('_', '-')} is needed (no default) with --yes")
            return True, default
        return False, None

    def interactive(self, key: str) -> bool:
        """True when key's answer was typed at a prompt (so a follow-up may be asked)."""
        return self.given.get(key) in (None, ()) and not self.accept_defaults

    def flag(self, key: str, question: str, default: bool) -> bool:
        done, value = self._preset(key, default)
        return bool(value) if done else click.confirm(question, default=default)

    def text(self, key: str, question: str, default: str | None = None, *,
             check: Check = LINE, why: str = NEEDED) -> str:
        done, value = self._preset(key, default)
        if done:
            return str(value)
        if default is None:  # required: a blank answer is told why it is asked again
            return str(click.prompt(question, default="", show_default=False,
                                    value_proc=required(check, why)))
        return str(click.prompt(question, default=default, value_proc=check))

    def number(self, key: str, question: str, default: int) -> int:
        done, value = self._preset(key, default)
        return int(value) if done else int(click.prompt(question, default=default, type=int))

    def choice(self, key: str, question: str, choices: Sequence[str], default: str) -> str:
        done, value = self._preset(key, default)
        if done and str(value) not in choices:
            raise click.BadParameter(f"{value}: choose from {', '.join(choices)}",
                                     param_hint=f"--{key.replace('_', '-')}")
        if done:
            return str(value)
        return str(click.prompt(question, default=default, type=click.Choice(list(choices))))

    def many(self, key: str, question: str, default: list[str], *, sep: str = ",",
             choices: Sequence[str] | None = None,
             each: Callable[[str], str] | None = None, why: str = NEEDED) -> list[str]:
        def split(raw: str) -> list[str]:
            items = [part.strip() for part in str(raw).split(sep) if part.strip()]
            if not items:  # only without a default: a blank answer would give the default
                raise click.BadParameter(f"an answer is needed: {why}")
            if each is not None:
                items = [v if v == "none" else each(v) for v in items]
            bad = [v for v in items if choices is not None and v not in choices and v != "none"]
            if bad:
                raise click.BadParameter(f"{', '.join(bad)}: choose from "
                                         f"{', '.join(choices or ())}")
            return [LINE(v) for v in items if v != "none"]

        done, value = self._preset(key, default or None)
        if done:
            return split(sep.join(str(v) for v in value)) if choices or each else \
                [str(v) for v in value if str(v) != "none"]
        hint = f" ({', '.join(choices)})" if choices else ""
        found: list[str] = click.prompt(f"{question}{hint}, separated by '{sep}'",
                                        default=sep.join(default) if default else "",
                                        show_default=bool(default), value_proc=split)
        return found

    def lines(self, key: str, question: str, default: Sequence[str], *,
              guide: Sequence[str] = ()) -> list[str]:
        """Steps, one a line. A guide is a template's shape of the work, not steps anyone
        could keep: shown, then real steps are asked for, at least one (and --yes needs them
        as flags), so that the wizard never writes a file the plan rules refuse."""
        done, value = self._preset(key, list(default) or None)
        if done:
            return [str(v) for v in value]
        if default:
            click.echo(f"{question}:\n" + "".join(f"  {n}. {s}\n"
                                                  for n, s in enumerate(default, 1)), nl=False)
            if click.confirm("Keep these steps?", default=True):
                return list(default)
        if guide:
            click.echo(f"{question}: the template only names the shape of the work; write what "
                       "you will really do, for example in place of:\n"
                       + "".join(f"  - {s}\n" for s in guide), nl=False)
        found: list[str] = []
        while True:
            step = click.prompt(f"{question}, step {len(found) + 1} (empty to finish)",
                                default="", show_default=False)
            if not step.strip() and guide and not found:
                click.echo("At least one real step is needed: the coordinator approves the "
                           "work the steps describe.")
                continue
            if not step.strip():
                return found
            found.append(TEXT(step.strip()))
