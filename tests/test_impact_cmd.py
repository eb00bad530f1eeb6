"""`cmcheck impact SYSTEM` on the fixture inventory (a chain, a diamond, another site)."""

from __future__ import annotations

from tests.conftest import Repo, run
from tests.rules.test_inventory import with_inventory


def test_impact_shows_dependents_sites_audiences_and_owners(repo: Repo) -> None:
    with_inventory(repo)
    result = run(repo.root, "impact", "Core-Switch-01")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "core-switch-01: High school core switch (switch, high-school)\n"
        "depends on: ups-hs\n"
        "depended on by 4 systems:\n"
        "  access-sw-ms  (access-sw-ms depends on core-switch-01)\n"
        "  sis-server  (sis-server depends on core-switch-01)\n"
        "  sis-app  (sis-app depends on sis-server, which depends on core-switch-01)\n"
        "  sis-db  (sis-db depends on sis-server, which depends on core-switch-01)\n"
        "sites affected: central-office, elementary, high-school, middle-school\n"
        "audiences affected: all-staff, office-staff, students, teachers\n"
        "mission-critical data: yes (sis-server, sis-app, sis-db)\n"
        "consult:\n"
        "  Director of Student Services <student-services@qcsd.example.org>: sis-app "
        "(mission-critical data: name them in stakeholders)\n"
        "  SIS data manager <sis-manager@qcsd.example.org>: sis-server, sis-db "
        "(mission-critical data: name them in stakeholders)\n"
        "  Network Administrator <network-admin@qcsd.example.org>: core-switch-01\n")


def test_a_leaf_system(repo: Repo) -> None:
    with_inventory(repo)
    result = run(repo.root, "impact", "library-server")
    assert result.exit_code == 0
    assert "depends on: nothing\ndepended on by 0 systems:\n" in result.output
    assert result.output.endswith("consult:\n  nobody listed\n")


def test_an_unknown_system_suggests_close_ids(repo: Repo) -> None:
    with_inventory(repo)
    result = run(repo.root, "impact", "sis-sever")
    assert result.exit_code == 2
    assert "sis-sever is not in inventory.yaml; did you mean sis-server" in result.output


def test_without_an_inventory_it_says_so(repo: Repo) -> None:
    result = run(repo.root, "impact", "core-switch-01")
    assert result.exit_code == 2
    assert "no inventory.yaml in" in result.output
