"""Issues as GitHub writes them from the change-request form: a change request's answers
rendered as a submitted form's body, and an `issues` event around it built from GitHub's own
example payload (tests/fixtures/webhook-examples.json)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from cmcheck.core.model.issueform import NO, YES, FormField
from tests.conftest import FIXTURES

NO_RESPONSE = "_No response_"


def example(action: str = "opened") -> dict[str, Any]:
    data = json.loads((FIXTURES / "webhook-examples.json").read_text(encoding="utf-8"))
    found: dict[str, Any] = copy.deepcopy(data["examples"][f"issues.{action}"])
    return found


def event(body: str, *, title: str = "Upgrade the core switch", number: int = 7,
          login: str = "janetech", user_id: int = 4242, association: str = "MEMBER",
          labels: tuple[str, ...] = ("change-request",), action: str = "opened",
          created_at: str = "2026-12-01T15:00:00Z") -> dict[str, Any]:
    made = example(action)
    issue = made["issue"]
    issue.update(number=number, title=title, body=body, author_association=association,
                 created_at=created_at,
                 html_url=f"https://github.com/Codertocat/Hello-World/issues/{number}")
    issue["labels"] = [{**issue["labels"][0], "name": name} for name in labels]
    issue["user"].update(login=login, id=user_id)
    return made


def write_event(tmp: Path, made: dict[str, Any]) -> Path:
    path = tmp / "event.json"
    path.write_text(json.dumps(made), encoding="utf-8")
    return path


def _get(change: dict[str, Any], field: FormField) -> Any:
    value: Any = change
    for part in field.path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def answer(change: dict[str, Any], field: FormField) -> str | None:
    """What a technician picks or types in the field to say what `change` says."""
    value = _get(change, field)
    if value is None or value == []:
        return None
    if field.shape == "bool":
        return YES if value else NO
    if field.shape in ("ids", "one"):
        options = {option.split(" ", 1)[0]: option for option in field.options}
        items = value if isinstance(value, list) else [value]
        return ", ".join(options.get(item, item) for item in items)
    if field.shape == "lines":
        return "\n".join(value)
    if field.shape == "waivers":
        return "\n".join(f"{w['rule']}: {w['reason']}" for w in value)
    if field.shape == "links":
        return "\n".join(f"{link['title']} {link['url']}" for link in value)
    return str(value)


def body(answers: dict[str, str | None], fields: list[FormField], *,
         newline: str = "\n") -> str:
    """The body GitHub writes: `### Label`, a blank line, the answer, fields a blank line apart."""
    parts = [f"### {f.label}\n\n{answers.get(f.id) or NO_RESPONSE}" for f in fields]
    return "\n\n".join(parts).replace("\n", newline)


def body_of(change: dict[str, Any], fields: list[FormField]) -> str:
    requester = change.get("requester", {})
    answers = {f.id: answer(change, f) for f in fields}
    answers["requester-name"] = requester.get("name")
    answers["requester-email"] = requester.get("email")
    return body(answers, fields)
