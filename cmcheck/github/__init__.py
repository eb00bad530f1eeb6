"""GitHub: the coordinator's approval, the audit of merged changes, and CODEOWNERS.

Owns the REST client and everything decided from GitHub's answers (reviews, commits, pull
requests, issues). Imports the core only.
"""
