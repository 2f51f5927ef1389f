"""The offline demo: the recorded GOV.UK snapshot on loopback, two monitor runs, a readable summary."""

from __future__ import annotations

import fcntl
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from foundation.settings import DEMO_DB
from foundation.terminal import printable
from send_monitor.report import render_summary

SNAPSHOT = Path(__file__).resolve().parent.parent / "replay" / "snapshot"

QUERIES = (
    "SELECT kind, significance, silent, summary FROM flagged_changes",
    "SELECT title, actor, modality, firmness, text FROM current_commitments WHERE firmness = 'hedged'",
    "SELECT programme, valid_from, amount_gbp FROM programme_money_over_time",
    "SELECT base_path, status, version_count FROM documents ORDER BY version_count DESC",
)


def run_demo(db: Path, *, config: str | None = None) -> int:
    """Serve round 1, run `monitor`; switch to round 2 (a week later), run again; print what changed."""
    db = db.resolve()
    with only_demo(db):
        return _run_demo(db, config=config)


@contextmanager
def only_demo(db: Path) -> Iterator[None]:
    """One demo per warehouse at a time: a second one waited for the first's run lock, then added its
    rounds to the first's warehouse instead of starting from nothing."""
    from foundation.errors import SendMonitorError

    db.parent.mkdir(parents=True, exist_ok=True)
    with open(db.with_name(db.name + ".demo.lock"), "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SendMonitorError(f"another demo is writing {db}: let it finish, or give this one its own --db") from None
        yield


def _run_demo(db: Path, *, config: str | None) -> int:
    from flows.monitor import launch, monitor
    from replay.server import ReplayServer

    remove_previous_demo(db)
    mark_demo_warehouse(db)  # first, so an interrupted demo can still be replaced next time
    started = time.monotonic()
    print(f"send-monitor demo: recorded GOV.UK snapshot on loopback, warehouse {db}")
    print("Starting Prefect (a temporary local server; the first run takes a few seconds)...\n")
    with ReplayServer(SNAPSHOT, round=1).start() as server:
        common = dict(config=config, db=str(db), base_url=server.base_url, requests_per_second=50.0)
        first = launch(monitor, **common)
        print(printable(render_summary(first, title="Round 1: first run, everything is new")))
        server.set_round(2)
        # Round 2 is "a week later": every known page is due for its re-check, which is how
        # silent edits, withdrawals and removals (which leave search) are caught.
        second = launch(monitor, **common, recheck_after_days=0)
        print()
        print(printable(render_summary(second, title="Round 2: a week later, GOV.UK has changed")))
    print(f"\nDone in {time.monotonic() - started:.0f} s. Ask the warehouse yourself, for example:\n")
    for query in QUERIES:
        print(f'  .venv/bin/send-monitor sql --db {_short(db)} "{query}"')
    print(f"\n  .venv/bin/send-monitor changes --db {_short(db)}")
    return 0


def mark_demo_warehouse(db: Path) -> None:
    from warehouse.state import mark_as_demo
    from warehouse.store import connect

    with connect(db) as conn:
        mark_as_demo(conn)


def remove_previous_demo(db: Path) -> None:
    """Start from nothing, but only ever delete a warehouse the demo itself made."""
    if not db.exists():
        return

    if db == DEMO_DB.resolve():  # the demo's own file, whatever made it
        _unlink(db)
        return
    from foundation.errors import SendMonitorError
    from warehouse.state import is_demo

    if not is_demo(str(db)):
        raise SendMonitorError(f"{db} is not a demo warehouse; the demo will not overwrite it. Choose another --db.")
    _unlink(db)


def _unlink(db: Path) -> None:
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
