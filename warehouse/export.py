"""Parquet snapshots of the warehouse views, so notebooks read the latest state without the DuckDB lock.

Each file is written under a temporary name and renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
from pathlib import Path

from warehouse.store import connect

# What we export: the views people query plus the documents table. Fixed names, never user input.
EXPORTS = (
    "current_commitments",
    "commitment_history",
    "flagged_changes",
    "silent_changes",
    "programme_money_over_time",
    "run_summary",
    "documents",
)


def sql_string(value: str) -> str:
    """A SQL string literal: single quotes doubled, so any path is safe inside COPY ... TO '...'."""
    if "\x00" in value:
        raise ValueError("a NUL character cannot appear in a file path")
    return "'" + value.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """A quoted SQL identifier (double quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def default_export_dir(db_path: str | Path) -> Path:
    """Where exports live: `exports/<warehouse name>/` next to the DuckDB file.

    One folder per warehouse, so the demo's exports never overwrite the live ones.
    """
    path = Path(db_path).resolve()
    return path.parent / "exports" / path.stem


def export_views(db_path: str | Path, out_dir: str | Path | None = None,
                 names: tuple[str, ...] = EXPORTS) -> list[Path]:
    """Write each view (and `documents`) to `<out_dir>/<name>.parquet` atomically; return the paths."""
    out = Path(out_dir).resolve() if out_dir else default_export_dir(db_path)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with connect(db_path, read_only=True) as conn:
        for name in names:
            final = out / f"{name}.parquet"
            temp = out / f".{name}.parquet.{os.getpid()}.tmp"
            try:
                conn.execute(
                    f"COPY (SELECT * FROM {sql_identifier(name)}) TO {sql_string(str(temp))} (FORMAT parquet)"
                )
                os.replace(temp, final)
            finally:
                temp.unlink(missing_ok=True)
            written.append(final)
    return written
