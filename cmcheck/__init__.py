"""cmcheck: change management as code for a school district's technology department."""

__version__ = "0.1.0"
