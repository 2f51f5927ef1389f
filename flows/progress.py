"""Progress of a long run (a first run, a backfill, a reparse): a Prefect progress artifact, a log line with
an estimate of the time left, and any listener the CLI adds (its progress bar)."""

from __future__ import annotations

import contextlib
import time
from typing import Callable, Iterator

from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.context import FlowRunContext
from prefect.logging import get_run_logger

from foundation.terminal import describe_progress

Listener = Callable[[int, int], None]
_LISTENERS: list[Listener] = []
LOG_EVERY_SECONDS = 10.0  # a log line at most this often: the UI's log stays readable on a long run


@contextlib.contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Call `listener(done, total)` whenever a run in this process reports progress."""
    _LISTENERS.append(listener)
    try:
        yield
    finally:
        _LISTENERS.remove(listener)


class Progress:
    """Items done out of a total, shown in the Prefect UI (inside a flow run), in its log, and to listeners."""

    def __init__(self, total: int, description: str, *, key: str = "backfill-progress") -> None:
        self.total = total
        self.description = description
        self._artifact = None
        self._started = time.monotonic()
        self._logged = float("-inf")
        self._in_flow = FlowRunContext.get() is not None
        if total and self._in_flow:
            self._artifact = create_progress_artifact(0.0, key=key, description=description)
        self.advance(0)

    def advance(self, done: int) -> None:
        if self._artifact is not None:
            update_progress_artifact(self._artifact, 100.0 * done / self.total)
        now = time.monotonic()
        if self._in_flow and done and (done >= self.total or now - self._logged >= LOG_EVERY_SECONDS):
            self._logged = now
            get_run_logger().info("%s: %s", self.description, describe_progress(done, self.total, now - self._started))
        for listener in list(_LISTENERS):
            listener(done, self.total)
