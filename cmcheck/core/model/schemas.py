"""JSON Schemas generated from the models, committed under schema/ for editors and other tools."""

from __future__ import annotations

import json
from pathlib import Path

from cmcheck.core.model.inventory import Inventory
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.policy import Policy

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def generate() -> dict[str, str]:
    """File name -> content, deterministic so that --check can compare bytes."""
    out = {}
    models: tuple[tuple[str, type[ChangeRequest | Policy | Inventory]], ...] = (
        ("change-request", ChangeRequest), ("policy", Policy), ("inventory", Inventory))
    for name, model in models:
        schema = {"$schema": DRAFT, **model.model_json_schema()}
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def stale(folder: Path) -> list[str]:
    """Names of the schema files that are missing or differ from the models."""
    return [name for name, text in generate().items()
            if not (folder / name).is_file() or (folder / name).read_text("utf-8") != text]


def write(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    changed = stale(folder)
    for name, text in generate().items():
        if name in changed:
            (folder / name).write_text(text, "utf-8")
    return changed
