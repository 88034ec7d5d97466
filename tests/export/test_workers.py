"""The processes writing the documents end with the command, killed included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from scheduler.export.workers import DocumentWorkers, run

#: Starts the processes, says their ids (and the server's they were forked
#: from), and waits to be killed.
CALLER = """
import os, sys, time
from scheduler.export.workers import DocumentWorkers, run
if __name__ == "__main__":
    with DocumentWorkers(2) as workers:
        ids = {workers.submit(run, "os:getpid").result() for _ in range(8)}
        ids |= {workers.submit(run, "os:getppid").result() for _ in range(8)} - {os.getpid()}
        print(" ".join(map(str, sorted(ids))), flush=True)
        time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended: only its parent has not read its status yet.
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_the_processes_end_when_the_caller_is_killed(tmp_path: object) -> None:
    script = os.path.join(str(tmp_path), "appelant.py")
    with open(script, "w", encoding="utf-8") as f:
        f.write(CALLER)
    caller = subprocess.Popen([sys.executable, script], stdout=subprocess.PIPE, text=True)
    try:
        assert caller.stdout is not None
        workers = [int(i) for i in caller.stdout.readline().split()]
        assert len(workers) >= 2
        assert all(_alive(i) for i in workers)
        caller.send_signal(signal.SIGKILL)
        caller.wait()
        deadline = time.monotonic() + 20
        while any(_alive(i) for i in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(i) for i in workers)
    finally:
        caller.kill()
        caller.wait()


def test_jobs_run_here_without_a_second_process() -> None:
    with DocumentWorkers(1) as alone:
        job = alone.submit(run, "os:getpid")
        assert job.done() and job.result() == os.getpid()
        assert not alone.parallel
