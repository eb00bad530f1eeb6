"""The wizard never keeps another change's requester, and two changes it writes from one
template's usual steps are not copies of each other (issue 24: a copied example kept its
requester, staff and steps, and validated clean)."""

from __future__ import annotations

import yaml

from cmcheck.core.model.templates import TEMPLATES
from tests.conftest import Repo, run
from tests.test_wizard import FIRMWARE, files, prompt

WITHOUT_REQUESTER = [a for i, a in enumerate(FIRMWARE) if a not in ("--name", "--email") and
                     FIRMWARE[i - 1] not in ("--name", "--email")]


def test_every_template_asks_for_the_requester(repo: Repo) -> None:
    for name in TEMPLATES:
        result = run(repo.root, "new", *WITHOUT_REQUESTER, "--from", name, "--now",
                     "2026-11-20T10:00")
        assert result.exit_code == 2, (name, result.output)
        assert "--name is needed" in result.output, (name, result.output)
    assert files(repo.root) == set()


def test_the_name_prompt_offers_no_default(repo: Repo) -> None:
    """An empty answer to "Your name" is asked again: nothing is filled in for the technician."""
    args = [a for a in WITHOUT_REQUESTER if a != "--yes"]
    flags = ["--not-wsus-only", "--mission-critical", "--upgrade", "--user-connectivity",
             "--facility", "none", "--scheduled", "--category", "firmware-upgrade"]
    code, output = prompt(repo.root, ["", "Sam Tech", "sam.tech@qcsd.example.org", *[""] * 30],
                          *args, *flags, "--now", "2026-11-20T10:00")
    assert code == 0 and output.count("Your name") >= 2, output
    data = yaml.safe_load(next((repo.root / "changes").rglob("*.yaml")).read_text("utf-8"))
    assert data["requester"]["name"] == "Sam Tech", output


def test_two_changes_with_a_templates_usual_steps_are_not_copies(repo: Repo) -> None:
    first = run(repo.root, "new", *FIRMWARE, "--now", "2026-11-20T10:00")
    assert first.exit_code == 0, first.output
    repo.commit("The first", "2026-11-20T10:05:00-06:00")
    second = run(repo.root, "new", *FIRMWARE, "--title", "Upgrade the elementary core switch",
                 "--system", "core-switch-03", "--now", "2026-11-20T10:10:00")
    assert second.exit_code == 0, second.output
    assert "copied-steps" not in second.output, second.output
