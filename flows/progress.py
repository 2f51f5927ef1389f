"""Progress of a long run (a backfill): a Prefect progress artifact, and any listener the CLI adds."""

from __future__ import annotations

import contextlib
from typing import Callable, Iterator

from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.context import FlowRunContext

Listener = Callable[[int, int], None]
_LISTENERS: list[Listener] = []


@contextlib.contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Call `listener(done, total)` whenever a run in this process reports progress."""
    _LISTENERS.append(listener)
    try:
        yield
    finally:
        _LISTENERS.remove(listener)


class Progress:
    """Pages done out of a total, shown in the Prefect UI (inside a flow run) and to listeners."""

    def __init__(self, total: int, description: str) -> None:
        self.total = total
        self.description = description
        self._artifact = None
        if total and FlowRunContext.get() is not None:
            self._artifact = create_progress_artifact(0.0, key="backfill-progress", description=description)
        self.advance(0)

    def advance(self, done: int) -> None:
        if self._artifact is not None:
            update_progress_artifact(self._artifact, 100.0 * done / self.total)
        for listener in list(_LISTENERS):
            listener(done, self.total)
