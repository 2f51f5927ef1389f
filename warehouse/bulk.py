"""Many versions at once: the set-based write path a run's batch (or a reparse chunk) goes through.

`store_versions` does what `load.store_version` does for one record, for a whole batch, in a
fixed number of statements (one read of the stored versions, one insert per table, one update of
`documents`), inside the caller's transaction. Records of the same document are stored in waves
(the first of each document, then the second, ...), so each is diffed against the one before it.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable, Sequence

import duckdb

from foundation.errors import LoadError
from parsers.record import Announcement
from warehouse import load
from warehouse.load import CurrentVersion, LoadOutcome, VersionOutcome

DiffFn = Callable[[Announcement, Announcement], Iterable[Any]]


@dataclass(frozen=True)
class NewVersion:
    """A parsed record to store, with what the run knows of its capture."""

    record: Announcement
    run_id: int
    body_sha256: str | None
    captured_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    profiles: tuple[str, ...] = ()


@dataclass
class _Stored:
    """A document as stored at the start of a wave."""

    version_count: int
    profiles: list[str]
    status: str
    current: CurrentVersion | None
    record_json: str | None = field(default=None, repr=False)


def archive_bodies(conn: duckdb.DuckDBPyConnection, bodies: Iterable[bytes]) -> list[str]:
    """Archive raw bodies (content-addressed, compressed) in one statement; their sha256s, in order."""
    shas, rows, seen = [], [], set()
    for body in bodies:
        sha = hashlib.sha256(body).hexdigest()
        shas.append(sha)
        if sha not in seen:
            seen.add(sha)
            rows.append({"sha256": sha, "size_bytes": len(body), "compressed": zlib.compress(body, load.COMPRESSION_LEVEL)})
    if rows:
        conn.execute("INSERT INTO raw_bodies BY NAME SELECT unnest($rows, recursive := true) ON CONFLICT DO NOTHING",
                     {"rows": rows})
    return shas


def read_bodies(conn: duckdb.DuckDBPyConnection, shas: Sequence[str]) -> dict[str, bytes]:
    """Raw bodies by sha256, read in one query."""
    if not shas:
        return {}
    rows = conn.execute("SELECT sha256, compressed FROM raw_bodies WHERE sha256 IN (SELECT unnest($shas))",
                        {"shas": list(set(shas))}).fetchall()
    return {sha: zlib.decompress(blob) for sha, blob in rows}


def _stored(conn: duckdb.DuckDBPyConnection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], _Stored]:
    # Two lookups, not a join: DuckDB hashes the few documents and scans every stored version to
    # probe them, so a join cost a batch of new pages ~20 ms at 3,000 versions, and grew with them.
    docs = conn.execute(
        "SELECT content_id, locale, version_count, profiles, status, current_version_id FROM documents"
        " WHERE content_id IN (SELECT unnest($ids))", {"ids": sorted({cid for cid, _ in keys})}).fetchall()
    wanted = set(keys)
    docs = [row for row in docs if (row[0], row[1]) in wanted]
    current_ids = [row[5] for row in docs if row[5] is not None]
    versions = {vid: (chash, record) for vid, chash, record in conn.execute(
        "SELECT version_id, content_hash, record FROM document_versions WHERE version_id IN (SELECT unnest($ids))",
        {"ids": current_ids}).fetchall()} if current_ids else {}
    out = {}
    for cid, locale, count, profiles, status, vid in docs:
        chash, record = versions.get(vid, (None, None))
        current = CurrentVersion(vid, chash, None) if vid in versions else None  # record read when diffed
        out[(cid, locale)] = _Stored(count, list(profiles or []), status, current, record)
    return out


def _waves(items: Sequence[NewVersion]) -> list[list[tuple[int, NewVersion]]]:
    waves: list[list[tuple[int, NewVersion]]] = []
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        key = (item.record.content_id, item.record.locale or "en")
        wave = seen.get(key, 0)
        seen[key] = wave + 1
        if wave == len(waves):
            waves.append([])
        waves[wave].append((index, item))
    return waves


def store_versions(conn: duckdb.DuckDBPyConnection, items: Sequence[NewVersion], *,
                   diff: DiffFn) -> list[LoadOutcome]:
    """Store every record and the differ's changes against the stored version, in the caller's transaction.

    Same result as `load.store_version` record by record; LoadError for a record without identity.
    """
    for item in items:
        if not item.record.content_id or not item.record.base_path:
            raise LoadError("record has no content_id or base_path", base_path=item.record.base_path,
                            url=item.record.url)
    outcomes: list[LoadOutcome | None] = [None] * len(items)
    for wave in _waves(items):
        for index, outcome in zip([i for i, _ in wave], _store_wave(conn, [item for _, item in wave], diff=diff)):
            outcomes[index] = outcome
    return outcomes  # type: ignore[return-value]


def _store_wave(conn: duckdb.DuckDBPyConnection, items: Sequence[NewVersion], *, diff: DiffFn) -> list[LoadOutcome]:
    keys = [(it.record.content_id, it.record.locale or "en") for it in items]
    stored = _stored(conn, keys)
    # Each record's stored JSON and hash in one pass (once the dearest step of a load).
    stored_forms = [it.record.stored_form() for it in items]
    hashes = [h for _, h in stored_forms]
    paths = {(cid, loc, it.record.base_path): it.captured_at for (cid, loc), it in zip(keys, items)}
    conn.execute(
        "INSERT INTO document_paths BY NAME SELECT unnest($rows, recursive := true)"
        " ON CONFLICT DO UPDATE SET last_seen_at = excluded.last_seen_at",
        {"rows": [{"content_id": c, "locale": l, "base_path": p, "first_seen_at": at, "last_seen_at": at}
                  for (c, l, p), at in paths.items()]})

    unchanged, new_docs, doc_updates, versions, closed, change_rows = [], [], [], [], [], []
    children: dict[str, list[dict[str, Any]]] = {"quotes": [], "sections": [], "commitments": [], "figures": []}
    fresh = [i for i, key in enumerate(keys) if not (stored.get(key) and stored[key].current
                                                       and stored[key].current.content_hash == hashes[i])]
    ids = iter(r[0] for r in conn.execute("SELECT nextval('version_id_seq') FROM range(?)", [len(fresh)]).fetchall())
    outcomes: list[LoadOutcome] = []
    for i, (item, key) in enumerate(zip(items, keys)):
        record, doc = item.record, stored.get(key)
        cid, locale, path = key[0], key[1], record.base_path
        profiles = sorted(set(doc.profiles if doc else []) | set(item.profiles))
        previous = doc.current if doc else None
        if previous and previous.content_hash == hashes[i]:
            if doc.status == "vanished":
                load.restore_if_vanished(conn, cid, locale, run_id=item.run_id, at=item.captured_at,
                                         status=record.status)
            unchanged.append({"content_id": cid, "locale": locale, "at": item.captured_at, "etag": item.etag,
                              "last_modified": item.last_modified, "profiles": profiles, "base_path": path})
            outcomes.append(LoadOutcome(cid, path, VersionOutcome.UNCHANGED, previous.version_id))
            continue
        version_id = next(ids)
        number = (doc.version_count if doc else 0) + 1
        versions.append({
            "version_id": version_id, "content_id": cid, "locale": locale, "version_number": number,
            "content_hash": hashes[i], "base_path": path, "title": record.title, "status": record.status,
            "public_updated_at": record.public_updated_at, "updated_at": record.updated_at,
            "change_note": record.latest_change_note, "captured_at": item.captured_at, "valid_from": item.captured_at,
            "body_sha256": item.body_sha256, "parser_version": load.PARSER_VERSION,
            "record": stored_forms[i][0],
            "run_id": item.run_id})
        for table, rows in load.version_rows(version_id, record).items():
            children[table].extend(rows)
        changes: list[Any] = []
        if previous:
            old = Announcement.from_dict(json.loads(doc.record_json))
            changes = list(diff(old, record))
            closed.append({"version_id": previous.version_id, "valid_to": item.captured_at})
            change_rows.extend(load.change_row(ch, run_id=item.run_id, content_id=cid, locale=locale, base_path=path,
                                               old_version_id=previous.version_id, new_version_id=version_id,
                                               at=item.captured_at) for ch in changes)
        unpublished = record.status in ("gone", "redirect")
        row = {"content_id": cid, "locale": locale, "base_path": path, "title": record.title,
               "document_type": None if unpublished else record.document_type, "status": record.status,
               "first_published_at": record.first_published_at, "public_updated_at": record.public_updated_at,
               "current_version_id": version_id, "version_count": number, "last_checked_at": item.captured_at,
               "last_changed_at": item.captured_at, "etag": item.etag, "last_modified": item.last_modified,
               "profiles": profiles}
        (doc_updates if doc else new_docs).append(row if doc else row | {"first_seen_at": item.captured_at})
        flagged = sum(1 for ch in changes if ch.significance != "cosmetic")
        outcomes.append(LoadOutcome(cid, path, VersionOutcome.NEW_VERSION if previous else VersionOutcome.NEW_DOCUMENT,
                                    version_id, len(changes), flagged))

    load.insert_rows(conn, "document_versions", versions)
    for table, rows in children.items():
        load.insert_rows(conn, table, rows)
    if closed:
        conn.execute("UPDATE document_versions SET valid_to = c.valid_to FROM (SELECT unnest($rows, recursive := true))"
                     " AS c WHERE document_versions.version_id = c.version_id", {"rows": closed})
    load.insert_rows(conn, "changes", change_rows)
    load.insert_rows(conn, "documents", new_docs)
    if doc_updates:
        # A gone or redirect item carries no title or dates: keep the ones the page had.
        conn.execute(
            "UPDATE documents SET base_path = u.base_path, title = coalesce(u.title, documents.title),"
            " document_type = coalesce(u.document_type, documents.document_type), status = u.status,"
            " first_published_at = coalesce(u.first_published_at::TIMESTAMPTZ, documents.first_published_at),"
            " public_updated_at = coalesce(u.public_updated_at::TIMESTAMPTZ, documents.public_updated_at),"
            " current_version_id = u.current_version_id, version_count = u.version_count,"
            " last_checked_at = u.last_checked_at, last_changed_at = u.last_changed_at, etag = u.etag,"
            " last_modified = u.last_modified, profiles = u.profiles"
            " FROM (SELECT unnest($rows, recursive := true)) AS u"
            " WHERE documents.content_id = u.content_id AND documents.locale = u.locale", {"rows": doc_updates})
    if unchanged:
        conn.execute(
            "UPDATE documents SET last_checked_at = u.at, etag = coalesce(u.etag, documents.etag),"
            " last_modified = coalesce(u.last_modified, documents.last_modified), profiles = u.profiles,"
            " base_path = u.base_path FROM (SELECT unnest($rows, recursive := true)) AS u"
            " WHERE documents.content_id = u.content_id AND documents.locale = u.locale", {"rows": unchanged})
    return outcomes


def mark_checked_many(conn: duckdb.DuckDBPyConnection, checks: Sequence[tuple[str, datetime]], *, run_id: int) -> None:
    """304s: the last-checked time of each (content_id, at) moves in one statement; vanished pages come back."""
    latest: dict[str, datetime] = {}
    for cid, at in checks:  # one row per document: an UPDATE ... FROM may not touch a row twice
        latest[cid] = max(at, latest.get(cid, at))
    if not latest:
        return
    ids = sorted(latest)
    vanished = {cid for (cid,) in conn.execute(
        "SELECT content_id FROM documents WHERE locale = 'en' AND status = 'vanished'"
        " AND content_id IN (SELECT unnest($ids))", {"ids": ids}).fetchall()}
    for cid in sorted(vanished):
        load.restore_if_vanished(conn, cid, "en", run_id=run_id, at=latest[cid])
    conn.execute("UPDATE documents SET last_checked_at = c.at FROM (SELECT unnest($rows, recursive := true)) AS c"
                 " WHERE documents.content_id = c.content_id AND documents.locale = 'en'",
                 {"rows": [{"content_id": cid, "at": at} for cid, at in latest.items()]})
