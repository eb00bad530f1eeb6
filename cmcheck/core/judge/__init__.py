"""Judging a change request: what a rule may look at (`context`), findings (`findings`), the
rules themselves (`rules/`, one file each), the earliest compliant start (`suggest`), risk and
reach through the inventory (`risk`, `reach`), the output formats (`reporters/`) and the rule
reference made from the rules' docstrings (`ruledocs`).

Imports ``model``, ``time``, ``git`` and ``safe``; never the runs loose in ``cmcheck.core``.
"""
