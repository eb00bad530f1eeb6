"""cmcheck new with a system the inventory does not list yet: offered as a new system of the
same pull request, asked what the inventory needs, written into inventory.yaml as text (its
comments and layout kept), and accepted by `validate --base` in the pull request."""

from __future__ import annotations

import json

import yaml

from tests.conftest import Repo, run
from tests.rules.test_inventory import INVENTORY, with_inventory
from tests.test_wizard import prompt

NOW = "2026-11-20T10:00"
PATH = "changes/2026/2026-12-04-replace-high-school-ups.yaml"
BEFORE = [
    "n", "", "", "", "",               # WSUS? mission-critical, upgrade, users, facilities
    "", "",                            # emergency? no; category: the template's
    "Replace the high school UPS", "Sam Tech", "sam.tech@qcsd.example.org", "samtech",
]
NEW_SYSTEM = [
    "y",                               # add ups-hs-02 to inventory.yaml?
    "", "High school server-room UPS 2",   # its name (a blank is told why)
    "",                                # kind: guessed from the id (ups)
    "high-school",                     # sites
    "Network Administrator", "network-admin@qcsd.example.org",   # owner
    "",                                # what it needs: none
    "core-switch-01",                  # what depends on it
    "technology",                      # who uses it directly
    "",                                # mission-critical data? no
]
AFTER = [
    "", "",                            # audiences and sites: what the inventory brings in
    "The high school loses its network while the UPS is swapped.",
    "", "", "",                        # duration, backout minutes, start
    "", "", "", "", "", "",            # plan, steps, verification, staff, backout, steps
    "",                                # stakeholders: the owners
    "",                                # id
]


def test_a_new_system_is_offered_asked_and_written_with_the_change(repo: Repo) -> None:
    with_inventory(repo)
    repo.branch("ups")
    code, output = prompt(repo.root, [*BEFORE, "ups-hs-02", *NEW_SYSTEM, *AFTER],
                          "--from", "hardware-replacement", "--now", NOW)
    assert code == 0, output
    assert "ups-hs-02 is not in inventory.yaml; did you mean ups-hs (High school UPS)?\n" in output
    assert "Add ups-hs-02 to inventory.yaml as a new system, in this pull request? [y/N]: y" \
        in output
    assert "Error: an answer is needed: the calendar and the notices name it" in output
    assert ("added ups-hs-02 (now a dependency of core-switch-01) to inventory.yaml: commit it "
            "with the change; the Technology Coordinator reviews the new entry when approving "
            "the pull request") in output
    # The core switch now depends on the UPS: what it carries became the change's defaults.
    assert "  site middle-school: access-sw-ms depends on core-switch-01, which depends on " \
           "ups-hs-02\n" in output
    text = (repo.root / "inventory.yaml").read_text(encoding="utf-8")
    # Only lines added or the one list edited: every comment and line of the file survives.
    assert text == INVENTORY.replace(
        "    depends_on: [ups-hs]\n", "    depends_on: [ups-hs, ups-hs-02]\n", 1) + (
        "  ups-hs-02:\n"
        "    name: High school server-room UPS 2\n"
        "    kind: ups\n"
        "    sites: [high-school]\n"
        "    audiences: [technology]\n"
        "    owner: {name: Network Administrator, email: network-admin@qcsd.example.org}\n")
    change = yaml.safe_load((repo.root / PATH).read_text(encoding="utf-8"))
    assert change["systems"] == ["ups-hs-02"]
    assert "middle-school" in change["impact"]["sites"]
    assert "0 errors" in output
    # The pull request as CI sees it: the new system is accepted, the edit is a notice.
    repo.commit("Replace the high school UPS", "2026-11-20T10:05:00-06:00")
    result = run(repo.root, "validate", "--base", "main", "--format", "json", "--now", NOW)
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)["findings"]
    assert {(f["path"], f["rule"], f["severity"]) for f in found if f["path"] != PATH} == {
        ("inventory.yaml", "scope", "notice")}
    assert not [f for f in found if f["path"] == PATH and f["severity"] == "error"]


def test_declining_the_offer_asks_for_the_systems_again(repo: Repo) -> None:
    with_inventory(repo)
    answers = [*BEFORE, "core-swich-01", "", "core-switch-01", *AFTER]
    code, output = prompt(repo.root, answers, "--from", "hardware-replacement", "--now", NOW)
    assert code == 0, output
    assert ("core-swich-01 is not in inventory.yaml; did you mean core-switch-01 (High school "
            "core switch)?") in output
    assert (repo.root / "inventory.yaml").read_text(encoding="utf-8") == INVENTORY


def test_a_flag_naming_an_unknown_system_says_how_to_add_it(repo: Repo) -> None:
    with_inventory(repo)
    result = run(repo.root, "new", "--from", "hardware-replacement", "--yes", "--title", "x",
                 "--name", "Sam", "--email", "sam@qcsd.example.org", "--system", "ups-hs-02",
                 "--impact", "x", "--now", NOW)
    assert result.exit_code == 2
    assert "ups-hs-02 is not in inventory.yaml; did you mean ups-hs (High school UPS)?; to add " \
           "it as a new system, run cmcheck new without --system and --yes" in result.output
    assert not (repo.root / "changes").exists()
