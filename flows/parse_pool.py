"""Parsing a big batch on every core, while the run's own process fetches and loads.

Parsing is pure CPU (5–7 ms a page here) and a run's process also has fetching and loading to do,
so large runs (first runs, backfills, reparse) hand it to worker processes. Small batches parse
in-process: starting workers costs more than they would save.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Sequence, TypeVar

from warehouse import ingest

MIN_PARALLEL = 40  # pages in a batch below which parsing stays in-process
T = TypeVar("T")
R = TypeVar("R")


def _parse_one(pair: tuple[Any, Any]) -> ingest.Parsed | None:
    return ingest.parse_result(*pair)


class ParsePool:
    """A lazily started pool of parser processes (spawned: the run's process has threads); close() ends it."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, func: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """func over items, on the workers when there are enough items to be worth it (func must be picklable)."""
        if self.workers < 2 or len(items) < MIN_PARALLEL:
            return [func(item) for item in items]
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        try:
            return list(self._pool.map(func, items, chunksize=max(1, len(items) // (self.workers * 4))))
        except BrokenProcessPool:  # a worker died (killed, out of memory): this batch parses here instead
            self.close()
            self.workers = 1
            return [func(item) for item in items]

    def parse(self, fetched: Sequence[tuple[Any, Any]]) -> list[ingest.Parsed | None]:
        """`ingest.parse_result` for each (PlannedFetch, result) pair, in order."""
        return self.map(_parse_one, fetched)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "ParsePool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
