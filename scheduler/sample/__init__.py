"""Deterministic sample data for a session: candidate list and examiner pool."""

from scheduler.sample.generator import (
    CANDIDATE_COLUMNS,
    EXAMINER_COLUMNS,
    generate_candidates,
    generate_examiners,
    origin_counts,
    write_sample,
)

__all__ = [
    "CANDIDATE_COLUMNS",
    "EXAMINER_COLUMNS",
    "generate_candidates",
    "generate_examiners",
    "origin_counts",
    "write_sample",
]
