"""Small values a warehouse keeps between runs, under one key scheme: `<kind>:<base_url>:<name>`.

Kinds: a profile's high-water mark, its backfill frontier and last withdrawn sweep, a taxon's content_id.
Keys carry the base URL, so a replay and live GOV.UK never share a mark in one warehouse.
"""

from __future__ import annotations

from enum import StrEnum

import duckdb

from warehouse.load import utcnow


class StateKind(StrEnum):
    HIGH_WATER_MARK = "high-water-mark"  # newest public_timestamp a profile has seen
    BACKFILL_FRONTIER = "backfill-frontier"  # oldest publication time down to which a profile is complete
    TAXON = "taxon"  # a taxon base_path's content_id
    WITHDRAWN_SWEEP = "withdrawn-sweep"  # when a profile's withdrawn pages were last asked for


def state_key(kind: StateKind, base_url: str, name: str) -> str:
    """The one key builder: `high-water-mark:https://www.gov.uk:dfe-send-taxon`."""
    return f"{kind}:{base_url}:{name}"


def get_state(conn: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """A small cached value (a high-water mark, a taxon id, a backfill frontier), or None."""
    row = conn.execute("SELECT value FROM state WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_state(conn: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO state VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value,"
        " updated_at = excluded.updated_at", [key, value, utcnow()],
    )


DEMO_MARK = "send-monitor-demo"  # present only in a warehouse the demo made (so only those are overwritten)


def mark_as_demo(conn: duckdb.DuckDBPyConnection) -> None:
    set_state(conn, DEMO_MARK, "true")


def is_demo(path: str) -> bool:
    """Whether the DuckDB file at `path` is one the demo made (False if it cannot be read as one)."""
    try:
        with duckdb.connect(str(path), read_only=True) as conn:
            return get_state(conn, DEMO_MARK) is not None
    except duckdb.Error:
        return False
