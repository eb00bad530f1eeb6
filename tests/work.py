"""Work counted, not timed (issue 25: no timed assertions in the tests).

`counted` runs a piece of work with a tracer that counts the Python lines it executes. The count
is the same on a loaded CI machine as on a quiet one, and a hazard that makes the work grow (a
walk that is quadratic in the input, a parser led through an alias bomb) multiplies it, which a
bound relative to an ordinary run catches. Work done in C (LibYAML, a regular expression) is not
counted: what bounds it is that the input is refused before it reaches C (size, depth, aliases).
The seconds themselves are a benchmark's business: `python bench/hazards.py`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")


def counted(work: Callable[[], T]) -> tuple[T, int]:
    """work's result and the number of Python lines it executed."""
    lines = 0

    def local(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal lines
        lines += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        return local

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        result = work()
    finally:
        sys.settrace(previous)
    return result, lines
