"""The validated data of a session, its plans and its events: no solver, no files."""
