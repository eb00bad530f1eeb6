"""Plain words from the schema: every field of the change request, fed values of the wrong
kind, gets a message that says what the field is and what to write, never the validator's own
wording. One real repository, one `cmcheck validate` over every case."""

from __future__ import annotations

import copy
import json
import types
from collections.abc import Iterator
from inspect import isclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel

from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.wording import FIELDS, path_of
from tests.conftest import FIXTURES, Repo, run
from tests.rules.helpers import check, edit
from tests.validating import NOW

VALIDATOR_WORDS = ("Input should", "instance of", "after validation", "dictionary",
                   "model_type", "valid string", "valid list", "valid integer", "valid boolean",
                   "Value error", "pydantic", "Field required", "Extra inputs")
WRONG: tuple[Any, ...] = ("n/a", {"a": "b"}, ["a", "b"], 7, True, [{"a": "b"}])
FULL = {
    "facilities": {"systems": ["electricity"], "coordinated_with": "Maintenance Director"},
    "exceptions": [{"rule": "resources", "reason": "The crew is booked."}],
    "unscheduled": {"reason": "The switch failed."},
    "review": {"outcome": "failed", "completed": "2026-11-30 12:00", "notes": "It failed.",
               "next_steps": "Retry.", "follow_ups": ["Call the vendor."]},
    "links": [{"title": "Release notes", "url": "https://vendor.example.com/notes"}],
}


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def fields(model: type[BaseModel], prefix: tuple[Any, ...] = ()) -> Iterator[
        tuple[tuple[Any, ...], Any]]:
    """Every field of the model and its sections, list items at index 0."""
    for name, info in model.model_fields.items():
        yield from _visit((*prefix, name), info.annotation)


def _visit(path: tuple[Any, ...], annotation: Any) -> Iterator[tuple[tuple[Any, ...], Any]]:
    annotation = _unwrap(annotation)
    yield path, annotation
    if get_origin(annotation) is list:
        yield from _visit((*path, 0), get_args(annotation)[0])
    elif isclass(annotation) and issubclass(annotation, BaseModel):
        yield from fields(annotation, path)


EVERY_FIELD = list(fields(ChangeRequest))


def base() -> dict[str, Any]:
    data = yaml.safe_load((FIXTURES / "change.yaml").read_text(encoding="utf-8"))
    data["schedule"] = {"start": "2026-12-19 20:00", "end": "2026-12-19 22:00"}
    data["requester"]["github"] = "janetech"
    return {**data, **copy.deepcopy(FULL)}


def with_value(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = base()
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def test_every_field_has_words() -> None:
    assert {path_of(path) for path, _ in EVERY_FIELD} <= set(FIELDS)


def _kind(annotation: Any) -> str:
    if get_origin(annotation) is Literal:
        return "choice"
    return getattr(annotation, "__name__", str(annotation))


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """case file -> schema messages, for every field and every wrong value."""
    repo = Repo(tmp_path_factory.mktemp("words") / "repo")
    (repo.root / "policy.yaml").write_text((FIXTURES / "policy.yaml").read_text("utf-8"))
    files = {}
    for n, (path, _) in enumerate(EVERY_FIELD):
        for m, value in enumerate(WRONG):
            files[f"changes/2026/case-{n:03d}-{m}.yaml"] = yaml.safe_dump(
                with_value(path, value), sort_keys=False, allow_unicode=True)
    repo.commit("Every field, every wrong kind", "2026-11-20T09:00:00-06:00", files)
    result = run(repo.root, "validate", "--format", "json", "--now", NOW)
    assert result.exit_code == 1, result.output
    found: dict[str, list[str]] = {}
    for finding in json.loads(result.output)["findings"]:
        if finding["rule"] == "schema":
            found.setdefault(finding["path"], []).append(finding["message"])
    return found


@pytest.mark.parametrize(("n", "path", "annotation"),
                         [(n, p, a) for n, (p, a) in enumerate(EVERY_FIELD)],
                         ids=[f"{path_of(p)}:{_kind(a)}" for p, a in EVERY_FIELD])
def test_a_wrong_kind_of_value_gets_plain_words(findings: dict[str, list[str]], n: int,
                                                path: tuple[Any, ...], annotation: Any) -> None:
    dotted = ".".join(map(str, path))
    refused = 0
    for m in range(len(WRONG)):
        messages = findings.get(f"changes/2026/case-{n:03d}-{m}.yaml", [])
        for message in messages:
            assert not any(word in message for word in VALIDATOR_WORDS), message
        mine = [message for message in messages if message.startswith(f"{dotted}:")]
        refused += bool(mine)
        for message in mine:
            # What to write, shown: an example, or our own validators' "write ... like ...".
            assert any(w in message for w in ("e.g.", "for example", " like ", "write ")), \
                message
    assert refused, f"no value of the wrong kind was refused at {dotted}"


SPECIFIC = [
    (("backout:\n  summary: Boot the previous IOS 15.2 image that stays on flash and reload.\n"
      "  steps:\n    - Set the boot variable back to the 15.2 image.\n"
      "    - Reload the switch and restore the saved configuration if needed.\n"
      "  duration_minutes: 30\n", "backout: n/a\n"), 25,
     "backout: how the change is undone if it fails, written as a section of indented 'key: "
     "value' lines; for example: backout:, then indented summary: ..., steps: (one '- ' line "
     "each), duration_minutes: 30"),
    (("kind: scheduled", "kind: emergency"), 3,
     "kind: an emergency is `kind: unscheduled`, with an `unscheduled:` section saying why it "
     "could not wait (reason: ...)"),
    (("start: 2026-12-19 20:00", "start: 2026-12-19 8:00"), 14,
     "schedule.start: the hour takes two digits: write 2026-12-19 08:00 for 2026-12-19 8:00"),
    (("systems: [core-switch-01]", "systems: []"), 6,
     "systems: name at least one system the change touches, by its name in inventory.yaml "
     "(e.g. systems: [core-switch-01])"),
    (("staff: [janetech, mbrown]", "staff: janetech and mbrown"), 24,
     "plan.staff: who will be there, written as a list ([a, b], or one '- ' line per item); "
     "for example: staff: [janetech, mbrown]"),
]


@pytest.mark.parametrize(("replace", "line", "message"), SPECIFIC,
                         ids=["backout-n-a", "emergency", "one-digit-hour", "no-systems",
                              "staff-as-text"])
def test_the_words_a_technician_sees(repo: Repo, replace: tuple[str, str], line: int,
                                     message: str) -> None:
    found = check(repo, edit(replace), [("schema", line)])
    assert found[0]["message"] == message


def test_a_one_digit_hour_in_the_policy_says_two_digits(repo: Repo, change_text: str) -> None:
    policy = repo.root / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace('start: "05:00"',
                                                                 'start: "5:00"'))
    repo.write("changes/2026/2026-12-19-core-switch-ios.yaml", change_text)
    result = run(repo.root, "validate", "--now", NOW)
    assert result.exit_code == 2, result.output
    assert 'the hour takes two digits: write 05:00 for 5:00' in result.output
    assert "Input should" not in result.output


def test_the_wizards_checks_speak_the_same_plain_words() -> None:
    import click

    from cmcheck.core.model.text import Line
    from cmcheck.technician.asker import checker

    check_line = checker(Line, "one line")
    for value, words in (("", "is empty: write something"),
                         ("a" * 300, "is too long: at most 200 characters")):
        with pytest.raises(click.BadParameter) as raised:
            check_line(value)
        assert raised.value.message == words
