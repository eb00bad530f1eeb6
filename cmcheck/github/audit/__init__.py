"""The audit of what reached main: `run` finds the violations, `report` renders them, `issue`
keeps the coordinator's one issue."""
