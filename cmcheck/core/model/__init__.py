"""The file formats: YAML bytes with their marks (`loader`), the change request (`models`), the
policy (`policy`), the inventory and its dependency graph (`inventory`), the text and time types
they are written in (`text`, `urls`, `localtime`), the JSON Schemas made from them (`schemas`),
and the plain types every layer above shares (`verdicts`).

Imports nothing of cmcheck outside ``cmcheck.core.model``.
"""
