"""docs/rules.md cannot drift: every example is built and run through the validator."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from cmcheck.core.judge import rules
from tests.conftest import FIXTURES, REPO_ROOT, Repo, run

DOC = REPO_ROOT / "docs" / "rules.md"
BLOCK = re.compile(r"<!-- (base|neighbour|inventory|passes|fails)(?: ([a-z-]+))?"
                   r"((?: [a-z]+(?:=\S+)?)*) -->\n```yaml\n(.*?)```", re.S)
DEFAULT_PATH = "changes/2026/2026-12-19-core-switch-ios.yaml"
NEIGHBOUR_PATH = "changes/2026/2026-12-26-core-switch-config.yaml"
NOW = "2026-11-20T10:00"


class Example(NamedTuple):
    verdict: str
    rule: str
    path: str
    fragment: str
    pull_request: bool = False
    also: str | None = None
    inventory: bool = False


def attributes(text: str) -> dict[str, str]:
    """' pr path=x also=y' -> {'pr': '', 'path': 'x', 'also': 'y'}"""
    found = {}
    for item in text.split():
        key, _, value = item.partition("=")
        found[key] = value
    return found


def blocks(text: str) -> list[tuple[str, str]]:
    """Top-level (key, text) blocks; leading comments are kept under the key ''."""
    found: list[tuple[str, str]] = []
    for line in text.splitlines(keepends=True):
        top = line.strip() and line[0] not in " \t#-"
        if top:
            found.append((line.split(":", 1)[0].strip(), line))
        elif found:
            found[-1] = (found[-1][0], found[-1][1] + line)
        else:
            found.append(("", line))
    return found


def merge(base: str, fragment: str) -> str:
    replaced = {key for key, _ in blocks(fragment) if key}
    kept = [text for key, text in blocks(base) if key not in replaced]
    return "".join(kept) + "".join(text for key, text in blocks(fragment) if key)


def parse_doc() -> tuple[str, str, str, list[Example]]:
    base = neighbour = inventory = ""
    examples = []
    for kind, rule, options, body in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        given = attributes(options)
        if kind == "base":
            base = body
        elif kind == "neighbour":
            neighbour = body
        elif kind == "inventory":
            inventory = body
        else:
            examples.append(Example(kind, rule, given.get("path", DEFAULT_PATH), body,
                                    "pr" in given, given.get("also"), "inventory" in given))
    return base, neighbour, inventory, examples


BASE, NEIGHBOUR, INVENTORY, EXAMPLES = parse_doc()


def test_every_rule_has_a_passing_and_a_failing_example() -> None:
    documented = {(e.rule, e.verdict) for e in EXAMPLES}
    assert documented >= {(name, v) for name in rules.ALL for v in ("passes", "fails")}
    assert all(verdict in ("passes", "fails") for _, verdict in documented)


def test_merge_replaces_top_level_keys_only() -> None:
    merged = merge("# c\ntitle: a\nplan:\n  x: 1\n", "plan:\n  y: 2\ntitle: b\ntitle: c\n")
    assert merged == "# c\nplan:\n  y: 2\ntitle: b\ntitle: c\n"


@pytest.fixture
def checked(tmp_path: Path) -> Repo:
    made = Repo(tmp_path / "doc")
    shutil.copy(FIXTURES / "policy.yaml", made.root / "policy.yaml")
    made.commit("Policy and the neighbour", "2026-11-01T12:00:00-05:00",
                {NEIGHBOUR_PATH: NEIGHBOUR})
    return made


def findings(repo: Repo, path: str, text: str) -> list[dict[str, object]]:
    repo.write(path, text)
    result = run(repo.root, "validate", "--format", "json", "--now", NOW, path)
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, object]] = json.loads(result.output)["findings"]
    return found


def test_the_base_passes_every_rule(checked: Repo) -> None:
    assert findings(checked, DEFAULT_PATH, BASE) == []


def test_the_inventory_examples_need_the_inventory() -> None:
    assert "systems:" in INVENTORY
    assert {e.rule for e in EXAMPLES if e.inventory} >= {"inventory", "impact"}


def pull_request(repo: Repo, example: Example) -> list[dict[str, object]]:
    """The example as a pull request against a main on which the base change is merged."""
    repo.commit("Merge the base change", "2026-11-02T12:00:00-06:00", {DEFAULT_PATH: BASE})
    repo.branch("pr")
    repo.write(example.path, merge(BASE, example.fragment))
    if example.also:
        repo.write(example.also, "How we upgrade switches.\n")
    result = run(repo.root, "validate", "--base", "main", "--format", "json", "--now", NOW)
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, object]] = json.loads(result.output)["findings"]
    return found


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.rule}-{e.verdict}")
def test_example(checked: Repo, example: Example) -> None:
    if example.rule not in rules.ALL:
        pytest.skip(f"{example.rule} is not a rule of this version of cmcheck")
    if example.inventory:
        checked.commit("The inventory", "2026-11-01T13:00:00-05:00",
                       {"inventory.yaml": INVENTORY})
    found = pull_request(checked, example) if example.pull_request else \
        findings(checked, example.path, merge(BASE, example.fragment))
    of_rule = [f for f in found if f["rule"] == example.rule]
    if example.verdict == "passes":
        assert of_rule == [], of_rule
    else:
        assert of_rule, found
