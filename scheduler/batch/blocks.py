"""The independent blocks of épreuves of one session, solved at once on the
Dask cluster of a batch.

Épreuves whose windows share no working day share no constraint: each block
(E2+E2F+E5, E4, E6+ENG for Toulouse 2021) is one task of the cluster, so that
a large session keeps several workers busy.  A batch task asks for them from
inside the cluster (:func:`distributed.worker_client`: it leaves its place to
the blocks while it waits), and a block whose worker dies is run again like
any task.  Instants cross machines as wall-clock times: a
:func:`time.monotonic` instant means nothing on another machine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from scheduler.solver.options import SolveOptions
from scheduler.solver.pipeline import BlockJob, solve_block
from scheduler.solver.solution import TimeSolution


def to_wall(instant: float) -> float:
    """A :func:`time.monotonic` instant of this machine as a :func:`time.time` instant."""
    return instant - time.monotonic() + time.time()


def from_wall(instant: float) -> float:
    """A :func:`time.time` instant as a :func:`time.monotonic` instant of this machine."""
    return instant - time.time() + time.monotonic()


@dataclass(frozen=True)
class ClusterBlocks:
    """A :class:`~scheduler.solver.pipeline.BlockRunner` that sends each block
    to the cluster the calling task runs on; ``parallel`` is the cluster's
    number of worker threads."""

    parallel: int

    def __call__(self, jobs: list[BlockJob], options: SolveOptions) -> list[TimeSolution]:
        # Imported on use: distributed takes a second to import.
        from distributed import worker_client

        if len(jobs) < 2:
            return [solve_block(job, options) for job in jobs]
        deadline = None if options.deadline is None else to_wall(options.deadline)
        remote = replace(options, blocks=None, progress=None, deadline=None)
        with worker_client() as client:
            futures = [
                client.submit(  # type: ignore[attr-defined]
                    solve_block_remotely,
                    replace(job, stage_end=to_wall(job.stage_end)),
                    remote,
                    deadline,
                    pure=False,
                )
                for job in jobs
            ]
            solutions: list[TimeSolution] = client.gather(futures)  # type: ignore[attr-defined]
        return solutions


def solve_block_remotely(job: BlockJob, options: SolveOptions, deadline: float | None) -> TimeSolution:
    """Run on a worker: one block, its instants given as wall-clock times."""
    local = replace(options, deadline=None if deadline is None else from_wall(deadline))
    return solve_block(replace(job, stage_end=from_wall(job.stage_end)), local)
