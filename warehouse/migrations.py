"""Apply the numbered SQL files in warehouse/schema/ once each, recording what was applied."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"


def migration_files(schema_dir: Path = SCHEMA_DIR) -> list[tuple[int, Path]]:
    """The numbered migrations, in order (file names start with their number: 001_core.sql)."""
    found = []
    for path in sorted(schema_dir.glob("*.sql")):
        number = path.name.split("_", 1)[0]
        if not number.isdigit():
            raise ValueError(f"migration {path.name} must start with a number")
        found.append((int(number), path))
    return found


def migrate(conn: duckdb.DuckDBPyConnection, schema_dir: Path = SCHEMA_DIR) -> list[str]:
    """Apply every pending migration, each in its own transaction; return the names applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for number, path in migration_files(schema_dir):
        if number in done:
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(path.read_text(encoding="utf-8"))
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [number, path.name, datetime.now(timezone.utc)],
            )
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        applied.append(path.name)
    return applied
