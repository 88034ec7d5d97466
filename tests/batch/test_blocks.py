"""The blocks of épreuves of one session solved at once on a real local Dask
cluster: as tasks of the cluster, each on its own, and with the same plan
as one after the other."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from scheduler.batch.blocks import ClusterBlocks, from_wall, to_wall
from scheduler.batch.lot import PUBLISHED, plan_batch
from scheduler.io.inputs import load_inputs
from scheduler.io.plan_files import load_plan_file
from scheduler.publish.together import compute_together, load_together
from scheduler.solver.options import SolveOptions
from scheduler.solver.pipeline import BlockJob, block_shares, blocks, in_turn
from scheduler.solver.solution import TimeSolution
from scheduler.solver.tasks import build_tasks, placeable
from scheduler.validate.hard_rules import validate
from tests.session_copies import ndrc_copy

distributed = pytest.importorskip("distributed")

OPTIONS = SolveOptions(time_limit=300, workers=1, seed=1, deterministic_limit=1.0)


def test_blocks_in_turn_share_what_is_left_and_at_once_what_each_runner_takes() -> None:
    # In turn: each block its size over the tasks not yet solved; the last all.
    assert block_shares([600, 300, 100], 1) == [0.6, 0.75, 1.0]
    # Two at once: twice its part of the whole, at most all the time left.
    assert block_shares([600, 300, 100], 2) == [1.0, 0.6, 0.2]
    assert block_shares([600, 300, 100], 3) == [1.0, 0.9, 0.3]
    assert block_shares([], 2) == []


def test_instants_cross_machines_as_wall_clock_times() -> None:
    soon = time.monotonic() + 30.0
    assert abs(from_wall(to_wall(soon)) - soon) < 0.01
    assert abs(to_wall(soon) - (time.time() + 30.0)) < 0.01


def test_one_block_is_solved_where_the_call_runs(tmp_path: Path) -> None:
    """A single block is not worth a task of the cluster: no cluster is asked."""
    inputs = load_inputs(ndrc_copy(tmp_path / "blocs", "lot-blocs", n=12))
    session = inputs.session
    tasks = placeable(session, build_tasks(session, inputs.candidates))
    block = blocks(session, tasks)[0]
    job = BlockJob(session, block, {}, None, 6000, time.monotonic() + 60, 1.0)
    options = replace(OPTIONS, deadline=time.monotonic() + 60)
    alone = ClusterBlocks(2)([job], options)
    expected = in_turn([job], options)
    assert isinstance(alone[0], TimeSolution)
    assert alone[0].placements == expected[0].placements
    assert not alone[0].unplaced


def test_the_blocks_of_a_lone_session_run_at_once_as_tasks_of_the_cluster(tmp_path: Path) -> None:
    """One session on a cluster of two workers: its three blocks (E2+E2F+E5,
    E4, E6+ENG) are three tasks of the cluster; the plan published is the
    one computed one block after the other, and it is valid."""
    folder = ndrc_copy(tmp_path / "seule", "lot-seule", n=12)
    [inputs] = load_together([folder])
    session = inputs.session
    found = blocks(session, placeable(session, build_tasks(session, inputs.candidates)))
    assert len(found) == 3
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as stream,
    ):
        outcomes = plan_batch(
            [folder],
            output_root=tmp_path / "sorties",
            models_dir=tmp_path / "modeles",
            options=OPTIONS,
            address=cluster.scheduler_address,
        )
    assert [o.status for o in outcomes] == [PUBLISHED]

    def named(prefix: str) -> list[dict[str, object]]:
        return [
            t
            for t in stream.data
            if str(t["key"][0] if isinstance(t["key"], tuple) else t["key"]).startswith(prefix)
        ]

    assert len(named("plan_group")) == 1
    assert len(named("solve_block_remotely")) == len(found)
    # Both workers solved blocks: they ran at once, not one after the other.
    assert len({t["worker"] for t in named("solve_block_remotely")}) == 2
    published = load_plan_file(tmp_path / "modeles" / "lot-seule" / "plan-v1.json").plan
    assert validate(session, inputs.candidates, published) == []
    deadline = time.monotonic() + OPTIONS.time_limit
    [computed] = compute_together([folder], [inputs], replace(OPTIONS, deadline=deadline))
    assert computed.plan.orals == published.orals
