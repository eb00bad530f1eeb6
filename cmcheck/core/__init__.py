"""The validation core: reading a change request and judging it against the policy.

Owns the loader, the models (change request, policy), the rules and the engine that runs them,
the findings and their reporters, the notice clock, local-time and window arithmetic, and the
git plumbing every capability reads history through.

Imports nothing of cmcheck outside ``cmcheck.core``: every capability builds on it.
"""
