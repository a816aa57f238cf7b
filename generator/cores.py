"""Work spread over every core this process may use (GitHub's runners have four, ours two).

Workers are forked: they share the caller's memory as it is, the archive included, and are sent only
ranges of item numbers, never the items. Small jobs run in this process: a pool costs more to start.
A job of its own can run beside the caller's (`beside`), in a forked process likewise.
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import Connection
from typing import Any, TypeVar

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


@contextlib.contextmanager
def beside(function: Callable[..., R], *args: Any) -> Iterator[Callable[[], R]]:
    """function(*args), run in a forked process while the `with` block runs: the block calls what
    this yields for the result (waiting for it, and raising what the function raised). Ending the
    block without asking kills the process. On one core, the function runs when asked, here."""
    if cores() == 1:
        yield lambda: function(*args)
        return
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    gc.freeze()  # as in parallel_map: the collector would otherwise copy every object they share
    try:
        process = fork.Process(target=_send, args=(receiving, sending, function, args), daemon=True)
        process.start()
    finally:
        gc.unfreeze()
    sending.close()

    def result() -> R:
        try:
            done, value = receiving.recv()
        except EOFError:  # it died without a word: killed, out of memory
            process.join()
            raise ChildProcessError(f"the process running {function.__name__} beside this one ended with exit "
                                    f"status {process.exitcode}, without a result") from None
        process.join()
        if not done:
            raise value
        return value

    try:
        yield result
    finally:
        if process.is_alive():
            process.kill()
            process.join()
        receiving.close()


def _send(receiving: Connection, sending: Connection, function: Callable[..., Any], args: tuple) -> None:
    receiving.close()  # so that, were the caller to die, sending fails rather than waits
    try:
        outcome = (True, function(*args))
    except BaseException as e:
        outcome = (False, e)
    sending.send(outcome)
