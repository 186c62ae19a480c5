"""Roll-ups across dwellings and operations (pandas allowed here)."""
