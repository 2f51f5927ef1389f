"""Rebuild history from the raw-response archive: every version, record and change, with today's parser.

What the `reparse` flow does, as plain functions over a DuckDB connection. Nothing is fetched, so
improving the parser or the differ improves all of history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable, Sequence

import duckdb

from foundation.errors import SendMonitorError
from parsers.record import Announcement
from warehouse import bulk, ingest, load
from warehouse.parsing import parse_capture

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


@dataclass(frozen=True)
class ArchivedFetch:
    """A fetch whose body is archived, and the document it belongs to (read from the body itself)."""

    base_path: str
    url: str | None
    body_sha256: str
    fetched_at: datetime


def archived_documents(conn: duckdb.DuckDBPyConnection, *, scan_batch: int = 500,
                       ) -> dict[tuple[str, str], list[ArchivedFetch]]:
    """Every archived fetch, grouped by (content_id, locale) in capture order, without parsing the bodies.

    A body names its own content_id (a 410's may not: then the path's); bodies are read a batch at
    a time, so memory holds only the grouping.
    """
    paths = dict(conn.execute("SELECT base_path, content_id FROM document_paths").fetchall())
    rows = conn.execute(
        "SELECT f.base_path, f.url, f.body_sha256, f.fetched_at FROM fetches f"
        " WHERE f.outcome IN ('ok', 'gone') AND f.body_sha256 IS NOT NULL ORDER BY f.fetched_at, f.fetch_id"
    ).fetchall()
    identity: dict[str, tuple[str | None, str]] = {}
    shas = sorted({r[2] for r in rows})
    for start in range(0, len(shas), scan_batch):
        for sha, body in bulk.read_bodies(conn, shas[start:start + scan_batch]).items():
            try:
                item = json.loads(body)
            except ValueError:
                item = None
            item = item if isinstance(item, dict) else {}
            identity[sha] = (item.get("content_id") or None, item.get("locale") or "en")
    grouped: dict[tuple[str, str], list[ArchivedFetch]] = {}
    for base_path, url, sha, fetched_at in rows:
        cid, locale = identity.get(sha, (None, "en"))
        cid = cid or paths.get(base_path) or f"unknown:{base_path}"  # parsed anyway, to record why it fails
        grouped.setdefault((cid, locale), []).append(ArchivedFetch(base_path, url, sha, fetched_at))
    return grouped


def _documents(conn: duckdb.DuckDBPyConnection, cids: list[str]) -> dict[tuple[str, str], dict]:
    cur = conn.execute("SELECT content_id, locale, status, profiles, first_seen_at, last_checked_at, etag,"
                       " last_modified FROM documents WHERE content_id IN (SELECT unnest($ids))", {"ids": cids})
    names = [d[0] for d in cur.description]
    return {(r[0], r[1]): dict(zip(names, r)) for r in cur.fetchall()}


StartParse = Callable[[Sequence[tuple[bytes, str | None, str]]], Callable[[], list["Announcement | str"]]]


def _start_serially(captures: Sequence[tuple[bytes, str | None, str]]) -> Callable[[], list[Announcement | str]]:
    done = [parse_capture(body, url=url, base_path=path) for body, url, path in captures]
    return lambda: done


def rebuild_history(conn: duckdb.DuckDBPyConnection, run_id: int, *, start_parse: StartParse = _start_serially,
                    chunk: int = 200,
                    progress: Callable[[int, int], None] | None = None) -> RebuildCounts:
    """Rebuild every document from its archived bodies, `chunk` documents per transaction.

    `start_parse` starts parsing (body, url, base_path) triples and returns a wait for the records
    (serially by default; a process pool's `submit_map`), so chunk n+1 parses while chunk n loads. A chunk that
    cannot load as a whole is rebuilt document by document; a document that fails keeps its old history.
    """
    counts = RebuildCounts()
    grouped = archived_documents(conn)
    keys = list(grouped)
    parts = [keys[i:i + chunk] for i in range(0, len(keys), chunk)]

    def begin(part: list[tuple[str, str]]) -> tuple[list, Callable[[], list]]:
        fetches = [(key, f) for key in part for f in grouped[key]]
        # A body fetched again unchanged (a re-check GOV.UK answered 200, not 304) is parsed once.
        distinct = list(dict.fromkeys((f.body_sha256, f.url, f.base_path) for _, f in fetches))
        bodies = bulk.read_bodies(conn, [sha for sha, _, _ in distinct])
        waiting = start_parse([(bodies[sha], url, path) for sha, url, path in distinct])

        def records() -> list:
            parsed = dict(zip(distinct, waiting()))
            return [parsed[(f.body_sha256, f.url, f.base_path)] for _, f in fetches]

        return fetches, records

    ahead = begin(parts[0]) if parts else None
    done = 0
    for number, part in enumerate(parts):
        fetches, waiting = ahead
        ahead = begin(parts[number + 1]) if number + 1 < len(parts) else None
        _load_part(conn, run_id, part, fetches, waiting(), counts)
        done += len(part)
        if progress is not None:
            progress(done, len(keys))
    return counts


def _load_part(conn: duckdb.DuckDBPyConnection, run_id: int, part: list[tuple[str, str]], fetches: list,
               parsed: list, counts: RebuildCounts) -> None:
    captures: dict[tuple[str, str], list[Capture]] = {key: [] for key in part}
    for (key, fetch), record in zip(fetches, parsed):
        if isinstance(record, str):
            load.record_error(conn, run_id, "parse", message=record, base_path=fetch.base_path, url=fetch.url,
                              body_sha256=fetch.body_sha256)
            counts.errors += 1
            continue
        fixes = {"content_id": record.content_id or key[0]}
        if not record.base_path:
            fixes["base_path"] = fetch.base_path
        captures[key].append(Capture(replace(record, **fixes), fetch.body_sha256, fetch.fetched_at))
    captures = {key: found for key, found in captures.items() if found and not key[0].startswith("unknown:")}
    try:
        with load.atomic(conn):
            _rebuild_chunk(conn, run_id, captures, counts)
    except (duckdb.Error, SendMonitorError, ValueError, TypeError):
        for (cid, locale), found in captures.items():
            _rebuild_one(conn, run_id, cid=cid, locale=locale, captures=found, counts=counts)


def _rebuild_chunk(conn: duckdb.DuckDBPyConnection, run_id: int, captures: dict[tuple[str, str], list[Capture]],
                   counts: RebuildCounts) -> None:
    """Delete and reload a chunk of documents with set-based statements (in the caller's transaction)."""
    chunk = RebuildCounts()
    cids = sorted({cid for cid, _ in captures})
    docs = _documents(conn, cids)
    ids = {"ids": cids}
    for table in RECORD_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE version_id IN (SELECT version_id FROM document_versions"
                     " WHERE content_id IN (SELECT unnest($ids)))", ids)
    conn.execute("DELETE FROM changes WHERE content_id IN (SELECT unnest($ids)) AND kind <> 'vanished'", ids)
    conn.execute("DELETE FROM document_versions WHERE content_id IN (SELECT unnest($ids))", ids)
    conn.execute("DELETE FROM documents WHERE content_id IN (SELECT unnest($ids))", ids)
    items = [bulk.NewVersion(c.record, run_id, c.body_sha256, c.fetched_at,
                             profiles=tuple((docs.get(key) or {}).get("profiles") or ()))
             for key, found in captures.items() for c in found]
    for outcome in bulk.store_versions(conn, items, diff=ingest.diff_announcements):
        chunk.versions += outcome.outcome != load.VersionOutcome.UNCHANGED
        chunk.changes += outcome.changes
        chunk.flagged_changes += outcome.flagged
    kept = [{"content_id": cid, "locale": locale, "first_seen_at": doc["first_seen_at"],
             "last_checked_at": doc["last_checked_at"], "etag": doc["etag"], "last_modified": doc["last_modified"],
             "vanished": doc["status"] == "vanished"}
            for (cid, locale), doc in docs.items() if (cid, locale) in captures]
    if kept:
        # Keep what the archive cannot tell: when we first saw and last checked the page.
        conn.execute(
            "UPDATE documents SET first_seen_at = k.first_seen_at, last_checked_at = k.last_checked_at,"
            " etag = k.etag, last_modified = k.last_modified,"
            " status = CASE WHEN k.vanished THEN 'vanished' ELSE documents.status END"
            " FROM (SELECT unnest($rows, recursive := true)) AS k"
            " WHERE documents.content_id = k.content_id AND documents.locale = k.locale", {"rows": kept})
    chunk.documents = len(captures)
    for name in ("documents", "versions", "changes", "flagged_changes"):
        setattr(counts, name, getattr(counts, name) + getattr(chunk, name))


def _rebuild_one(conn: duckdb.DuckDBPyConnection, run_id: int, *, cid: str, locale: str, captures: list[Capture],
                 counts: RebuildCounts) -> None:
    try:
        rebuild_document(conn, run_id, cid=cid, locale=locale, captures=captures, counts=counts)
    except Exception as exc:  # noqa: BLE001 - keep the old history of this page, rebuild the rest
        path = captures[0].record.base_path
        load.record_error(conn, run_id, "reparse", message=f"{path}: could not rebuild: {exc}", base_path=path,
                          content_id=cid)
        counts.errors += 1
        return
    counts.documents += 1


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
