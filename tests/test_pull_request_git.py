"""What a pull request's check asks git, on real repositories: each question about the working
tree once (the rest read from the one `differences`), and the long walk of history started
beside the rest (core/git/started.py), answering as GitPython would.
"""

from __future__ import annotations

import json
import os

import git
import pytest

from cmcheck.core.git import history, search
from cmcheck.core.git import repo as gitrepo
from cmcheck.core.git.started import Started
from tests.conftest import Repo, run

KEPT = "changes/2026/2026-12-01-kept.yaml"
EDITED = "changes/2026/2026-12-02-edited.yaml"
GONE = "changes/2026/2026-12-03-gone.yaml"
UNSTAGED = "changes/2026/2026-12-04-unstaged.yaml"
STAGED = "changes/2026/2026-12-05-staged.yaml"
NEW = "changes/2027/2027-01-01-new.yaml"
DROPPED = "changes/2026/2026-12-06-dropped.yaml"


def _worked_on(repo: Repo) -> str:
    """A branch's working tree holding every kind of difference from main's last commit."""
    base = repo.commit("Changes", "2026-11-02T10:00:00-06:00", files={
        path: f"title: {path}\n" for path in (KEPT, EDITED, GONE, UNSTAGED, DROPPED)})
    repo.branch("work")
    repo.commit("Edit one", "2026-11-03T10:00:00-06:00", files={EDITED: "title: edited\n"})
    (repo.root / GONE).unlink()
    repo.write(UNSTAGED, "title: edited in the work tree\n")
    repo.write(STAGED, "title: staged\n")
    repo.git.git.add(STAGED)
    repo.write(NEW, "title: untracked\n")
    repo.git.git.rm("--cached", "-q", DROPPED)  # kept in the work tree, gone from the index
    repo.write("README.md", "outside changes/\n")
    return base


def test_the_working_tree_is_asked_once_and_answers_as_git_would(repo: Repo) -> None:
    base = _worked_on(repo)
    known = gitrepo.differences(repo.git, base)
    assert known.commit == base
    assert known.untracked == sorted([DROPPED, NEW, "README.md"])
    assert {DROPPED, NEW, STAGED, UNSTAGED, EDITED} <= set(known.changed)
    assert known.deleted == sorted([GONE, DROPPED])
    # What nearby.recorded and the clock asked git again, read from it instead.
    assert gitrepo.differing_in(known, base) == sorted(gitrepo.differing(repo.git, base))
    assert gitrepo.differing_in(known, base) == sorted([DROPPED, EDITED, GONE, STAGED,
                                                        UNSTAGED])
    assert gitrepo.untracked_in(known) == gitrepo.untracked(repo.git) == {DROPPED, NEW}


def test_differences_from_another_commit_are_not_taken_for_the_base(repo: Repo) -> None:
    """When main moved on since the branch left it, the files that differ from main are asked
    of git: the merge base's differences would miss main's own new files."""
    base = _worked_on(repo)
    known = gitrepo.differences(repo.git, base)
    repo.checkout("main")
    moved = repo.commit("Main moves on", "2026-11-04T10:00:00-06:00",
                        files={"changes/2026/2026-12-09-later.yaml": "title: later\n"})
    assert gitrepo.differing_in(known, moved) is None


def test_a_started_command_answers_as_gitpython_does(repo: Repo) -> None:
    repo.commit("Two", "2026-11-02T10:00:00-06:00", files={KEPT: "a\n", EDITED: "b\n"})
    with Started(repo.git, "ls-files", "-z", "--", "changes") as started:
        assert started.output() == repo.git.git.ls_files("-z", "--", "changes")
        assert started.output() == f"{KEPT}\0{EDITED}\0"
    with Started(repo.git, "rev-parse", "HEAD") as started:
        assert started.output() == repo.git.head.commit.hexsha  # its last newline dropped


def test_a_failing_command_raises_as_gitpython_does(repo: Repo) -> None:
    """git grep exits 1 when nothing matches: the caller sees GitCommandError, as with
    repo.git.grep, every time it asks."""
    repo.commit("One", "2026-11-02T10:00:00-06:00", files={KEPT: "nothing to find\n"})
    with Started(repo.git, "grep", "-l", "-F", "no such words", "--", "changes") as started:
        for _ in range(2):
            with pytest.raises(git.GitCommandError) as raised:
                started.output()
            assert raised.value.status == 1
    assert search.grep(repo.git, ["no such words"]) == []
    with Started(repo.git, "log", "no-such-ref", "--") as started, \
            pytest.raises(git.GitCommandError, match="no-such-ref"):
        started.output()


def test_a_command_whose_answer_is_not_wanted_is_stopped_and_reaped(repo: Repo) -> None:
    """A run that ends before reading (no change request to judge, or an error) leaves no
    process behind: closing kills one still writing (a blob larger than the pipe holds) and
    reaps it, so no zombie is left and no ResourceWarning says it is still running."""
    repo.commit("Big", "2026-11-02T10:00:00-06:00", files={"big.txt": "x" * 2_000_000})
    blob = repo.git.git.rev_parse("HEAD:big.txt")
    started = Started(repo.git, "cat-file", "-p", blob)
    os.kill(started.pid, 0)  # running, blocked on its full pipe
    started.close()
    started.close()  # twice is harmless
    with pytest.raises(ProcessLookupError):
        os.kill(started.pid, 0)  # killed and reaped: not even a zombie keeps its id
    with pytest.raises(git.GitCommandError, match="stopped before it was read"):
        started.output()  # never an empty answer


def test_the_deletions_log_started_early_gives_the_same_ids(repo: Repo) -> None:
    repo.commit("Two", "2026-11-02T10:00:00-06:00", files={KEPT: "a\n", GONE: "b\n"})
    repo.commit("Cancel one", "2026-11-03T10:00:00-06:00", remove=[GONE])
    started = history.deletions(repo.git, "main")
    repo.commit("Cancel the other after the log started", "2026-11-04T10:00:00-06:00",
                remove=[KEPT])
    assert history.deleted_ids(repo.git, "main", started=started) == {"2026-12-03-gone"}
    assert history.deleted_ids(repo.git, "main") == {"2026-12-03-gone", "2026-12-01-kept"}


def test_a_pull_request_reusing_a_cancelled_id_is_refused_with_the_log_run_beside(
        repo: Repo, change_text: str) -> None:
    """The pull request's check reads the deletions log it started before the policy: the
    reused id is found (tests/test_controls.py holds the message)."""
    path = "changes/2026/2026-12-19-switch.yaml"
    repo.commit("Add", "2026-11-20T09:00:00-06:00", files={path: change_text})
    repo.commit("Cancel", "2026-11-22T09:00:00-06:00", remove=[path])
    repo.branch("reuse")
    repo.write(path, change_text.replace("title: Upgrade", "title: Replace"))  # untracked
    result = run(repo.root, "validate", "--format", "json", "--base", "main", "--now",
                 "2026-11-25T09:00")
    found = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["rule"]) for f in found if f["rule"] == "filename"] == [
        (path, "filename")], found


def test_a_search_reads_its_words_from_a_pipe_however_many(repo: Repo) -> None:
    """Thousands of systems' names are more than a pipe holds at once (64 KiB): git reads them
    all before it answers, so the search neither blocks nor loses one."""
    repo.commit("Two", "2026-11-02T10:00:00-06:00", files={
        KEPT: "systems: [system-07999]\n", EDITED: "systems: [another]\n"})
    repo.write(NEW, "systems: [SYSTEM-00000]\n")  # untracked, and in capitals
    words = [f"system-{n:05d}" for n in range(8000)]
    assert len("\n".join(words).encode()) > 65536
    assert sorted(search.grep(repo.git, words)) == sorted([KEPT, NEW])
    assert search.grep(repo.git, words, ignore_case=False) == [KEPT]
    with search.Search(repo.git, words, paths=[EDITED, NEW]) as running:
        assert running.paths() == [NEW]


def test_a_word_across_lines_is_not_looked_for(repo: Repo) -> None:
    """git grep matches line by line, so a step written over two lines cannot be found; with
    no other word there is no search at all (git, given no pattern, would take the first
    path for one and list the files that mention it)."""
    repo.commit("One", "2026-11-02T10:00:00-06:00", files={KEPT: "changes\nfirst line\n"})
    assert search.grep(repo.git, ["first line\nsecond line"]) == []
    assert search.grep(repo.git, ["first line\nsecond line"], paths=["changes", KEPT]) == []
    assert search.grep(repo.git, ["first line\nsecond line", "FIRST LINE"]) == [KEPT]


def test_every_file_in_two_halves_is_every_file_once(repo: Repo) -> None:
    """The scan of every change file runs as two git greps side by side, each given half of
    the folders; together they name each file once, as one grep of the whole folder would:
    files directly in changes/, folders within folders, untracked folders, names git would
    read as a glob, hidden folders, ignored files left out."""
    words = ["needle"]
    files = ["changes/2026/a.yaml", "changes/2026/deeper/b.yaml", "changes/2027/c.yaml",
             "changes/[x]/d.yaml", "changes/.hidden/e.yaml", "changes/top.yaml",
             "changes/.dot.yaml", "changes/x"]
    repo.commit("Files", "2026-11-02T10:00:00-06:00",
                files=dict.fromkeys([*files, "changes/2027/nothing.yaml"], "a needle\n"))
    (repo.root / "changes/2027/nothing.yaml").write_text("no match\n", encoding="utf-8")
    untracked = ["changes/2028/u.yaml", "changes/2026/new/v.yaml", "changes/utop.yaml"]
    for path in untracked:
        repo.write(path, "A NEEDLE\n")
    repo.write("changes/2027/.gitignore", "ignored.yaml\n")
    repo.write("changes/2027/ignored.yaml", "needle\n")
    (repo.root / "changes/link").symlink_to("2027")
    halves = search.halves(str(repo.root / "changes"), "changes")
    assert len(halves) == 2
    with search.EveryFile(repo.git, words) as every:
        found = every.paths()
    assert sorted(found) == sorted(search.grep(repo.git, words)) == sorted([*files, *untracked])
    assert len(found) == len(set(found))


def test_a_folder_of_one_folder_or_none_is_one_search(repo: Repo) -> None:
    assert search.halves(str(repo.root / "changes"), "changes") == [["changes"]]  # none yet
    repo.commit("One", "2026-11-02T10:00:00-06:00", files={KEPT: "needle\n"})
    assert search.halves(str(repo.root / "changes"), "changes") == [["changes"]]
    with search.EveryFile(repo.git, ["needle"]) as every:
        assert every.paths() == [KEPT]
    with search.EveryFile(repo.git, ["nothing like it"]) as every:
        assert every.paths() == []  # git grep exits 1


def test_a_base_that_shares_no_history_is_refused(repo: Repo) -> None:
    """The diff from the merge base starts before the base's policy is read; without a merge
    base there is nothing to start, and the refusal is the one it always was."""
    repo.git.git.checkout("--orphan", "alone")
    repo.commit("Alone", "2026-11-02T10:00:00-06:00", files={KEPT: "title: alone\n"})
    result = run(repo.root, "validate", "--base", "main", "--now", "2026-11-25T09:00")
    assert result.exit_code == 2, result.output
    assert "and HEAD share no history (fetch the base branch with full history)" in \
        result.output


def test_a_broken_policy_on_the_base_is_said_before_the_missing_history(repo: Repo) -> None:
    repo.commit("Break the policy", "2026-11-02T10:00:00-06:00",
                files={"policy.yaml": "timezone: [not, a, zone]\n"})
    repo.git.git.checkout("--orphan", "alone")
    repo.commit("Alone", "2026-11-03T10:00:00-06:00", files={KEPT: "title: alone\n"})
    result = run(repo.root, "validate", "--base", "main", "--now", "2026-11-25T09:00")
    assert result.exit_code == 2, result.output
    assert "share no history" not in result.output
    assert "policy" in result.output


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # reaped: no such child any more
        return True
    return False


def test_the_scans_the_command_line_starts_are_the_ones_the_check_reads(
        repo: Repo, change_text: str) -> None:
    """cmcheck validate --base starts the deletions log and the untracked listing before it
    imports the check (history.head_start); the check reads those, finds the reused id with
    them, and starts no second log."""
    from datetime import datetime

    from cmcheck.core import engine

    path = "changes/2026/2026-12-19-switch.yaml"
    repo.commit("Add", "2026-11-20T09:00:00-06:00", files={path: change_text})
    repo.commit("Cancel", "2026-11-22T09:00:00-06:00", remove=[path])
    repo.branch("reuse")
    repo.write(path, change_text.replace("title: Upgrade", "title: Replace"))
    early = history.head_start(repo.root, "main")
    assert early is not None
    started: list[tuple[str, ...]] = []
    real = Started.__init__

    def counting(self: Started, repo: git.Repo, *args: str, given: bytes | None = None) -> None:
        started.append(args)
        real(self, repo, *args, given=given)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Started, "__init__", counting)
        result = engine.run(engine.Options(root=repo.root, base="main", early=early,
                                           now=datetime.fromisoformat("2026-11-25T09:00")))
    assert [f.rule for f in result.findings if f.path == path] == ["filename"]
    assert not [args for args in started
                if args[0] == "log" or args[:2] == ("ls-files", "--others")]
    assert _gone(early.deletions.pid) and _gone(early.untracked.pid)


def test_scans_started_for_a_run_that_fails_first_are_stopped(repo: Repo,
                                                              change_text: str) -> None:
    from cmcheck.core import engine

    repo.commit("Add", "2026-11-20T09:00:00-06:00",
                files={"changes/2026/2026-12-19-switch.yaml": change_text})
    early = history.head_start(repo.root, "no-such-branch")
    assert early is not None
    with pytest.raises(ValueError, match="unknown git ref 'no-such-branch'"):
        engine.run(engine.Options(root=repo.root, base="no-such-branch", early=early))
    assert _gone(early.deletions.pid) and _gone(early.untracked.pid)
