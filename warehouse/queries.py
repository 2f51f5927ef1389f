"""Reading the warehouse for people: flagged changes and ad-hoc SQL, as tables or JSON."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

import duckdb

from foundation.errors import QueryError
from foundation.terminal import printable
from warehouse.store import connect


def page_note(changes: list[dict[str, Any]], base_path: str) -> str | None:
    """The line under a page's title: its change note, or that GOV.UK sent no alert at all."""
    page = [c for c in changes if c["base_path"] == base_path]
    if page and all(c["silent"] for c in page):
        return "no new change note: GOV.UK sent no email alert for this"
    note = next((c.get("change_note") for c in page if c.get("change_note")), None)
    return f"change note: {note}" if note else None

def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


SQL_TIMEOUT_SECONDS = 60.0  # a reader holds the file lock: a runaway query must not block scheduled runs
READER_WAIT_SECONDS = 10.0  # how long a reader waits for a run to let go of the file before saying so


def run_sql(db: str | Path, query: str, *, wait_seconds: float = READER_WAIT_SECONDS,
            timeout_seconds: float | None = SQL_TIMEOUT_SECONDS) -> tuple[list[str], list[tuple]]:
    """Run one query on a read-only connection, stopped after `timeout_seconds`; returns (column names, rows)."""
    check_one_statement(query)
    with connect(db, read_only=True, wait_seconds=wait_seconds, sandboxed=True) as conn:
        timer = threading.Timer(timeout_seconds, conn.interrupt) if timeout_seconds else None
        if timer:
            timer.daemon = True
            timer.start()
        try:
            cur = conn.execute(query)
            if cur.description is None:
                return [], []
            return [d[0] for d in cur.description], [tuple(_plain(v) for v in row) for row in cur.fetchall()]
        except duckdb.InterruptException:
            raise QueryError(f"query stopped after {timeout_seconds:g} s (raise it with --timeout): "
                             "the warehouse is locked while a query runs, so scheduled runs would wait") from None
        except duckdb.Error as exc:
            # The connection is read-only, so writes fail here too, with DuckDB's own words.
            raise QueryError(f"query failed: {duckdb_message(exc)}") from exc
        finally:
            if timer:
                timer.cancel()


def duckdb_message(exc: Exception) -> str:
    """DuckDB's error on one line: its text and the `LINE n:` excerpt, without the caret line under it."""
    lines = [line.strip() for line in str(exc).splitlines()]
    return " ".join(line for line in lines if line and set(line) != {"^"})


def check_one_statement(query: str) -> None:
    """QueryError unless `query` is exactly one SQL statement (DuckDB would run all and show the last)."""
    try:
        count = len(duckdb.extract_statements(query))
    except duckdb.Error as exc:
        raise QueryError(f"query failed: {duckdb_message(exc)}") from exc
    if count == 0:
        raise QueryError("the query is empty: give one SQL statement, e.g. \"SELECT * FROM runs\"")
    if count > 1:
        raise QueryError(f"the query holds {count} statements; `sql` runs one at a time "
                         "(run each on its own, or join them with UNION ALL)")


@dataclass(frozen=True)
class FailedRun:
    """The latest run, when it failed: which, when, and the first error it recorded."""

    run_id: int
    flow: str
    started_at: str
    cause: str | None

    def note(self, db_option: str = "") -> str:
        """One line for stderr, with the query that shows all of the run's errors."""
        cause = _one_line(self.cause) if self.cause else "no error was recorded (see the Prefect logs)"
        query = f"SELECT * FROM errors WHERE run_id = {self.run_id}"
        return (f"note: the latest run (#{self.run_id} {self.flow}, {self.started_at}) failed: {cause}; "
                f"see `send-monitor sql{db_option} \"{query}\"`")


LATEST_RUN_SQL = (
    "SELECT r.run_id, r.flow, strftime(r.started_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M UTC'), r.status,"
    " (SELECT e.stage || ': ' || e.message FROM errors e WHERE e.run_id = r.run_id"
    "  ORDER BY e.occurred_at LIMIT 1)"
    " FROM runs r ORDER BY r.run_id DESC LIMIT 1"
)


def latest_run_failure(db: str | Path, *, wait_seconds: float = READER_WAIT_SECONDS) -> FailedRun | None:
    """The latest run of the warehouse if it failed, else None."""
    with connect(db, read_only=True, wait_seconds=wait_seconds) as conn:
        row = conn.execute(LATEST_RUN_SQL).fetchone()
    if row is None or row[3] != "failed":
        return None
    return FailedRun(run_id=row[0], flow=row[1], started_at=row[2], cause=row[4])


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(printable(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def list_changes(db: str | Path, *, since: str | None = None, significance: str | None = None,
                 wait_seconds: float = READER_WAIT_SECONDS) -> list[dict[str, Any]]:
    """Flagged changes, newest first, each with its document and version times."""
    where, params = ["true"], []
    if since:
        where.append("detected_at >= CAST(? AS TIMESTAMPTZ)")
        params.append(since)
    if significance:
        where.append("significance = ?")
        params.append(significance)
    columns, rows = run_sql_params(db, (
        "SELECT change_id, base_path, title, document_type, scope, kind, significance, fields, tags, silent,"
        " summary, old, new, details, change_note, old_public_updated_at, new_public_updated_at, detected_at"
        f" FROM flagged_changes WHERE {' AND '.join(where)} ORDER BY detected_at DESC, change_id"), params,
        wait_seconds=wait_seconds)
    out = []
    for row in rows:
        item = dict(zip(columns, row))
        for key in ("old", "new", "details"):
            item[key] = json.loads(item[key]) if item[key] else None
        out.append(item)
    return out


def run_sql_params(db: str | Path, query: str, params: Sequence[Any], *,
                   wait_seconds: float = READER_WAIT_SECONDS) -> tuple[list[str], list[tuple]]:
    with connect(db, read_only=True, wait_seconds=wait_seconds) as conn:
        try:
            cur = conn.execute(query, list(params))
        except duckdb.Error as exc:
            raise QueryError(f"reading {db} failed: {duckdb_message(exc)}") from exc
        return [d[0] for d in cur.description], [tuple(_plain(v) for v in row) for row in cur.fetchall()]


def render_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], *, max_width: int = 60) -> str:
    """A plain-text table, long cells cut to max_width."""
    if not columns:
        return "(no result)"

    def cell(v: Any) -> str:
        text = "NULL" if v is None else printable(str(v))
        text = text.replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
    sep = "  ".join("-" * w for w in widths)
    body = ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in cells]
    return "\n".join([line, sep, *body, f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])


def render_change_list(changes: Sequence[dict[str, Any]]) -> str:
    """Flagged changes grouped by document, for people reading a terminal."""
    if not changes:
        return "No flagged changes."
    lines: list[str] = []
    current = None
    for ch in changes:
        if ch["base_path"] != current:
            current = ch["base_path"]
            lines.append("")
            lines.append(f"{ch['title']}  (https://www.gov.uk{ch['base_path']})")
            note = page_note(changes, current)
            if note:
                lines.append(f"  {note}")
        silent = "  [SILENT: no change note, no email alert]" if ch["silent"] else ""
        lines.append(f"  - {ch['significance'].upper()} {ch['kind']}: {ch['summary']}{silent}")
        old_text = (ch.get("old") or {}).get("text")
        new_text = (ch.get("new") or {}).get("text")
        if old_text and old_text != new_text:
            lines.append(f"      was: {old_text}")
        if new_text and old_text != new_text:
            lines.append(f"      now: {new_text}")
    return printable("\n".join(lines).lstrip("\n"))


def flagged_for_run(conn: duckdb.DuckDBPyConnection, run_id: int) -> list[dict[str, Any]]:
    """One run's flagged changes with their documents (old and new values decoded), for reports and alerts."""
    cur = conn.execute(
        # The profiles that found the page: alert subscriptions filter on them.
        "SELECT f.base_path, f.title, f.kind, f.significance, f.fields, f.tags, f.silent, f.summary, f.old, f.new,"
        " f.change_note, f.new_public_updated_at, coalesce(d.profiles, []) AS profiles FROM flagged_changes f"
        " LEFT JOIN documents d ON d.content_id = f.content_id AND d.locale = 'en'"
        " WHERE f.run_id = ? ORDER BY f.base_path, f.change_id", [run_id],
    )
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    for row in rows:
        for key in ("old", "new"):
            row[key] = json.loads(row[key]) if row[key] else None
        row["new_public_updated_at"] = str(row["new_public_updated_at"]) if row["new_public_updated_at"] else None
    return rows
