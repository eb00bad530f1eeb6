"""The repository's gate: the settings every control rests on (`declared`), read from GitHub
(`read`), held to the declaration and the floor (`compare`, `check`), made to match (`apply`),
and rendered (`report`); `settings` runs `cmcheck settings`."""
