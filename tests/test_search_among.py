"""search.among answers a narrowing search of a few files without starting git (issue 25): it
must name exactly the files git grep names, in git's order, or leave the question to git."""

from __future__ import annotations

import os

from cmcheck.core.git import search
from tests.conftest import Repo

FILES = {
    "changes/2026/a-tracked.yaml": "title: Core switch\nsystems: [core-switch-01]\n",
    "changes/2026/b-crlf.yaml": "title: UPS\r\nsystems: [UPS-01]\r\nreview: {outcome: failed}\r\n",
    "changes/2027/c-accents.yaml": "title: Mise à jour ÉCOLE\nsystems: [école-ap]\n",
    "changes/2025/d-older.yaml": "title: Older\nsteps: [Restore the backup of core-switch-01.]\n",
}
UNTRACKED = {"changes/2026/a-new.yaml": "title: New\nsystems: [CORE-SWITCH-01]\n"}
WORDS = [["core-switch-01"], ["CORE-SWITCH-01"], ["ups-01", "failed"], ["école"], ["ÉCOLE"],
         ["restore the backup"], ["nothing"], ["title"], ["multi\nline"], []]


def test_a_few_files_are_named_as_git_names_them(repo: Repo) -> None:
    repo.commit("Changes", "2026-11-02T10:00:00-06:00", files=FILES)
    for path, text in UNTRACKED.items():
        repo.write(path, text)
    paths = [*FILES, *UNTRACKED]
    compared = 0
    for words in WORDS:
        for ignore_case in (True, False):
            for chosen in (paths, paths[::-1], paths[1:3]):
                mine = search.among(repo.root, words, chosen, ignore_case=ignore_case)
                with search.Search(repo.git, words, paths=chosen,
                                   ignore_case=ignore_case) as git_says:
                    assert mine == git_says.paths(), (words, ignore_case, chosen)
                compared += 1
    assert compared == 60
    # Not vacuous: some searches find files, in git's (sorted) order, and case matters
    # only for ASCII letters.
    assert search.among(repo.root, ["core-switch-01"], paths[::-1]) == [
        "changes/2025/d-older.yaml", "changes/2026/a-new.yaml", "changes/2026/a-tracked.yaml"]
    assert search.among(repo.root, ["ÉCOLE"], paths) == ["changes/2027/c-accents.yaml"]
    assert search.among(repo.root, ["école-ap".upper()], paths) == []


def test_a_link_a_folder_or_a_pattern_is_left_to_git(repo: Repo) -> None:
    repo.commit("Changes", "2026-11-02T10:00:00-06:00", files=FILES)
    os.symlink("a-tracked.yaml", repo.root / "changes/2026/link.yaml")
    assert search.among(repo.root, ["core"], ["changes/2026/link.yaml"]) is None
    assert search.among(repo.root, ["core"], ["changes/2026"]) is None
    assert search.among(repo.root, ["core"], ["changes/2026/*.yaml"]) is None
    assert search.among(repo.root, ["core"], [":(literal)changes/2026/a-tracked.yaml"]) is None
    # grep() then asks git, which still answers.
    assert search.grep(repo.git, ["core-switch-01"], paths=["changes/2026"]) == [
        "changes/2026/a-tracked.yaml"]
