"""The benchmark of issue 13: validation with an inventory of 2,000 systems (depth-8 chains).

Run from the repository root: `python bench/inventory.py` (a few minutes; repositories are
generated under bench/work/, which git ignores). It measures, each the median of --repeat
fresh processes, wall time and CPU time (user + system: other work on a shared machine inflates
the wall time, not the CPU time):
- the floor: LibYAML load + model_validate of every change request and of the inventory;
- `cmcheck validate` over every change (every rule, the inventory's included): target <= 1.5x
  the floor;
- the pull-request check (`--base`, one new change) in a 10-change and a 10,000-change
  repository with the same inventory: target, the same cost.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate
from run import NOW, WORK, cmcheck, files

from cmcheck.core.model.inventory import Graph

ROOT = Path(__file__).resolve().parent.parent
CHAINS, DEPTH = 250, 8  # 2,000 systems
KINDS = ["switch", "server", "virtual-machine", "database", "application", "service",
         "wireless", "storage"]


def system_id(chain: int, level: int) -> str:
    return f"sys-{chain:03d}-{level}"


def inventory(rng: random.Random) -> str:
    """Chains of DEPTH systems; every third system also needs the level above it in the next
    chain, so the graph has diamonds and a change near a root reaches a few dozen systems."""
    lines = ["# yaml-language-server: $schema=schema/inventory.schema.json", "systems:"]
    for chain in range(CHAINS):
        for level in range(DEPTH):
            needs = [system_id(chain, level - 1)] if level else []
            if level and (chain + level) % 3 == 0:
                needs.append(system_id((chain + 1) % CHAINS, level - 1))
            lines += [
                f"  {system_id(chain, level)}:",
                f"    name: System {chain} level {level}",
                f"    kind: {KINDS[level]}",
                f"    sites: [{rng.choice(generate.SITES)}]",
                f"    depends_on: [{', '.join(needs)}]",
                f"    audiences: [{rng.choice(generate.AUDIENCES)}]",
                f"    mission_critical_data: {'true' if level == DEPTH - 1 else 'false'}",
                f"    owner: {{name: Owner {chain % 40}, email: owner{chain % 40}"
                "@qcsd.example.org}",
            ]
    return "\n".join(lines) + "\n"


def build(target: Path, count: int) -> Path:
    """generate.py's repository, its systems drawn from the inventory and each change declaring
    what the inventory implies (so the set is valid, as generate.py's is), committed."""
    from cmcheck.core.model.inventory import Inventory
    from cmcheck.core.model.inventory import build as graph_of
    from cmcheck.core.model.loader import load

    repo = generate.generate(target, count)
    rng = random.Random(13)
    text = inventory(rng)
    (repo / "inventory.yaml").write_text(text, encoding="utf-8")
    graph = graph_of(Inventory.model_validate(load(text.encode(), limit=1 << 24).data))
    for path in sorted((repo / "changes").rglob("*.yaml")):
        system = system_id(rng.randrange(CHAINS), rng.randrange(DEPTH))
        path.write_text(declared(path.read_text(encoding="utf-8"), graph, system),
                        encoding="utf-8")
    run = {"cwd": repo, "check": True, "capture_output": True}
    env = ["-c", "user.name=Bench", "-c", "user.email=bench@qcsd.example.org"]
    subprocess.run(["git", "add", "-A"], **run)  # type: ignore[call-overload]
    subprocess.run(["git", *env, "commit", "-q", "-m", "inventory",  # type: ignore[call-overload]
                    "--date", "2026-06-02T09:00:00"], **run)
    return repo


def declared(text: str, graph: Graph, system: str) -> str:
    """The change moved to system, with the sites, audiences, mission-critical data and owners
    that the inventory implies."""
    entries = [graph.systems[s] for s in graph.affected([system])]
    sites = sorted({site for e in entries for site in e.sites})
    audiences = sorted({a for e in entries for a in e.audiences})
    critical = any(e.mission_critical_data for e in entries)
    owners = sorted({e.owner.email for e in entries if e.owner and e.mission_critical_data})
    lines = []
    for line in text.splitlines(keepends=True):
        key = line.strip().split(":", 1)[0]
        value = {"systems": f"[{system}]", "sites": f"[{', '.join(sites)}]",
                 "audiences": f"[{', '.join(audiences)}]",
                 "mission_critical_data": "true" if critical else "false",
                 "stakeholders": f"[{', '.join(['Principal', *owners])}]"}.get(key)
        lines.append(line if value is None else
                     f"{line[:len(line) - len(line.lstrip())]}{key}: {value}\n")
    return "".join(lines)


def measure(args: list[str], *, cwd: Path, repeat: int) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds and peak MiB of a fresh process."""
    walls, cpus, peaks = [], [], []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(args[:4])} ... failed")
    return statistics.median(walls), statistics.median(cpus), max(peaks)


def row(name: str, figures: tuple[float, float, float], note: str = "") -> str:
    wall, cpu, peak = figures
    return f"| {name} | {wall:.2f} s | {cpu:.2f} s | {peak:.0f} MiB | {note} |"


def floor(paths: list[str]) -> None:
    """LibYAML + model_validate of the inventory and of every change request."""
    import yaml

    from cmcheck.core.model.inventory import Inventory
    from cmcheck.core.model.localtime import zone
    from cmcheck.core.model.models import ChangeRequest

    context = {"tz": zone("America/Chicago")}
    with open("inventory.yaml", "rb") as handle:
        Inventory.model_validate(yaml.load(handle.read(), Loader=yaml.CSafeLoader),
                                 context=context)
    for path in paths:
        with open(path, "rb") as handle:
            data = yaml.load(handle.read(), Loader=yaml.CSafeLoader)
        ChangeRequest.model_validate(data, context=context)


def pr_branch(repo: Path) -> None:
    """A pull request adding one change to a system near a chain's root (it reaches the most)."""
    run = {"cwd": repo, "check": True, "capture_output": True}
    subprocess.run(["git", "checkout", "-q", "-B", "pr", "main"], **run)  # type: ignore[call-overload]
    source = min((repo / "changes").rglob("*.yaml"))
    text = source.read_text(encoding="utf-8")
    old = text.split("systems: [", 1)[1].split("]", 1)[0]
    start = text.split("start: ", 1)[1][:10]
    text = text.replace(old, system_id(7, 1)).replace(start, "2046-12-30")
    (repo / "changes" / "2046").mkdir(exist_ok=True)
    (repo / "changes" / "2046" / "2046-12-30-pr-change.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true",
                        help="keep repositories generated by an earlier run")
    args = parser.parse_args()

    def repository(count: int) -> Path:
        target = WORK / f"inventory-{count}"
        if not (args.reuse and (target / "inventory.yaml").is_file()):
            build(target, count)
        return target

    rows = ["| what | wall | CPU | peak memory | ratio (CPU) |", "| --- | --- | --- | --- | --- |"]
    small = repository(10)
    pr_branch(small)
    pr_small = measure(cmcheck("validate", "--base", "main", "--now", NOW), cwd=small,
                       repeat=args.repeat)
    rows.append(row("10 changes: PR check (--base, 1 file)", pr_small))
    repo = repository(args.size)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    subprocess.run(["git", "clean", "-q", "-f", "changes"], cwd=repo, check=True)
    paths = files(repo)
    base = measure([sys.executable, __file__, "floor", *paths], cwd=repo, repeat=args.repeat)
    rows.append(row(f"{args.size}: floor (LibYAML + models, inventory included)", base))
    full = measure(cmcheck("validate", "--now", NOW, "--format", "json"), cwd=repo,
                   repeat=args.repeat)
    rows.append(row(f"{args.size}: cmcheck validate with the inventory", full,
                    f"{full[1] / base[1]:.2f}x floor (target <= 1.5x; wall "
                    f"{full[0] / base[0]:.2f}x)"))
    pr_branch(repo)
    pr_big = measure(cmcheck("validate", "--base", "main", "--now", NOW), cwd=repo,
                     repeat=args.repeat)
    rows.append(row(f"{args.size}: PR check (--base, 1 file)", pr_big,
                    f"{pr_big[1] / pr_small[1]:.2f}x the 10-change repository (target: the "
                    f"same; wall {pr_big[0] / pr_small[0]:.2f}x)"))
    print("\n".join(rows))


if __name__ == "__main__":
    if sys.argv[1:2] == ["floor"]:
        floor(sys.argv[2:])
    else:
        main()
