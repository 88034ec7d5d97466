"""Ctrl-C (or a stop request) during a CP-SAT search stops the search at once,
then the command as anywhere else: cleanly, with its French message.

CP-SAT's own handler would catch SIGINT, end the search and swallow the
signal (the process then dies without a word, or goes on).  Every solver is
made by :func:`new_solver`, which leaves the signal to Python, and is
registered while it searches (:func:`searching`); :func:`stop_searches_on_signal`
watches the signals Python receives — through its wake-up file descriptor,
written even while the main thread is inside a search — and stops every
search under way.  Python then raises :class:`KeyboardInterrupt` (or runs the
command's own handler) as soon as the search returns.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

_ACTIVE: set[cp_model.CpSolver] = set()
_LOCK = threading.Lock()
#: A stopping signal arrived (set by the watcher): no search starts or goes
#: on.  Python's own KeyboardInterrupt may be raised inside a solution
#: callback, where OR-Tools swallows it; this flag is not lost that way.
_STOPPED = threading.Event()
#: The signals that stop the searches.
STOPPING = (signal.SIGINT, signal.SIGTERM)


def new_solver() -> cp_model.CpSolver:
    """A CP-SAT solver that leaves Ctrl-C to Python (see the module docstring)."""
    # Imported on use: the command line watches the signals without loading OR-Tools.
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False
    return solver


@contextlib.contextmanager
def searching(solver: cp_model.CpSolver) -> Iterator[None]:
    """``solver`` searches meanwhile: a stopping signal stops it, and the
    command is interrupted when the search returns (or before it starts)."""
    if _STOPPED.is_set():
        raise KeyboardInterrupt
    with _LOCK:
        _ACTIVE.add(solver)
    try:
        yield
    finally:
        with _LOCK:
            _ACTIVE.discard(solver)
    if _STOPPED.is_set():
        raise KeyboardInterrupt


def stop_all() -> None:
    """Stop every search under way."""
    with _LOCK:
        for solver in _ACTIVE:
            solver.stop_search()


@contextlib.contextmanager
def stop_searches_on_signal() -> Iterator[None]:
    """Meanwhile, a stopping signal received by this process stops every
    search under way (main thread only; elsewhere, nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    read, write = os.pipe()
    os.set_blocking(write, False)
    try:
        previous = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    except ValueError:
        os.close(read)
        os.close(write)
        yield
        return
    watcher = threading.Thread(target=_watch, args=(read,), daemon=True)
    _STOPPED.clear()
    watcher.start()
    try:
        yield
    finally:
        _STOPPED.clear()
        signal.set_wakeup_fd(previous)
        os.close(write)  # the watcher reads the end of the pipe and stops
        watcher.join(timeout=5)
        os.close(read)


def _watch(read: int) -> None:
    stopping = {int(s) for s in STOPPING}
    while True:
        select.select([read], [], [])
        try:
            data = os.read(read, 64)
        except OSError:
            return
        if not data:
            return
        if stopping & set(data):
            _STOPPED.set()
            stop_all()
