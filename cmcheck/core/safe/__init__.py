"""What guards output from untrusted text: the sandboxed Jinja environment that notices and the
calendar share (`templating`), the plain data it renders (`plain`: never a model, whose methods
a template could call) and the fence that keeps a change's words from becoming workflow
commands in a CI log (`workflow_log`).

Imports nothing else of cmcheck.
"""
