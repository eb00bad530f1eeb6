"""The report: the process in numbers (changes per month, outcomes, notice given,
exceptions, reviews), and its text, Markdown, JSON and HTML renderings.

Imports the core only. The calendar reads its figures for the statistics page (a named seam).
"""
