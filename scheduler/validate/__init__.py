"""The independent check of a plan: one function per rule, never ortools.

:mod:`~scheduler.validate.hard_rules` runs every hard rule of a plan;
:mod:`~scheduler.validate.examiners` the rules on named examiners,
:mod:`~scheduler.validate.rerun` those of a re-run against the published plan,
and :mod:`~scheduler.validate.objective` recomputes the soft rules.
"""
