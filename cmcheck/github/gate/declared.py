"""The repository settings every control of cmcheck rests on: what they are, and why.

Approval is only the formal approval the procedure asks for while GitHub refuses a merge
without it, and the ledger's key only stays secret while the `notifications` environment keeps
it away from technicians' branches. Those are repository settings, so they are declared:

- the branch rule, as GitHub's own ruleset JSON in `.github/rulesets/main.json` (reviewed in a
  pull request like any change, and importable by hand in Settings → Rules → Rulesets), held
  to the floor in `cmcheck/core/model/gate.py`, the one definition that the `gate` rule,
  `cmcheck settings` and the audit share;
- the rest (forking, the environment, the workflow token, CODEOWNERS) in code, because they are
  requirements of the controls rather than a district's preference.

Each setting has a stable id and the threat it defends (`THREATS`, a row of
docs/coordinator.md's threat table), so that a setting found weaker names the door it opens.
"""

from __future__ import annotations

from cmcheck.core.model.gate import (
    ACTIONS_APP_ID,
    FLOOR,
    RULESET_FILE,
    RULESET_NAME,
    THREATS,
    covers_default_branch,
    floor_ruleset,
    rules_of,
)

__all__ = ["ACTIONS_APP_ID", "DEPLOY_FROM", "ENVIRONMENT", "FLOOR", "RULESET_FILE",
           "RULESET_NAME", "THREATS", "covers_default_branch", "floor_ruleset", "rules_of"]

ENVIRONMENT = "notifications"
DEPLOY_FROM = "main"
