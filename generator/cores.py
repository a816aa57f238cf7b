"""Work spread over every core this process may use (GitHub's runners have four, ours two).

Workers are forked: they share the caller's memory as it is, the archive included, and are sent only
ranges of item numbers, never the items. Small jobs run in this process: a pool costs more to start.
This process works too, beside one worker fewer than the cores: a forked worker copies each page of
the shared memory it writes to (even reading an object writes its reference count), so each worker
spared is a copy of what the work touches spared.
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
# What the forked workers do: the function, the items, the ranges of them, and the next range to take
_WORK: tuple[Callable[[Any], Any], Sequence[Any], list[tuple[int, int]], Any] | None = None


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
    context = multiprocessing.get_context("fork")
    step = -(-len(items) // (n * 4))
    ranges = [(i, min(i + step, len(items))) for i in range(0, len(items), step)]
    taken = context.Value("i", 0)  # ranges are taken in turn, by this process and the workers alike
    _WORK = (function, items, ranges, taken)
    parts: dict[int, list[Any]] = {}
    gc.freeze()  # the collector would otherwise touch, and so copy, every object the workers share
    try:
        # An executor, not a Pool: a worker killed (out of memory) raises here instead of hanging.
        with ProcessPoolExecutor(n - 1, mp_context=context) as pool:
            theirs = [pool.submit(_run) for _ in ranges]  # a range each, or none once all are taken
            try:
                while (mine := _run()) is not None:
                    parts[mine[0]] = mine[1]
            finally:
                with taken.get_lock():  # on an error here, the workers take no more
                    taken.value = len(ranges)
            for future in theirs:
                if (part := future.result()) is not None:
                    parts[part[0]] = part[1]
    finally:
        _WORK = None
        gc.unfreeze()
    return [result for i in range(len(ranges)) for result in parts[i]]


def _run() -> tuple[int, list[Any]] | None:
    """The next range not taken, as (its number, function of each of its items); None once all are."""
    assert _WORK is not None
    function, items, ranges, taken = _WORK
    with taken.get_lock():
        i = taken.value
        taken.value += 1
    if i >= len(ranges):
        return None
    start, stop = ranges[i]
    return i, [function(item) for item in items[start:stop]]


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
