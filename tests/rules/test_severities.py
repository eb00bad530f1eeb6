"""severities in policy.yaml: a district may tighten a rule, never loosen it (exit 2)."""

from __future__ import annotations

from tests.conftest import Repo, run
from tests.rules.helpers import CHANGE, check, edit, scheduled
from tests.validating import add_neighbour


def set_severities(repo: Repo, **levels: str) -> None:
    policy = repo.root / "policy.yaml"
    lines = "".join(f"  {rule.replace('_', '-')}: {level}\n" for rule, level in levels.items())
    policy.write_text(policy.read_text(encoding="utf-8") + "severities:\n" + lines,
                      encoding="utf-8")


def test_tightening_a_warning_to_an_error_fails_the_run(repo: Repo) -> None:
    add_neighbour(repo)
    set_severities(repo, conflict="error")
    found = check(repo, scheduled("2027-01-16 21:00", "2027-01-16 23:00"), [("conflict", 14)])
    assert found[0]["severity"] == "error"


def test_restating_a_default_is_allowed(repo: Repo) -> None:
    set_severities(repo, blackout="error", stakeholders="warning")
    found = check(repo, edit(("stakeholders: [Principal of the high school, District network "
                              "administrator]\n", "")), [("stakeholders", 8)])
    assert found[0]["severity"] == "warning"


def test_loosening_is_a_policy_finding_and_exit_2(repo: Repo) -> None:
    set_severities(repo, stakeholders="error", blackout="warning")
    repo.write("changes/2026/2026-12-19-core-switch-ios.yaml", CHANGE)
    result = run(repo.root, "validate", "--format", "json", "--now", "2026-12-01T09:00")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    # The policy's own finding, located on the offending key (the 2nd severities line).
    line = len((repo.root / "policy.yaml").read_text(encoding="utf-8").splitlines())
    assert (f"policy.yaml:{line}:3: error [schema] blackout is error by default; a policy may "
            "only tighten") in result.stderr
    assert "policy.yaml" in result.stderr and result.stdout == ""


def test_an_unknown_rule_in_severities_is_exit_2(repo: Repo) -> None:
    set_severities(repo, conflicts="error")
    result = run(repo.root, "validate", "--now", "2026-12-01T09:00")
    assert result.exit_code == 2
    assert "unknown rule conflicts in severities" in result.stderr
