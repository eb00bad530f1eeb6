"""The online change request's pull request: `publish` opens or updates it and keeps the one
comment on the issue (the intake itself, offline, is the technician's `cmcheck intake`)."""
