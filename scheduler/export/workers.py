"""Processes that write a plan's documents beside the caller.

Given the plan, every figure and every workbook can be written on its own:
:func:`~scheduler.export.documents.plan_documents` hands them as jobs to a
pool of processes, one per usable core.  A job is a function defined at
module level (the processes receive it by module path) with its arguments.

The processes are forked from a server that imported the exporters once
(``forkserver``, started by :func:`prepare` while the caller computes the
plan), so a job starts at once; where there is no such server (Windows,
macOS) they are spawned.  Without a second core, or should the processes
fail, a job runs in the caller instead, with the same bytes.

This module imports nothing heavy: calling :func:`prepare` first thing lets
the server import matplotlib and openpyxl on the other core.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import pickle
import select
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import forkserver
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: What the server imports before forking the processes: the jobs and
#: everything they draw or write with.
PRELOAD = [
    "scheduler.export.figures.drawing",
    "scheduler.export.rooms",
    "scheduler.export.examiners",
    "scheduler.export.convocations",
    "scheduler.export.commissions",
    "scheduler.export.grading",
    "scheduler.export.calendars",
    "scheduler.export.changes",
    "scheduler.export.letters",
    "scheduler.export.recipients",
]


def prepare() -> None:
    """Start the server the processes are forked from, so that it imports
    the exporters while the caller computes the plan; harmless where there is
    none, or when it runs already."""
    if _start_method() != "forkserver" or _usable_cores() < 2:
        return
    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    # Should it fail, the pool starts it, or the jobs run in the caller.
    with contextlib.suppress(OSError), _without_output():
        forkserver.ensure_running()


@contextlib.contextmanager
def _without_output() -> Iterator[None]:
    """Standard input and output on the null device meanwhile: the server
    (and the processes forked from it) write nothing — a job's error comes
    back to the caller — and must not hold the command's output open (a
    script reading it to the end would wait for them)."""
    sys.stdout.flush()
    sys.stderr.flush()
    null = os.open(os.devnull, os.O_RDWR)
    saved = [os.dup(fd) for fd in (0, 1, 2)]
    try:
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        yield
    finally:
        for fd, copy in zip((0, 1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)
        os.close(null)


class Job(Generic[T]):
    """A function and its arguments, run by a process of the pool (or by
    the caller): :meth:`result` waits for it."""

    def __init__(self, fn: Callable[..., T], args: tuple[Any, ...], future: Future[T] | None) -> None:
        self.fn = fn
        self.args = args
        self.future = future
        self._value: tuple[T] | None = None

    def done(self) -> bool:
        """Whether :meth:`result` would return at once."""
        return self.future is None or self.future.done()

    def result(self) -> T:
        """What the function returned; run here if the process failed."""
        if self._value is None:
            value: T
            try:
                value = self.future.result() if self.future is not None else self.fn(*self.args)
            except (OSError, BrokenProcessPool):
                value = self.fn(*self.args)
            self._value = (value,)
            # Nothing of the job is needed any more: free its arguments.
            self.args, self.future = (), None
        return self._value[0]


class DocumentWorkers:
    """The pool of processes writing the documents; use as a context manager
    (the processes end with it).

    :meth:`start` starts them early (when a plan is coming), :meth:`submit`
    starts them too; with one usable core, or where processes cannot be
    started, :meth:`submit` runs the job in the caller at once."""

    def __init__(self, processes: int | None = None) -> None:
        self.processes = processes or _usable_cores()
        self._pool: ProcessPoolExecutor | None = None
        self._starting: threading.Thread | None = None
        self._failed = False

    @property
    def parallel(self) -> bool:
        """Whether jobs run in other processes."""
        return self._pool is not None

    def start(self) -> None:
        """Start the processes now, so that they are ready when the jobs come."""
        if self._pool is not None or self._failed or self.processes < 2:
            return
        method = _start_method()
        if method is None:
            self._failed = True
            return
        if method == "forkserver":
            prepare()
        self._pool = ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context(method),
            initializer=end_with,
            initargs=(os.getpid(),),
        )
        # Starting a process waits for the server to be ready: not the caller.
        self._starting = threading.Thread(
            target=_start_processes, args=(self._pool, self.processes), daemon=True
        )
        self._starting.start()

    def submit(self, fn: Callable[..., T], *args: Any) -> Job[T]:
        """Run ``fn(*args)`` in a process of the pool."""
        self.start()
        if self._pool is not None:
            try:
                return Job(fn, args, self._pool.submit(fn, *args))
            except (OSError, RuntimeError, BrokenProcessPool):
                self._failed, self._pool = True, None
        job = Job(fn, args, None)
        job.result()
        return job

    def __enter__(self) -> DocumentWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._starting is not None:
            self._starting.join()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def run(job: str, *args: Any) -> Any:
    """Call the function named ``job`` (``module:function``) with ``args``,
    importing its module on first use (a :class:`Shared` argument stands for
    its object)."""
    module, _, name = job.partition(":")
    values = [a.value if isinstance(a, Shared) else a for a in args]
    return getattr(importlib.import_module(module), name)(*values)


class Shared(Generic[T]):
    """An argument common to many jobs (a plan's context): pickled once by
    the caller, unpickled once by each process, however many jobs get it."""

    def __init__(self, value: T) -> None:
        self.value = value
        self.token = uuid.uuid4().hex
        self._data: bytes | None = None

    def __reduce__(self) -> tuple[Callable[[str, bytes], object], tuple[str, bytes]]:
        if self._data is None:
            self._data = pickle.dumps(self.value, protocol=pickle.HIGHEST_PROTOCOL)
        return (_shared_value, (self.token, self._data))


#: The value of the last :class:`Shared` received by this process.
_RECEIVED: dict[str, object] = {}


def _shared_value(token: str, data: bytes) -> object:
    if token not in _RECEIVED:
        _RECEIVED.clear()
        _RECEIVED[token] = pickle.loads(data)
    return _RECEIVED[token]


def end_with(caller: int) -> None:
    """Run by each process as it starts: it ends as soon as ``caller`` does,
    killed included (a pool's processes would otherwise wait for work
    forever, and keep the server they were forked from alive)."""
    threading.Thread(target=_exit_after, args=(caller,), daemon=True).start()


def _exit_after(caller: int) -> None:
    try:
        # Readable once the process has ended (Linux); a process id may be
        # reused, this handle may not.
        handle = os.pidfd_open(caller)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):
        while _alive(caller):
            time.sleep(1)
    else:
        select.select([handle], [], [])
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _start_processes(pool: ProcessPoolExecutor, processes: int) -> None:
    """Start the pool's processes (a job each); should they fail to start,
    the jobs given to the pool then run in the caller."""
    with contextlib.suppress(OSError, RuntimeError, BrokenProcessPool):
        for _ in range(processes):
            pool.submit(_ready)


def _ready() -> None:
    """Nothing: starting the process is the point."""


def _start_method() -> str | None:
    """``forkserver`` where the platform has it, else ``spawn``; none when
    the processes could not import the main script again (a script read
    from standard input)."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if path is not None and not os.path.isfile(path):
        return None
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
