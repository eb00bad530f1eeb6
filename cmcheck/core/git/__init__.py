"""Git, read through one small typed layer: plumbing (`repo`), log walks (`history`) and what the
CI event says of the pull request (`event`).

Imports nothing else of cmcheck: everything above reads history through it.
"""
