"""The two workflows, ``planifier`` and ``replanifier``: solve, check, save, write."""
