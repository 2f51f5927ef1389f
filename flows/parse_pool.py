"""Parsing a big batch on every core, while the run's own process fetches and loads.

Parsing is pure CPU (5–7 ms a page here) and a run's process also has fetching and loading to do,
so large runs (first runs, backfills, reparse) hand it to worker processes. Small batches parse
in-process: starting workers costs more than they would save.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterator, Sequence, TypeVar

from warehouse.parsing import Parsed, parse_result

MIN_PARALLEL = 40  # pages in a batch below which parsing stays in-process, unless the workers are running
GC_THRESHOLD = 10_000  # a worker's first-generation collection threshold (Python's default: 700)
T = TypeVar("T")
R = TypeVar("R")


def _parse_one(pair: tuple[Any, Any]) -> Parsed | None:
    return parse_result(*pair)


def _ready_worker() -> None:
    """Import the parser, then freeze what importing made: the collector no longer rescans it."""
    import parsers.announcement  # noqa: F401 - loaded before the first page, not during it

    # A terminal's Ctrl-C reaches the whole process group: the run's own process decides what it
    # means and ends its workers; one interrupted here printed a traceback, or caught it
    # mid-page and waited for work that would never come.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    # Collection was ~6% of a worker's parsing (bs4 trees are cyclic garbage); with the imports
    # frozen and collections ten times rarer it is half that, for ~1 MB more memory.
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 20, 100)


def _map_chunk(func: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [func(item) for item in chunk]


def _new_executor(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_ready_worker)


def _start_workers(executor: ProcessPoolExecutor, workers: int) -> None:
    for _ in range(workers):  # a spawn-context pool starts a worker per waiting task
        executor.submit(int)


_prestarted: tuple[int, ProcessPoolExecutor] | None = None


@contextmanager
def prestarted(workers: int | None = None) -> Iterator[None]:
    """Start the workers of the block's first ParsePool on entry, so they import the parser while
    this process is still importing Prefect (reparse: its first page ~1 s sooner); workers no pool
    took end on exit."""
    global _prestarted
    workers = workers if workers is not None else default_workers()
    if _prestarted is not None or workers < 1:
        yield
        return
    executor = _new_executor(workers)
    _start_workers(executor, workers)
    _prestarted = (workers, executor)
    try:
        yield
    finally:
        if _prestarted is not None and _prestarted[1] is executor:
            _prestarted = None
            executor.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    """A worker per core, up to four."""
    return min(4, os.cpu_count() or 1)


class ParsePool:
    """A lazily started pool of `workers` parser processes (0: parse in-process); close() ends it.

    Spawned, not forked: the run's process has threads. One per core (up to four): the caller's own
    process loads while they parse but mostly waits for them; with a core left to it, a 3,000-page
    first run on two cores spent 22-24 s of its 51-57 s waiting (47.9-53.1 s with both cores parsing).
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers if workers is not None else default_workers()
        self._pool: ProcessPoolExecutor | None = None

    def start(self, *, pages: int) -> None:
        """Start the workers now if a batch of `pages` would go to them, so their imports overlap
        what comes before its parse (a first run's first fetch) instead of delaying it."""
        if self.workers >= 1 and self._pool is None and pages >= MIN_PARALLEL:
            _start_workers(self._started(), self.workers)

    def submit_parse(self, fetched: Sequence[tuple[Any, Any]]) -> Callable[[], list[Parsed | None]]:
        """Start parsing on the workers and return at once; calling the result waits for the records, in order."""
        return self.submit_map(_parse_one, fetched)

    def submit_map(self, func: Callable[[T], R], items: Sequence[T]) -> Callable[[], list[R]]:
        """Start `func` over items on the workers (func picklable); calling the result waits for them, in order."""
        if self.workers < 1 or (self._pool is None and len(items) < MIN_PARALLEL):
            done = [func(item) for item in items]
            return lambda: done
        size = max(1, -(-len(items) // (self.workers * 2)))
        try:
            pool = self._started()
            chunks = [pool.submit(_map_chunk, func, list(items[i:i + size])) for i in range(0, len(items), size)]
        except BrokenProcessPool:
            return self._here(func, items)

        def result() -> list[R]:
            try:
                return [out for chunk in chunks for out in chunk.result()]
            except BrokenProcessPool:  # a worker died (killed, out of memory): this batch runs here instead
                return self._here(func, items)()

        return result

    def _here(self, func: Callable[[T], R], items: Sequence[T]) -> Callable[[], list[R]]:
        self.close()
        self.workers = 0
        done = [func(item) for item in items]
        return lambda: done

    def _started(self) -> ProcessPoolExecutor:
        global _prestarted
        if self._pool is None and _prestarted is not None and _prestarted[0] == self.workers:
            self._pool, _prestarted = _prestarted[1], None
        if self._pool is None:
            self._pool = _new_executor(self.workers)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "ParsePool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
