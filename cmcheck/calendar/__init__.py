"""The change calendar: a static HTML forward schedule and iCalendar feeds, built from changes/,
policy.yaml and git history. Pure ``render_*`` functions; only ``site.write`` touches the disk.

Imports the core, and the report's figures for the statistics page (the one seam between two
capabilities). Nothing imports the calendar but the command line.
"""
