"""Benchmark of the planner: first-fit baseline versus CP-SAT, against the lower bounds.

Run ``python -m benchmarks.run`` (or ``make bench``); results go to
``benchmarks/results/`` and the French report to ``BENCHMARKS.md``.
"""
