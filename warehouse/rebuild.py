"""Rebuild history from the raw-response archive: every version, record and change, with today's parser.

What the `reparse` flow does, as plain functions over a DuckDB connection. Nothing is fetched, so
improving the parser or the differ improves all of history.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from datetime import datetime

import duckdb

from foundation.errors import SendMonitorError
from parsers import parse_content_item
from parsers.content_item import read_json
from parsers.record import Announcement
from warehouse import ingest, load

RECORD_TABLES = ("quotes", "sections", "commitments", "figures")


@dataclass
class RebuildCounts:
    documents: int = 0
    versions: int = 0
    changes: int = 0
    flagged_changes: int = 0
    errors: int = 0


@dataclass(frozen=True)
class Capture:
    """One archived body of a page, parsed again."""

    record: Announcement
    body_sha256: str
    fetched_at: datetime


def archived_records(conn: duckdb.DuckDBPyConnection, run_id: int) -> tuple[dict[tuple[str, str], list[Capture]], int]:
    """Every archived body parsed again, grouped by (content_id, locale) in capture order; and how many failed."""
    paths = dict(conn.execute("SELECT base_path, content_id FROM document_paths").fetchall())
    rows = conn.execute(
        "SELECT f.base_path, f.url, f.body_sha256, f.fetched_at FROM fetches f"
        " WHERE f.outcome IN ('ok', 'gone') AND f.body_sha256 IS NOT NULL ORDER BY f.fetched_at, f.fetch_id"
    ).fetchall()
    grouped: dict[tuple[str, str], list[Capture]] = {}
    errors = 0
    for base_path, url, sha, fetched_at in rows:
        try:
            item = read_json(load.read_body(conn, sha), url=url, base_path=base_path)
            record = parse_content_item(item, url=url)
        except (ValueError, zlib.error, SendMonitorError) as exc:
            load.record_error(conn, run_id, "parse", message=f"reparse: {exc}", base_path=base_path, url=url,
                              body_sha256=sha)
            errors += 1
            continue
        cid = record.content_id or paths.get(base_path)
        if not cid:
            continue
        fixes = {"content_id": cid}
        if not record.base_path:
            fixes["base_path"] = base_path
        record = replace(record, **fixes)
        grouped.setdefault((cid, record.locale or "en"), []).append(Capture(record, sha, fetched_at))
    return grouped, errors


def _document(conn: duckdb.DuckDBPyConnection, cid: str, locale: str) -> dict | None:
    cur = conn.execute("SELECT status, profiles, first_seen_at, last_checked_at, etag, last_modified FROM documents"
                       " WHERE content_id = ? AND locale = ?", [cid, locale])
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row)) if row else None


def rebuild_document(conn: duckdb.DuckDBPyConnection, run_id: int, *, cid: str, locale: str,
                     captures: list[Capture], counts: RebuildCounts) -> None:
    """Replace one document's versions, records and changes with ones rebuilt from `captures`, in one transaction."""
    doc = _document(conn, cid, locale)
    with load.atomic(conn):
        for table in RECORD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE version_id IN (SELECT version_id FROM"
                         " document_versions WHERE content_id = ? AND locale = ?)", [cid, locale])
        conn.execute("DELETE FROM changes WHERE content_id = ? AND locale = ? AND kind <> 'vanished'", [cid, locale])
        conn.execute("DELETE FROM document_versions WHERE content_id = ? AND locale = ?", [cid, locale])
        conn.execute("DELETE FROM documents WHERE content_id = ? AND locale = ?", [cid, locale])
        profiles = list(doc["profiles"] or []) if doc else []
        for capture in captures:
            outcome = ingest.load_record_in_transaction(conn, capture.record, run_id=run_id,
                                                        body_sha256=capture.body_sha256,
                                                        captured_at=capture.fetched_at, profiles=profiles)
            counts.versions += outcome.outcome != load.VersionOutcome.UNCHANGED
            counts.changes += outcome.changes
            counts.flagged_changes += outcome.flagged
        if doc:
            # Keep what the archive cannot tell: when we first saw and last checked the page.
            conn.execute(
                "UPDATE documents SET first_seen_at = ?, last_checked_at = ?, etag = ?, last_modified = ?,"
                " status = CASE WHEN ? = 'vanished' THEN 'vanished' ELSE status END"
                " WHERE content_id = ? AND locale = ?",
                [doc["first_seen_at"], doc["last_checked_at"], doc["etag"], doc["last_modified"], doc["status"],
                 cid, locale])


def rebuild_history(conn: duckdb.DuckDBPyConnection, run_id: int) -> RebuildCounts:
    """Rebuild every document from its archived bodies; a document that fails keeps its old history."""
    counts = RebuildCounts()
    grouped, counts.errors = archived_records(conn, run_id)
    for (cid, locale), captures in grouped.items():
        try:
            rebuild_document(conn, run_id, cid=cid, locale=locale, captures=captures, counts=counts)
        except Exception as exc:  # noqa: BLE001 - keep the old history of this page, rebuild the rest
            path = captures[0].record.base_path
            load.record_error(conn, run_id, "reparse", message=f"{path}: could not rebuild: {exc}", base_path=path,
                              content_id=cid)
            counts.errors += 1
            continue
        counts.documents += 1
    return counts
