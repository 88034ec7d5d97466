"""Deterministic sample data for a session: candidate list and examiner pool."""

from scheduler.sample.generator import (
    EXAMINER_COLUMNS,
    candidate_columns_of,
    generate_candidates,
    generate_examiners,
    origin_counts,
    write_sample,
)

__all__ = [
    "candidate_columns_of",
    "EXAMINER_COLUMNS",
    "generate_candidates",
    "generate_examiners",
    "origin_counts",
    "write_sample",
]
