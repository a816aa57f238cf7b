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
