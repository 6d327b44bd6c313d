"""Spreading per-entry work over the cores (``--jobs``).

Workers are forked, so they start with everything the parent has already built (a
parsed style, a bibliography, a library) and only their results travel back. Where
fork is not available, or the work is small, everything runs in this process: the
results are the same either way, only the time differs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")

#: Below this many units of work a pool costs more than it saves.
MIN_PARALLEL = 1500

# what the forked workers read: set just before the pool starts, cleared after
_work: Callable[[int, int], list] | None = None


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _run_chunk(bounds: tuple[int, int]) -> list:
    assert _work is not None
    return _work(*bounds)


#: Units of work between two progress reports when everything runs in this process.
PROGRESS_STEP = 250


def map_chunks(work: Callable[[int, int], list[T]], total: int, jobs: int | None = None,
               minimum: int = MIN_PARALLEL, progress: Callable[[int, int], None] | None = None) -> list[T]:
    """``work(start, end)`` over ``range(total)`` in contiguous chunks, results in order.

    ``work`` must return one result per index and be deterministic; it runs in forked
    workers when ``jobs`` (default: all cores) is above 1 and ``total`` is at least
    ``minimum``. ``progress(done, total)`` is called in this process as chunks finish.
    """
    global _work
    jobs = default_jobs() if jobs is None or jobs <= 0 else jobs
    if jobs <= 1 or total < max(minimum, 2) or "fork" not in multiprocessing.get_all_start_methods():
        if progress is None:
            return work(0, total)
        results: list[T] = []
        for start in range(0, total, PROGRESS_STEP):
            results += work(start, min(total, start + PROGRESS_STEP))
            progress(len(results), total)
        return results
    # a few chunks per worker even out entries that take longer than others
    count = min(total, jobs * 4) if total >= MIN_PARALLEL else total
    bounds = [(total * i // count, total * (i + 1) // count) for i in range(count)]
    _work = work
    try:
        # Unpickling tens of thousands of results makes the cyclic garbage collector run
        # over and over through everything this process holds, for nothing: results come
        # back as plain trees. It waits until they are all in (a third of the time).
        collecting = gc.isenabled()
        gc.disable()
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            # imap hands each chunk's results over as soon as it is done, so that this
            # process unpickles one chunk while the workers still compute the next
            parts = []
            for part in pool.imap(_run_chunk, bounds):
                parts.append(part)
                if progress is not None:
                    progress(sum(len(p) for p in parts), total)
    finally:
        _work = None
        if collecting:
            gc.enable()
    return [result for part in parts for result in part]


__all__: Sequence[str] = ("map_chunks", "default_jobs", "MIN_PARALLEL")


def map_items(work: Callable[[T], object], items: Sequence[T], jobs: int | None = None) -> Iterator[object]:
    """``work(item)`` for each item, results in order, as they come.

    Items are whole documents (a CV, a bibliography): each is independent, so they go
    to forked workers one at a time when ``jobs`` (0 or None: all cores) is above 1 and
    there are several items. ``work`` must be picklable by reference or a closure the
    fork inherits.
    """
    global _work
    jobs = default_jobs() if jobs is None or jobs <= 0 else jobs
    if jobs <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (work(item) for item in items)
        return
    _work = lambda start, end: [work(items[start])]  # noqa: E731 - read by the forked workers
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(items))) as pool:
            for part in pool.imap(_run_chunk, [(i, i + 1) for i in range(len(items))]):
                yield part[0]
    finally:
        _work = None
