"""The policy's calendar: the maintenance window and its closed hours (`window`), holidays and
district days off (`daysoff`).

Imports only ``cmcheck.core.model``.
"""
