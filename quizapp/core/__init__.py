"""Cross-cutting pieces: database tuning, errors, layout, health, app assembly."""
