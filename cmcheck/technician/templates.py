"""The templates of `cmcheck new --from NAME`: their data lives in the core
(cmcheck/core/model/templates.py), where the copied-steps rule reads it too."""

from cmcheck.core.model.templates import TEMPLATES, Template

__all__ = ["TEMPLATES", "Template"]
