"""What guards output from untrusted text: the sandboxed Jinja environment that notices and the
calendar share (`templating`) and the fence that keeps a change's words from becoming workflow
commands in a CI log (`workflow_log`).

Imports nothing else of cmcheck.
"""
