"""Alerts a subscription's quiet hours held back: queued by one run, sent as a digest by a later one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

import duckdb


@dataclass(frozen=True)
class QueuedAlert:
    alert_id: int
    subscription: str
    run_id: int | None
    failed: bool
    title: str
    body: str
    queued_at: datetime
    due_at: datetime


def enqueue(conn: duckdb.DuckDBPyConnection, subscription: str, *, run_id: int | None, failed: bool, title: str,
            body: str, queued_at: datetime, due_at: datetime) -> int:
    """Hold one alert for `subscription` until `due_at`; returns its id."""
    row = conn.execute(
        "INSERT INTO alert_queue (subscription, run_id, failed, title, body, queued_at, due_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING alert_id",
        [subscription, run_id, failed, title, body, queued_at, due_at],
    ).fetchone()
    return int(row[0])


def due(conn: duckdb.DuckDBPyConnection, subscription: str, now: datetime) -> list[QueuedAlert]:
    """The subscription's unsent alerts whose quiet hours have ended by `now`, oldest first."""
    rows = conn.execute(
        "SELECT alert_id, subscription, run_id, failed, title, body, queued_at, due_at FROM alert_queue"
        " WHERE subscription = ? AND sent_at IS NULL AND due_at <= ? ORDER BY queued_at, alert_id",
        [subscription, now],
    ).fetchall()
    return [QueuedAlert(*row) for row in rows]


def mark_sent(conn: duckdb.DuckDBPyConnection, alert_ids: Sequence[int], sent_at: datetime) -> None:
    """Record that a delivered digest carried these alerts, so no later run sends them again."""
    if alert_ids:
        conn.execute("UPDATE alert_queue SET sent_at = ? WHERE alert_id IN (SELECT unnest(?))",
                     [sent_at, list(alert_ids)])
