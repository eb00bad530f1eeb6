"""From files to change requests: finding the files, reading each one through the `yaml` and
`schema` rules, and stamping what a rule says with its file, line and rule.

Rules return problems located in the YAML; only here do they become findings with a file,
line, rule and severity.
"""

from __future__ import annotations

import os
import pickle
import stat
import threading
from collections import defaultdict
from collections.abc import Iterable
from datetime import tzinfo
from pathlib import Path

import git

from cmcheck.core.git import repo as gitrepo
from cmcheck.core.judge import rules
from cmcheck.core.judge.context import Subject
from cmcheck.core.judge.findings import Finding
from cmcheck.core.judge.rules import schema
from cmcheck.core.judge.rules import yaml as yaml_rule
from cmcheck.core.model.loader import Document
from cmcheck.core.model.models import ChangeRequest
from cmcheck.core.model.policy import Policy
from cmcheck.core.model.rawtext import MAX_BYTES, too_big
from cmcheck.core.model.verdicts import Problem, Severity

SUFFIXES = (".yaml", ".yml")
# From this many files a second process reads part of them (read_changes). A file takes about
# 165 µs to read and parse and 55 µs to hand back pickled, and a fork costs about 10 ms: below
# a few hundred files the second process would not pay, and a pull request reads a handful.
SHARED_FROM = 1000
# The second process's share: it also pickles what it read, so it takes a little less.
SHARE = 0.45


class ConfigurationError(Exception):
    """The run cannot judge anything (exit 2); findings say where the configuration is wrong."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


def stamp(path: str, doc: Document | None, rule: rules.RuleInfo, problem: Problem,
          severity: Severity | None = None) -> Finding:
    if problem.severity is not None:
        severity = problem.severity
    if problem.mark is not None:
        line, column = problem.mark
    elif doc is not None:
        line, column = doc.mark(problem.location, key=problem.key)
    else:
        line, column = 1, 1
    # NOTICE is 0, so "severity or default" would lose it.
    chosen = severity if severity is not None else rule.SEVERITY
    return Finding(path, line, column, rule.NAME, chosen, problem.message)


def read_limited(file: str | Path) -> bytes:
    """At most one byte past the size limit, so a huge file costs nothing to refuse."""
    with open(file, "rb") as handle:
        return handle.read(MAX_BYTES + 1)


def parse(path: str, raw: bytes, model: type[ChangeRequest] | type[Policy], tz: tzinfo,
          ) -> tuple[Document | None, ChangeRequest | Policy | None, list[Finding]]:
    doc, problems = yaml_rule.check(raw)
    if doc is None:
        return None, None, [stamp(path, None, yaml_rule, p) for p in problems]
    parsed, problems = schema.check(doc, model, tz)
    return doc, parsed, [stamp(path, doc, schema, p) for p in problems]


def discover(root: Path, paths: Iterable[str]) -> list[str]:
    """Files named on the command line, directories expanded to their YAML files.

    String paths and os.walk rather than Path objects: a full run lists 10,000 files, and
    links are never resolved, so a finding names the file the technician wrote.
    """
    base = os.fspath(root.resolve())
    found: set[str] = set()
    for name in paths:
        full = os.path.normpath(os.path.join(base, name))
        if os.path.isdir(full) and not os.path.islink(full):
            for folder, dirs, files in os.walk(full):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                prefix = os.path.relpath(folder, base).replace(os.sep, "/") + "/"
                # A linked folder is not walked, and not passed over in silence either.
                found.update(prefix + d for d in dirs
                             if os.path.islink(os.path.join(folder, d)))
                found.update(prefix + f for f in files if f.endswith(SUFFIXES))
        elif os.path.lexists(full):
            found.add(os.path.relpath(full, base).replace(os.sep, "/"))
        else:
            raise ConfigurationError(f"no such file or directory: {name}")
    return sorted(found)


def ids_in_changes(root: Path, wanted: set[str],
                   repository: git.Repo | None = None) -> dict[str, list[str]]:
    """Every path under changes/ whose stem is one of wanted, by stem.

    With a repository and a few ids (a pull request), git's index answers without walking a
    folder of 10,000 files; a file staged but gone from the work tree does not count.
    """
    if repository is not None and len(wanted) <= 100:
        candidates = [p for p in gitrepo.files_named(repository, sorted(wanted))
                      if os.path.lexists(os.path.join(root, p))]
    elif (root / gitrepo.CHANGES).is_dir():
        candidates = discover(root, [gitrepo.CHANGES])
    else:
        candidates = []
    ids: dict[str, list[str]] = defaultdict(list)
    for path in candidates:
        stem = gitrepo.change_id(path)
        if stem in wanted:
            ids[stem].append(path)
    return ids


def read_change(root: Path, path: str, tz: tzinfo,
                ) -> tuple[Subject | None, list[Finding]]:
    file = os.path.join(root, path)  # strings and os.lstat: this runs for every file
    try:
        info = os.lstat(file)
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        problem = Problem((), "not a regular file (symbolic links are not followed)", mark=(1, 1))
        return None, [stamp(path, None, yaml_rule, problem)]
    raw = read_limited(file)
    if len(raw) > MAX_BYTES:  # only the limit + 1 was read: say the file's real size
        problem = Problem((), too_big(max(info.st_size, len(raw))), mark=(1, 1))
        return None, [stamp(path, None, yaml_rule, problem)]
    doc, change, findings = parse(path, raw, ChangeRequest, tz)
    if doc is None or not isinstance(change, ChangeRequest):
        return None, findings
    return Subject(id=gitrepo.change_id(path), path=path, change=change, raw=raw), findings


Reading = tuple[Subject | None, list[Finding]]


def forkable() -> bool:
    """Whether a forked process can share this one's work: os.fork exists, this process has a
    single thread (forking a threaded process can deadlock) and the machine more than one core
    (else the two would only take turns). The calendar's writers ask it too."""
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1


def read_changes(root: Path, paths: list[str], tz: tzinfo) -> list[Reading]:
    """read_change of every path, in order; from SHARED_FROM files on, a forked process reads
    the last part of them while this one reads the first, and hands its readings back pickled
    through a pipe (on two cores a full run's 10,000 files take 1.1 s instead of 1.65 s).

    Forked only where it is safe and useful (forkable). Whatever goes wrong in the child, this
    process reads those files itself: same readings, only slower.
    """
    if len(paths) < SHARED_FROM or not forkable():
        return [read_change(root, path, tz) for path in paths]
    split = len(paths) - int(len(paths) * SHARE)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its readings, then leave without the parent's exit handlers
        os.close(read)
        status = 0
        try:
            with os.fdopen(write, "wb") as pipe:
                pickle.dump([read_change(root, path, tz) for path in paths[split:]], pipe,
                            protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            status = 1
        os._exit(status)
    os.close(write)
    mine = [read_change(root, path, tz) for path in paths[:split]]
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()  # before waiting: a full pipe would keep the child from exiting
    _, status = os.waitpid(pid, 0)
    theirs: list[Reading] | None = None
    if os.waitstatus_to_exitcode(status) == 0:
        try:  # our own child's bytes, through a pipe no one else holds
            theirs = pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError):
            theirs = None
    if theirs is None or len(theirs) != len(paths) - split:
        theirs = [read_change(root, path, tz) for path in paths[split:]]
    return mine + theirs
