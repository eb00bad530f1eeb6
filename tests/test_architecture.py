"""The layout cannot rot: imports between cmcheck's packages flow one way.

Capabilities (github, notices, technician, report, calendar) build on the core and never on each
other, except through one named seam: the calendar reads the report's figures. The command line
may import everything, and nothing imports it. docs/architecture.md draws the same picture.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
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
                # "from cmcheck.a import b" may name a module b or a name in a: keep both, and
                # let each check read as much of the dotted path as it needs
                targets = [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            found.extend((name, node.lineno, target) for target in targets
                         if target == root.name or target.startswith(f"{root.name}."))
    return found


# Inside the core, folders by concern; the modules loose in core/ are the runs that tie them
# together and may import every folder. core folder -> the core folders it may import
CORE_ALLOWED: dict[str, set[str]] = {
    "safe": set(),
    "git": set(),
    "model": set(),
    "time": {"model"},
    "judge": {"model", "time", "git", "safe"},
    "": {"safe", "git", "model", "time", "judge"},  # reading, configuration, clock, catalog, engine
}
MAX_LOOSE_IN_CORE = 10
MAX_LINES = 300


def core_folder_of(module: str) -> str | None:
    """cmcheck.core.judge.rules.yaml -> judge; cmcheck.core.engine -> ''; outside core -> None."""
    parts = module.split(".")
    if len(parts) < 3 or parts[1] != "core":
        return "" if parts[1:] == ["core"] else None
    return parts[2] if parts[2] in CORE_ALLOWED else ""


def core_violations(root: Path) -> list[str]:
    problems = []
    for module, line, target in imports(root):
        source, destination = core_folder_of(module), core_folder_of(target)
        if source is None or destination is None or source == destination:
            continue
        if destination not in CORE_ALLOWED.get(source, set()):
            problems.append(f"{module}:{line} imports {target}: core/{source or '*.py'} may import "
                            f"only {sorted(CORE_ALLOWED.get(source, set())) or 'itself'}")
    return problems


def cycles(root: Path) -> list[list[str]]:
    """Import circles between modules, counting every import (lazy ones and those under
    TYPE_CHECKING too): a circle hidden behind TYPE_CHECKING is still a circle to a reader."""
    modules = {".".join(f.relative_to(root.parent).with_suffix("").parts).removesuffix(".__init__")
               for f in root.rglob("*.py")}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for module, _, target in imports(root):
        # "from cmcheck.core.judge import risk" names the module cmcheck.core.judge.risk
        while target not in modules and "." in target:
            target = target.rsplit(".", 1)[0]
        if target != module and target in modules and not module.startswith(f"{target}."):
            edges[module].add(target)
    found, state = [], dict.fromkeys(modules, 0)  # 0 unseen, 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state[nxt] == 1:
                found.append([*path[path.index(nxt):], nxt])
            elif state[nxt] == 0:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(modules):
        if state[module] == 0:
            visit(module, [module])
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


def test_the_core_folders_import_one_way() -> None:
    assert core_violations(PACKAGE) == []


def test_no_import_circle_in_the_package() -> None:
    assert [" -> ".join(c) for c in cycles(PACKAGE)] == []


def test_few_modules_lie_loose_in_the_core() -> None:
    loose = sorted(p.stem for p in (PACKAGE / "core").glob("*.py") if p.stem != "__init__")
    assert len(loose) <= MAX_LOOSE_IN_CORE, loose
    folders = sorted(p.name for p in (PACKAGE / "core").iterdir()
                     if p.is_dir() and (p / "__init__.py").exists())
    assert folders == sorted(f for f in CORE_ALLOWED if f)


def test_no_module_is_over_the_size_limit() -> None:
    long = {str(f.relative_to(PACKAGE)): n for f in PACKAGE.rglob("*.py")
            if (n := len(f.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


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


@pytest.mark.parametrize(("check", "path", "text", "expected"), [
    # a capability reaching into another
    (violations, "notices/due.py", "from cmcheck.calendar import site\n",
     "cmcheck.notices.due:1 imports cmcheck.calendar"),
    # the same, lazily, inside a function, and through "from cmcheck import"
    (violations, "github/audit.py", "def f():\n    from cmcheck import notices\n",
     "cmcheck.github.audit:2 imports cmcheck.notices"),
    # the core reaching up into a capability
    (violations, "core/engine.py", "import cmcheck.report.figures\n",
     "cmcheck.core.engine:1 imports cmcheck.report.figures"),
    # nothing reads the calendar, not even the report it reads
    (violations, "report/figures.py", "from cmcheck.calendar.site import build\n",
     "cmcheck.report.figures:1 imports cmcheck.calendar"),
    # no package imports the command line
    (violations, "core/clock.py", "from cmcheck.cli.support import iso\n",
     "cmcheck.core.clock:1 imports cmcheck.cli"),
    # the formats reaching up into the judging
    (core_violations, "core/model/inventory.py",
     "from cmcheck.core.judge.context import Problem\n",
     "cmcheck.core.model.inventory:1 imports cmcheck.core.judge.context"),
    # a folder reaching up into a run loose in the core, lazily
    (core_violations, "core/judge/rules/locked.py",
     "def f():\n    from cmcheck.core import engine\n",
     "cmcheck.core.judge.rules.locked:2 imports cmcheck.core.engine"),
    # time below the judging
    (core_violations, "core/time/window.py", "from cmcheck.core.judge import suggest\n",
     "cmcheck.core.time.window:1 imports cmcheck.core.judge.suggest"),
])
def test_a_wrong_way_import_is_caught(tmp_path: Path, check: Callable[[Path], list[str]],
                                      path: str, text: str, expected: str) -> None:
    root = make_package(tmp_path, {"__init__.py": "", path: text})
    found = check(root)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_circle_hidden_behind_type_checking_is_caught(tmp_path: Path) -> None:
    root = make_package(tmp_path, {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/judge/__init__.py": "",
        "core/judge/findings.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from cmcheck.core.judge.risk import Risk\n"),
        "core/judge/risk.py": "from cmcheck.core.judge import findings\n",
    })
    assert cycles(root) == [["cmcheck.core.judge.findings", "cmcheck.core.judge.risk",
                             "cmcheck.core.judge.findings"]]


def test_the_allowed_directions_pass(tmp_path: Path) -> None:
    root = make_package(tmp_path, {
        "__init__.py": "",
        "calendar/site.py": "from cmcheck.report import figures\nfrom cmcheck.core import clock\n",
        "cli/main.py": "from cmcheck.calendar import site\nfrom cmcheck import __version__\n",
        "core/engine.py": "from cmcheck.core import rules\n",
    })
    assert violations(root) == []
