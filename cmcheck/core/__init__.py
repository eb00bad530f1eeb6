"""The validation core: reading a change request and judging it against the policy.

Folders by concern, each importing only those before it:
``safe`` and ``git`` (nothing), ``model`` (the file formats), ``time`` (window and days off),
``judge`` (context, findings, rules, reporters). The modules loose here are the runs that tie
them together: ``reading`` (files to change requests), ``configuration`` (policy.yaml and the
inventory of a tree), ``clock`` (the notice clock: when a change was submitted), ``catalog``
(every change of a tree or a commit) and ``engine`` (the run of every rule).

Imports nothing of cmcheck outside ``cmcheck.core``: every capability builds on it.
"""
