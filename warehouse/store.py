"""Opening the DuckDB warehouse: short-lived connections, and a clear message when it is locked.

DuckDB lets one process hold a database file at a time (readers included), so flows open the
file only while they write and readers retry briefly before saying a run is writing.
"""

from __future__ import annotations

import contextlib
import fcntl
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from foundation.errors import NotAWarehouseError, WarehouseBusyError
from warehouse.migrations import migrate

NO_SCHEMA_HINT = "run `send-monitor run` or `make demo` first"
MEMORY_LIMIT = "128MB"  # per process: DuckDB's buffer cache, not a cap on query results (they spill to disk)

def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set lock" in text)


def _open(path: Path, *, read_only: bool, wait_seconds: float, poll: float,
          sandboxed: bool) -> duckdb.DuckDBPyConnection:
    """A new DuckDB connection (and database instance) on `path`, retrying while another process holds it."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            # Sandboxed connections (people's ad-hoc SQL) cannot read or write other files:
            # read_only alone still allows COPY ... TO and read_text().
            config = {"enable_external_access": False} if sandboxed else {}
            # DuckDB's cache would otherwise grow to most of the machine's memory as the warehouse
            # grows; a run's peak stays bounded, and pages it no longer needs are simply re-read.
            config["memory_limit"] = MEMORY_LIMIT
            return duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise _unopenable(path, exc) from exc
            if time.monotonic() >= deadline:
                raise WarehouseBusyError(
                    f"the warehouse {path} is in use by another process (a send-monitor run writing, "
                    f"or a query or notebook reading it); waited {wait_seconds:.0f} s. Try again in a "
                    f"moment, or read the Parquet exports in {path.parent / 'exports' / path.stem}"
                ) from exc
            time.sleep(poll)


DUCKDB_MAGIC = b"DUCK"  # at byte 8 of every DuckDB database file, after the header's checksum


def check_warehouse_path(path: str | Path) -> None:
    """NotAWarehouseError if `path` is a folder or a file that is not DuckDB (DuckDB refuses an empty one too);
    a path with nothing there yet passes."""
    path = Path(path)
    if path.is_dir():
        raise NotAWarehouseError(f"{path} is a folder, not a DuckDB warehouse file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
    except FileNotFoundError:
        return
    if not head:
        raise NotAWarehouseError(f"{path} is empty, not a DuckDB warehouse file")
    if head[8:12] != DUCKDB_MAGIC:
        raise NotAWarehouseError(f"{path} is not a DuckDB warehouse file")


@contextmanager
def connect(
    path: str | Path, *, read_only: bool = False, wait_seconds: float = 10.0, poll: float = 0.25,
    sandboxed: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating and migrating it for writers), retrying while another process holds it.

    Inside `shared_instance(path)` the connection is a cursor of the run's one open database instance.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseBusyError(f"no warehouse at {path}: run `send-monitor demo` or `send-monitor run` first")
    if path.is_dir():
        raise NotAWarehouseError(f"{path} is a folder, not a DuckDB warehouse file")
    shared = None if sandboxed else _SHARED.get(path.resolve())
    if shared is not None:
        with shared.cursor(wait_seconds=wait_seconds, poll=poll) as cursor:
            yield cursor
        return
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = _open(path, read_only=read_only, wait_seconds=wait_seconds, poll=poll, sandboxed=sandboxed)
    try:
        if not read_only:
            # Every time, not once per path: a file deleted and made again must be migrated again,
            # and with nothing pending this is one small query.
            migrate(conn)
        else:
            _check_schema(conn, path)
        yield conn
    finally:
        conn.close()


class _SharedInstance:
    """A run's open database instance: cursors for its tasks, let go once held `hold_seconds` and idle.

    Opening DuckDB costs ~50 ms of CPU whatever the file's size (each instance builds its catalog of
    functions); a run with nothing new opened it ~20 times, half its CPU. A cursor of an open instance
    costs nothing. Letting go when idle and held long enough keeps readers' waits short, as HeldWriter does.
    """

    def __init__(self, path: Path, hold_seconds: float) -> None:
        self.path, self.hold_seconds = path, hold_seconds
        self._lock = threading.Lock()
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._since = 0.0
        self._users = 0
        self._timer: threading.Timer | None = None

    @contextmanager
    def cursor(self, *, wait_seconds: float, poll: float) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._conn is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = _open(self.path, read_only=False, wait_seconds=wait_seconds, poll=poll, sandboxed=False)
                try:
                    migrate(conn)
                except BaseException:
                    conn.close()
                    raise
                self._conn, self._since = conn, time.monotonic()
            cursor = self._conn.cursor()
            self._users += 1
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    left = self.hold_seconds - (time.monotonic() - self._since)
                    if left <= 0:
                        self._close()
                    else:  # let go once held long enough, unless a task comes back first
                        self._timer = threading.Timer(left, self._close_if_idle)
                        self._timer.daemon = True
                        self._timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._users == 0:
                self._close()

    def _close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()  # checkpoints the WAL and releases the file

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._close()


_SHARED: dict[Path, _SharedInstance] = {}


@contextmanager
def shared_instance(path: str | Path, *, hold_seconds: float = 5.0) -> Iterator[None]:
    """Within the block, this process's connections to `path` share one database instance (see `connect`)."""
    key = Path(path).resolve()
    if key in _SHARED:  # nested: the outer block owns it
        yield
        return
    _SHARED[key] = shared = _SharedInstance(Path(path), hold_seconds)
    try:
        yield
    finally:
        del _SHARED[key]
        shared.close()


class HeldWriter:
    """One writer connection for consecutive batches of a run, let go once it has been held `hold_seconds`.

    Every close checkpoints the WAL into the file, rewriting the tail of each table: per 100-page
    batch that was a third of the load's cost at 3,000 pages. Holding a few seconds spares most of
    it, and readers (who wait 10 s) still get in between holds.
    """

    def __init__(self, path: str | Path, *, hold_seconds: float = 5.0, wait_seconds: float = 120.0) -> None:
        self.path, self.hold_seconds, self.wait_seconds = Path(path), hold_seconds, wait_seconds
        self._held: contextlib.AbstractContextManager | None = None
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._since = 0.0

    @contextmanager
    def batch(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The held connection (opened if need be) for one batch; let go afterwards if held long enough."""
        if self._conn is None:
            self._held = connect(self.path, wait_seconds=self.wait_seconds)
            self._conn = self._held.__enter__()
            self._since = time.monotonic()
        try:
            yield self._conn
        except BaseException:
            self.close()
            raise
        if time.monotonic() - self._since >= self.hold_seconds:
            self.close()

    def close(self) -> None:
        if self._held is not None:
            held, self._held, self._conn = self._held, None, None
            held.__exit__(None, None, None)


def _unopenable(path: Path, exc: Exception) -> NotAWarehouseError:
    text = str(exc).strip()
    if "not a valid DuckDB database file" in text:
        return NotAWarehouseError(f"{path} is not a DuckDB warehouse file")
    return NotAWarehouseError(f"{path} cannot be opened as a warehouse: {text.splitlines()[0] if text else exc!r}")


def _check_schema(conn: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A reader's file must be one a writer made: DuckDB, with send-monitor's migrations applied."""
    tables = {row[0] for row in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "schema_migrations" in tables:
        return
    why = "no tables" if not tables else f"its tables are not send-monitor's: {', '.join(sorted(tables)[:5])}"
    raise NotAWarehouseError(f"{path} is not a send-monitor warehouse ({why}); {NO_SCHEMA_HINT}")


def run_lock_path(path: str | Path) -> Path:
    """The file a run holds for its whole length, so only one run at a time writes a warehouse."""
    path = Path(path)
    return path.with_name(path.name + ".run.lock")


@contextmanager
def run_lock(path: str | Path, *, wait_seconds: float, poll: float = 0.5) -> Iterator[None]:
    """Hold the warehouse's run lock (an flock, released by the kernel if the process dies).

    A second run waits up to `wait_seconds` for the first, then raises WarehouseBusyError, instead
    of discovering and fetching the same pages at the same time.
    """
    lock = run_lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fh = open(lock, "a+")
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusyError(
                        f"another send-monitor run of the warehouse {Path(path)} was still going after "
                        f"{wait_seconds:.0f} s; this run did nothing (raise run_lock_wait_seconds to wait longer)"
                    ) from None
                time.sleep(poll)
        yield
    finally:
        fh.close()  # closing releases the lock
