"""The CP-SAT planner and what surrounds it: tasks, bounds, starting plans, stages, staffing."""
