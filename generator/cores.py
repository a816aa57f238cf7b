"""Work spread over every core this process may use (GitHub's runners have four, ours two).

Workers are forked: they share the caller's memory as it is, the archive included, and are sent only
ranges of item numbers, never the items. Small jobs run in this process: a pool costs more to start.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 2_000  # items: fewer are done sooner here than by a pool
_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what the forked workers do


def cores() -> int:
    """The cores this process may use (Linux), else the machine's."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parallel_map(function: Callable[[T], R], items: Sequence[T], smallest: int = PARALLEL_FROM) -> list[R]:
    """[function(item) for item in items], in order, on every core for at least `smallest` items
    (fewer, for items that take long)."""
    global _WORK
    n = cores()
    if n == 1 or len(items) < smallest:
        return [function(item) for item in items]
    _WORK = (function, items)
    gc.freeze()  # the collector would otherwise touch, and so copy, every object the workers share
    try:
        step = -(-len(items) // (n * 4))
        # An executor, not a Pool: a worker killed (out of memory) raises here instead of hanging.
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_run, [(i, min(i + step, len(items))) for i in range(0, len(items), step)]))
    finally:
        _WORK = None
        gc.unfreeze()
    return [result for part in parts for result in part]


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _WORK is not None
    function, items = _WORK
    return [function(item) for item in items[bounds[0]:bounds[1]]]


class Beside(Generic[R]):
    """function() in a forked process of its own while this one goes on: it reads this process's
    memory as it was (the archive), and only its result comes back."""

    def __init__(self, function: Callable[[], R]) -> None:
        context = multiprocessing.get_context("fork")
        self._results, sending = context.Pipe(duplex=False)
        gc.freeze()  # as in parallel_map: the child's collector would copy every object it shares
        try:
            self._process = context.Process(target=_send_result, args=(function, sending), daemon=True)
            self._process.start()
        finally:
            gc.unfreeze()
        sending.close()

    def result(self) -> R:
        """What function returned; what it raised is raised here."""
        try:
            done, value = self._results.recv()
        except EOFError:
            raise ChildProcessError(f"a process ended without its result (exit code {self._process.exitcode})") from None
        finally:
            self._process.join()
        if not done:
            raise value
        return value

    def kill(self) -> None:
        self._process.kill()
        self._process.join()


def _send_result(function: Callable[[], Any], sending: Connection) -> None:
    try:
        sending.send((True, function()))
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        sending.send((False, error))
