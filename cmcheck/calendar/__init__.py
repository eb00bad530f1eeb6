"""The change calendar: a static HTML forward schedule and iCalendar feeds, built from changes/,
policy.yaml and git history. Pure ``render_*`` functions; only ``site.write`` touches the disk."""
