"""GitHub: the coordinator's approval, the audit of merged changes, and the repository's gate
(the ruleset, CODEOWNERS, the notifications environment and the other settings the controls
rest on: declared, verified by `cmcheck settings` and the audit, applied by `--apply`).

Owns the REST client and everything decided from GitHub's answers (reviews, commits, pull
requests, issues, repository settings). Imports the core only.
"""
