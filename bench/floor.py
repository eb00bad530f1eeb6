"""The floor: read every file with LibYAML and model_validate it, nothing else."""

from __future__ import annotations

import sys

import yaml

from cmcheck.core.model.localtime import zone
from cmcheck.core.model.models import ChangeRequest


def main(paths: list[str]) -> None:
    context = {"tz": zone("America/Chicago")}
    for path in paths:
        with open(path, "rb") as handle:
            data = yaml.load(handle.read(), Loader=yaml.CSafeLoader)
        ChangeRequest.model_validate(data, context=context)


if __name__ == "__main__":
    main(sys.argv[1:])
