"""The layout cannot rot: imports between cmcheck's packages flow one way.

Capabilities (github, notices, technician, report, calendar) build on the core and never on each
other, except through one named seam: the calendar reads the report's figures. The command line
may import everything, and nothing imports it. docs/architecture.md draws the same picture.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cmcheck"

CAPABILITIES = ("github", "notices", "technician", "report", "calendar")

# package -> the packages it may import besides itself
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "github": {"core"},
    "notices": {"core"},
    "technician": {"core"},
    "report": {"core"},
    "calendar": {"core", "report"},  # the statistics page reads the report's figures
    "cli": {"core", *CAPABILITIES},
    "": {"cli"},  # cmcheck/__init__.py and __main__.py
}


def package_of(module: str) -> str:
    """cmcheck.core.judge.rules.yaml -> core; cmcheck, cmcheck.__main__, __version__ -> ''."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and not parts[1].startswith("__") else ""


def imports(root: Path) -> list[tuple[str, int, str]]:
    """(file, line, imported module) for every import of the package, at any depth of a
    file: commands import lazily inside functions, and those count too."""
    found = []
    for file in sorted(root.rglob("*.py")):
        relative = file.relative_to(root.parent).with_suffix("")
        name = ".".join(relative.parts).removesuffix(".__init__")
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                # "from cmcheck import x" may name a package; "from cmcheck.a import b" a module
                base = node.module
                targets = [f"{base}.{a.name}" if base == root.name else base for a in node.names]
            else:
                continue
            found.extend((name, node.lineno, target) for target in targets
                         if target == root.name or target.startswith(f"{root.name}."))
    return found


def violations(root: Path) -> list[str]:
    problems = []
    for module, line, target in imports(root):
        source, destination = package_of(module), package_of(target)
        # cmcheck/__init__.py holds only the version, which any package may print
        if destination == "" and target != f"{root.name}.__main__":
            continue
        if source != destination and destination not in ALLOWED.get(source, set()):
            problems.append(f"{module}:{line} imports {target}: {source or 'cmcheck'} may "
                            f"import only {sorted(ALLOWED.get(source, set())) or 'itself'}")
    return problems


def test_imports_flow_one_way() -> None:
    assert violations(PACKAGE) == []


def test_every_package_says_what_it_owns_and_may_import() -> None:
    for package in ALLOWED:
        if package:
            doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
            assert doc and "import" in doc.lower(), f"cmcheck/{package}/__init__.py: docstring"


def test_no_module_lies_outside_a_package() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]


def make_package(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        file = root / "cmcheck" / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text)
    return root / "cmcheck"


@pytest.mark.parametrize(("path", "text", "expected"), [
    # a capability reaching into another
    ("notices/due.py", "from cmcheck.calendar import site\n",
     "cmcheck.notices.due:1 imports cmcheck.calendar"),
    # the same, lazily, inside a function, and through "from cmcheck import"
    ("github/audit.py", "def f():\n    from cmcheck import notices\n",
     "cmcheck.github.audit:2 imports cmcheck.notices"),
    # the core reaching up into a capability
    ("core/engine.py", "import cmcheck.report.figures\n",
     "cmcheck.core.engine:1 imports cmcheck.report.figures"),
    # nothing reads the calendar, not even the report it reads
    ("report/figures.py", "from cmcheck.calendar.site import build\n",
     "cmcheck.report.figures:1 imports cmcheck.calendar"),
    # no package imports the command line
    ("core/clock.py", "from cmcheck.cli.support import iso\n",
     "cmcheck.core.clock:1 imports cmcheck.cli"),
])
def test_a_wrong_way_import_is_caught(tmp_path: Path, path: str, text: str,
                                      expected: str) -> None:
    root = make_package(tmp_path, {"__init__.py": "", path: text})
    found = violations(root)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_the_allowed_directions_pass(tmp_path: Path) -> None:
    root = make_package(tmp_path, {
        "__init__.py": "",
        "calendar/site.py": "from cmcheck.report import figures\nfrom cmcheck.core import clock\n",
        "cli/main.py": "from cmcheck.calendar import site\nfrom cmcheck import __version__\n",
        "core/engine.py": "from cmcheck.core import rules\n",
    })
    assert violations(root) == []
