"""The coordinator's approval: `decide` judges reviews and commits, `pull_requests` reads them
from GitHub, `check` runs `cmcheck approval`."""
