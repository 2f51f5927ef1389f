"""Opening the DuckDB warehouse: short-lived connections, and a clear message when it is locked.

DuckDB lets one process hold a database file at a time (readers included), so flows open the
file only while they write and readers retry briefly before saying a run is writing.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from send_monitor.errors import WarehouseBusyError
from warehouse.migrations import migrate

_migrated: set[str] = set()


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set lock" in text)


@contextmanager
def connect(
    path: str | Path, *, read_only: bool = False, wait_seconds: float = 10.0, poll: float = 0.25,
    sandboxed: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating and migrating it for writers), retrying while another process holds it."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseBusyError(f"no warehouse at {path}: run `send-monitor demo` or `send-monitor run` first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            # Sandboxed connections (people's ad-hoc SQL) cannot read or write other files:
            # read_only alone still allows COPY ... TO and read_text().
            config = {"enable_external_access": False} if sandboxed else {}
            conn = duckdb.connect(str(path), read_only=read_only, config=config)
            break
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusyError(
                    f"the warehouse {path} is in use by another process (a send-monitor run is "
                    f"writing); waited {wait_seconds:.0f} s. Try again in a moment, or read the "
                    f"Parquet exports in {path.parent / 'exports' / path.stem}"
                ) from exc
            time.sleep(poll)
    try:
        key = str(path.resolve())
        if not read_only and key not in _migrated:
            migrate(conn)
            _migrated.add(key)
        yield conn
    finally:
        conn.close()
