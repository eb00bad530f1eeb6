"""The loopback GitHub's repository settings: rulesets, the rules they put on a branch, forking,
environments and their deployment branch policies, the workflow token's defaults.

It answers as GitHub does for two kinds of token (tests/fake_github.py's roles):
- `admin`, a repository administrator's: reads and writes everything;
- `workflow`, the GITHUB_TOKEN of a workflow with `actions: read`: reads the rules in force, the
  rulesets without their `bypass_actors` (GitHub shows them only to who may edit the ruleset),
  the repository and the environment; 403 on the default workflow permissions and on every write.
Every answer goes through fake_github's OpenAPI check; every request body it takes too.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fake_github import API, REPOSITORY, State, repository

FORBIDDEN = (403, {"message": "Resource not accessible by integration",
                   "documentation_url": "https://docs.github.com/rest"})
NOT_FOUND = (404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})
STAMP = "2026-11-20T15:00:00Z"
_R = f"/repos/{REPOSITORY}"
# The settings paths this world writes (under the repository); writes elsewhere are not its own.
_WRITTEN = ("", r"/rulesets(/\d+)?", r"/environments/[^/]+(/deployment-branch-policies(/\d+)?)?",
            "/actions/permissions/workflow")
RULESET_FILE = Path(__file__).resolve().parent.parent / ".github" / "rulesets" / "main.json"
DECLARED: dict[str, Any] = json.loads(RULESET_FILE.read_text())
# The settings paths this world reads; a test counting the requests of something else skips them.
_READ = ("", r"/rules/branches/[^/]+", r"/rulesets(/\d+)?", r"/environments/.*",
         "/actions/permissions/workflow")


@dataclass
class Gate:
    """A repository's settings, as GitHub keeps them; tests weaken them and read `writes`."""

    allow_forking: bool = True
    rulesets: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> as created
    # Rules from the organization's rulesets (GitHub adds them to the branch's rules).
    organization_rules: list[dict[str, Any]] = field(default_factory=list)
    environments: dict[str, dict[str, Any] | None] = field(default_factory=dict)  # name -> policy
    branch_policies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    workflow: dict[str, Any] = field(default_factory=lambda: {
        "default_workflow_permissions": "write", "can_approve_pull_request_reviews": True})
    writes: list[tuple[str, str]] = field(default_factory=list)
    next_id: int = 1000

    def holding(self) -> Gate:
        """The declared state, as `cmcheck settings --apply` leaves it."""
        self.add_ruleset(DECLARED)
        self.allow_forking = False
        self.environments["notifications"] = {"protected_branches": False,
                                              "custom_branch_policies": True}
        self.branch_policies["notifications"] = [{"id": 7, "name": "main", "type": "branch"}]
        self.workflow = {"default_workflow_permissions": "read",
                         "can_approve_pull_request_reviews": False}
        return self

    def add_ruleset(self, body: dict[str, Any]) -> int:
        self.next_id += 1
        self.rulesets[self.next_id] = copy.deepcopy(body)
        return self.next_id

    def route(self, method: str, path: str, role: str, body: Any) -> tuple[int, Any] | None:
        if not path.startswith(_R):
            return None
        tail = path[len(_R):]
        if method != "GET":
            if not any(re.fullmatch(owned, tail) for owned in _WRITTEN):
                return None  # issues, labels: the rest of the fake answers those
            if role != "admin":
                return FORBIDDEN
            answer = self._write(method, tail, body)
            if answer is not None:
                self.writes.append((method, tail))
            return answer
        return self._read(tail, role)

    def _read(self, tail: str, role: str) -> tuple[int, Any] | None:
        if tail == "":
            return 200, self._repository(role)
        if tail == "/rules/branches/main":
            return 200, self._rules_in_force()
        if tail == "/rulesets":
            return 200, [self._ruleset(i, full=False, role=role) for i in sorted(self.rulesets)]
        if match := re.fullmatch(r"/rulesets/(\d+)", tail):
            found = int(match[1])
            return (200, self._ruleset(found, full=True, role=role)) \
                if found in self.rulesets else NOT_FOUND
        if match := re.fullmatch(r"/environments/([^/]+)", tail):
            return (200, self._environment(match[1])) \
                if match[1] in self.environments else NOT_FOUND
        if match := re.fullmatch(r"/environments/([^/]+)/deployment-branch-policies", tail):
            if match[1] not in self.environments:
                return NOT_FOUND
            policies = self.branch_policies.get(match[1], [])
            return 200, {"total_count": len(policies), "branch_policies": [
                {"id": p["id"], "node_id": "MDE2OkdhdGVCcmFuY2hQb2xpY3kx", "name": p["name"],
                 "type": p["type"]} for p in policies]}
        if tail == "/actions/permissions/workflow":
            return (200, dict(self.workflow)) if role == "admin" else FORBIDDEN
        return None

    def _write(self, method: str, tail: str, body: Any) -> tuple[int, Any] | None:
        if method == "POST" and tail == "/rulesets":
            return 201, self._ruleset(self.add_ruleset(body), full=True, role="admin")
        if method == "PUT" and (match := re.fullmatch(r"/rulesets/(\d+)", tail)):
            found = int(match[1])
            if found not in self.rulesets:
                return NOT_FOUND
            self.rulesets[found] = {**self.rulesets[found], **copy.deepcopy(body)}
            return 200, self._ruleset(found, full=True, role="admin")
        if method == "PATCH" and tail == "":
            self.allow_forking = bool(body.get("allow_forking", self.allow_forking))
            return 200, self._repository("admin")
        if method == "PUT" and (match := re.fullmatch(r"/environments/([^/]+)", tail)):
            self.environments[match[1]] = (body or {}).get("deployment_branch_policy")
            return 200, self._environment(match[1])
        if match := re.fullmatch(r"/environments/([^/]+)/deployment-branch-policies(?:/(\d+))?",
                                 tail):
            return self._policy(method, match[1], match[2], body)
        if method == "PUT" and tail == "/actions/permissions/workflow":
            self.workflow.update(body)
            return 204, None
        return None

    def _policy(self, method: str, name: str, number: str | None,
                body: Any) -> tuple[int, Any] | None:
        policy = self.environments.get(name)
        if name not in self.environments or not (policy or {}).get("custom_branch_policies"):
            return NOT_FOUND  # GitHub: only an environment with custom branch policies has them
        policies = self.branch_policies.setdefault(name, [])
        if method == "POST" and number is None:
            self.next_id += 1
            made = {"id": self.next_id, "name": body["name"], "type": body.get("type", "branch")}
            policies.append(made)
            return 200, {**made, "node_id": "MDE2OkdhdGVCcmFuY2hQb2xpY3kx"}
        if method == "DELETE" and number is not None:
            self.branch_policies[name] = [p for p in policies if p["id"] != int(number)]
            return 204, None
        return None

    def _repository(self, role: str) -> dict[str, Any]:
        found = repository()
        found.update({"has_discussions": False, "network_count": 0, "subscribers_count": 1,
                      "allow_forking": self.allow_forking})
        if role == "admin":  # a user's token; an installation token's answer has no permissions
            found["permissions"] = {"admin": True, "maintain": True, "push": True,
                                    "triage": True, "pull": True}
        return found

    def _ruleset(self, number: int, *, full: bool, role: str) -> dict[str, Any]:
        body = self.rulesets[number]
        found: dict[str, Any] = {
            "id": number, "name": body["name"], "target": body.get("target", "branch"),
            "source_type": "Repository", "source": REPOSITORY,
            "enforcement": body["enforcement"], "node_id": "RRS_lACqUmVwb3NpdG9yec4",
            "_links": {"self": {"href": f"{API}{_R}/rulesets/{number}"},
                       "html": {"href": f"https://github.com/{REPOSITORY}/rules/{number}"}},
            "created_at": STAMP, "updated_at": STAMP}
        if full:
            found.update({"conditions": copy.deepcopy(body.get("conditions")),
                          "rules": copy.deepcopy(body.get("rules", [])),
                          "current_user_can_bypass": "never"})
            if role == "admin":
                found["bypass_actors"] = copy.deepcopy(body.get("bypass_actors", []))
        return found

    def _rules_in_force(self) -> list[dict[str, Any]]:
        found = []
        for number in sorted(self.rulesets):
            body = self.rulesets[number]
            include = ((body.get("conditions") or {}).get("ref_name") or {}).get("include", [])
            exclude = ((body.get("conditions") or {}).get("ref_name") or {}).get("exclude", [])
            covers = {"~DEFAULT_BRANCH", "~ALL", "refs/heads/main"}
            if body.get("enforcement") != "active" or body.get("target", "branch") != "branch" \
                    or not covers & set(include) or covers & set(exclude):
                continue  # GitHub returns only active rules that apply to the branch
            found += [{**copy.deepcopy(rule), "ruleset_source_type": "Repository",
                       "ruleset_source": REPOSITORY, "ruleset_id": number}
                      for rule in body.get("rules", [])]
        return found + copy.deepcopy(self.organization_rules)

    def _environment(self, name: str) -> dict[str, Any]:
        return {"id": 161088068, "node_id": "MDExOkVudmlyb25tZW50MTYxMDg4MDY4", "name": name,
                "url": f"{API}{_R}/environments/{name}",
                "html_url": f"https://github.com/{REPOSITORY}/deployments/activity_log"
                            f"?environments_filter={name}",
                "created_at": STAMP, "updated_at": STAMP, "protection_rules": [],
                "deployment_branch_policy": copy.deepcopy(self.environments[name])}


def settings_request(path: str) -> bool:
    """Whether a request the fake recorded read or wrote the repository's settings."""
    path = path.split(" ")[-1]
    return path.startswith(_R) and any(re.fullmatch(p, path[len(_R):]) for p in _READ)


def gated(state: State, root: Path, *,
          coordinators: tuple[str, ...] = ("qcsd-techcoord",)) -> Gate:
    """A gate that holds, answered by the fake, and its declaration and CODEOWNERS in root's
    work tree: for tests of something else that run the audit, which always checks the gate
    (issue 23, item 4). The files are written, not committed: the audit reads the work tree,
    and a test's later commit may take them along without touching a change's history."""
    from cmcheck.core.model.codeowners import render

    made = Gate().holding()
    state.route = made.route
    (root / ".github" / "rulesets").mkdir(parents=True, exist_ok=True)
    (root / ".github" / "rulesets" / "main.json").write_text(RULESET_FILE.read_text())
    (root / ".github" / "CODEOWNERS").write_text(render(coordinators))
    return made
