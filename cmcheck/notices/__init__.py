"""Notices: which are due, how they are rendered from templates/, how they are delivered
(outbox, SMTP) and the ledger that keeps a re-run from sending twice.

Imports the core only.
"""
