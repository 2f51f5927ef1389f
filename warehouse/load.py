"""Writing to the warehouse: the raw-body archive, fetch log, versions with their records, changes.

Each document version loads in one transaction with set-based inserts, and a version row is
written only when the record's content hash differs from the current one, so reruns are no-ops.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import zlib
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum
from typing import Any, Iterator, NamedTuple, Sequence

import duckdb
import orjson

from differ.change import ChangeKind
from foundation.errors import LoadError
from parsers.record import Announcement, canonical_json
from warehouse.runs import RunCounts

PARSER_VERSION = "1"
# zlib level 6 keeps GOV.UK's JSON ~11% smaller than level 1 for 0.06 ms more a page (measured on the snapshot).
COMPRESSION_LEVEL = 6


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class VersionOutcome(StrEnum):
    """What loading one parsed record did."""

    NEW_DOCUMENT = "new_document"
    NEW_VERSION = "new_version"
    UNCHANGED = "unchanged"  # same content hash as the stored version: nothing written


@dataclass(frozen=True)
class LoadOutcome:
    """What loading one parsed document did."""

    content_id: str
    base_path: str
    outcome: VersionOutcome
    version_id: int | None
    changes: int = 0
    flagged: int = 0


@contextmanager
def atomic(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction around the block, or the caller's when it already holds one."""
    try:
        conn.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException:  # inside the caller's transaction: it commits or rolls back
        yield
        return
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


JSON_INSERT_MIN_ROWS = 200  # rows from which insert_rows goes through DuckDB's JSON reader
# How the JSON reader reads each column type: JSON and timestamp columns as the text a Python
# value would give them, so DuckDB casts them exactly as it casts a parameter.
_READ_AS = {"JSON": "VARCHAR", "TIMESTAMP WITH TIME ZONE": "VARCHAR"}
_EXACT_IN_JSON = frozenset({"VARCHAR", "VARCHAR[]", "BIGINT", "INTEGER", "DOUBLE", "BOOLEAN", "JSON",
                            "TIMESTAMP WITH TIME ZONE"})


def insert_rows(conn: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Set-based insert of dicts (all with the first row's keys): one list per column, unnested side by side.

    Column lists convert to DuckDB about twice as fast as a list of structs; never executemany. A
    batch of JSON_INSERT_MIN_ROWS or more goes through DuckDB's JSON reader instead, for about half
    the CPU again, unless a value would not survive JSON exactly.
    """
    if not rows:
        return
    names = list(rows[0])
    if len(rows) >= JSON_INSERT_MIN_ROWS and insert_as_json(conn, table, rows):
        return
    columns = {f"c{i}": [row[name] for row in rows] for i, name in enumerate(names)}
    conn.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT "
                 + ", ".join(f"unnest(${key})" for key in columns), columns)


def insert_as_json(conn: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> bool:
    """Insert dicts (all with the first row's keys) through orjson and DuckDB's read_json; False, having
    run nothing, when JSON cannot carry a value exactly (bytes, NaN or infinity, integers beyond 64
    bits, lone surrogates, a column type it would change)."""
    names = list(rows[0])
    types = dict(conn.execute("SELECT column_name, data_type FROM duckdb_columns()"
                              " WHERE table_name = $t AND schema_name = current_schema()", {"t": table}).fetchall())
    if any(types.get(name) not in _EXACT_IN_JSON for name in names):
        return False
    for name in names:
        if types[name] == "DOUBLE" and not all(
                math.isfinite(v) for row in rows if type(v := row[name]) is float):
            return False  # orjson writes NaN and infinities as null
    try:
        data = orjson.dumps(rows, option=orjson.OPT_PASSTHROUGH_DATACLASS)
    except TypeError:  # orjson.JSONEncodeError: bytes, a big integer, a lone surrogate, an unknown type
        return False
    columns = ", ".join(f"'{name}': '{_READ_AS.get(types[name], types[name])}'" for name in names)
    with _written(data) as path:
        if path is None:
            return False  # no temporary folder to write in (or a full one): the column lists need none
        conn.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(names)} FROM read_json($path,"
                     f" format = 'array', columns = {{{columns}}}, maximum_object_size = $size)",
                     {"path": path, "size": max(16 * 2**20, len(data))})
    return True


@contextmanager
def _written(data: bytes) -> Iterator[str | None]:
    """A path DuckDB can read `data` from while the block runs, or None when no file can be written.

    Where the process's open files have paths (/proc/self/fd, Linux) the file is unlinked before it
    is written: a run killed mid-insert leaves nothing in the temporary folder. Elsewhere it is
    named until the block ends."""
    try:
        fd, path = tempfile.mkstemp(prefix="send-monitor-rows-", suffix=".json")
    except OSError:
        yield None
        return
    by_fd = f"/proc/self/fd/{fd}"
    named = not os.path.exists(by_fd)
    out = os.fdopen(fd, "wb")
    try:
        try:
            if not named:
                os.unlink(path)
            out.write(data)
            out.flush()  # before DuckDB reads it, and so a full disk shows here
            readable = path if named else by_fd
        except OSError:
            readable = None
        yield readable
    finally:
        with suppress(OSError):  # a failed write leaves bytes buffered: closing tries them again
            out.close()
        if named:
            with suppress(OSError):
                os.unlink(path)


def archive_body(conn: duckdb.DuckDBPyConnection, body: bytes) -> str:
    """Store a raw body once, content-addressed and compressed; return its sha256."""
    sha = hashlib.sha256(body).hexdigest()
    conn.execute(
        "INSERT INTO raw_bodies VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [sha, len(body), zlib.compress(body, COMPRESSION_LEVEL)],
    )
    return sha


def read_body(conn: duckdb.DuckDBPyConnection, sha256: str) -> bytes:
    """The raw bytes GOV.UK sent, from the archive."""
    row = conn.execute("SELECT compressed FROM raw_bodies WHERE sha256 = ?", [sha256]).fetchone()
    if row is None:
        raise LoadError(f"raw body {sha256} is not in the archive")
    return zlib.decompress(row[0])


def _time(value: str | datetime) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def fetch_row(run_id: int, fetch: dict[str, Any], sha256: str | None) -> dict[str, Any]:
    """The `fetches` row of one response (its body archived as `sha256`)."""
    return {"run_id": run_id, "url": fetch["url"], "base_path": fetch["base_path"], "final_path": fetch.get("final_path"),
            "status_code": fetch["status_code"], "outcome": str(fetch["outcome"]),
            "headers": json.dumps(fetch.get("headers") or {}), "body_sha256": sha256,
            "fetched_at": _time(fetch["fetched_at"]), "elapsed_ms": fetch.get("elapsed_ms")}


def record_fetch(conn: duckdb.DuckDBPyConnection, run_id: int, fetch: dict[str, Any]) -> str | None:
    """Archive a response body (if any) and log the response; return the body's sha256."""
    sha = archive_body(conn, fetch["body"]) if fetch.get("body") is not None else None
    insert_rows(conn, "fetches", [fetch_row(run_id, fetch, sha)])
    return sha


def open_run(conn: duckdb.DuckDBPyConnection, *, flow: str, source: str, base_url: str,
             flow_run_id: str | None, status: str = "running") -> int:
    """A new `runs` row; with the run lock held, rows still `running` are a killed process's: closed as abandoned."""
    now = utcnow()
    with atomic(conn):
        dead = [r for (r,) in conn.execute("SELECT run_id FROM runs WHERE status = 'running'").fetchall()]
        if dead and status == "running":
            conn.execute("UPDATE runs SET status = 'abandoned', finished_at = ? WHERE status = 'running'", [now])
        run_id = conn.execute(
            "INSERT INTO runs (flow, source, base_url, prefect_flow_run_id, started_at, status)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING run_id",
            [flow, source, base_url, flow_run_id, now, status],
        ).fetchone()[0]
        if status == "running":
            for old in dead:
                record_error(conn, run_id, "run", message=f"run {old} stopped before it finished (the process was "
                             "killed or the machine went down); its pages are picked up by this run")
        return run_id


def finish_run(conn: duckdb.DuckDBPyConnection, run_id: int, *, status: str, counts: RunCounts) -> None:
    """Close a run's row with its status and counts (each RunCounts field is a column of `runs`)."""
    values = counts.as_dict()
    conn.execute(
        "UPDATE runs SET finished_at = ?, status = ?, " + ", ".join(f"{k} = ?" for k in values)
        + " WHERE run_id = ?", [utcnow(), status, *values.values(), run_id],
    )


def has_documents(conn: duckdb.DuckDBPyConnection) -> bool:
    return conn.execute("SELECT EXISTS (SELECT 1 FROM documents)").fetchone()[0]


def known_documents(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(content_id, base_path, public_updated_at, last_checked_at, status, etag, last_modified) of every English page."""
    return conn.execute(
        "SELECT content_id, base_path, public_updated_at, last_checked_at, status, etag, last_modified"
        " FROM documents WHERE locale = 'en'"
    ).fetchall()


def record_error(conn: duckdb.DuckDBPyConnection, run_id: int, stage: str, *, message: str,
                 base_path: str | None = None, content_id: str | None = None, url: str | None = None,
                 body_sha256: str | None = None) -> None:
    conn.execute(
        "INSERT INTO errors VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, stage, base_path, content_id, url, message, body_sha256, utcnow()],
    )


def version_rows(version_id: int, record: Announcement) -> dict[str, list[dict[str, Any]]]:
    quotes = [
        {"version_id": version_id, "position": i, "speaker": q.speaker, "role": q.role, "text": q.text,
         "paragraphs": len(q.paragraphs) or 1}
        for i, q in enumerate(record.quotes)
    ]
    sections = [
        {"version_id": version_id, "position": i, "heading": s.heading, "kind": s.kind,
         "items": [it.text for it in s.items]}
        for i, s in enumerate(record.sections)
    ]
    commitments = []
    for i, c in enumerate(record.commitments):
        amounts = [m.amount_gbp for m in c.money if m.amount_gbp is not None]
        commitments.append({
            "version_id": version_id, "position": i, "commitment_key": c.key, "text": c.text,
            "actor": c.actor, "action": c.action, "modality": c.modality, "firmness": c.firmness,
            "status": c.status, "section": c.section, "speaker": c.speaker,
            # The first amount named: summing would add "rise to £11.9bn" to "an increase of £1bn".
            "amount_gbp": float(amounts[0]) if amounts else None,
            "money": canonical_json([m.__dict__ for m in c.money]),
            "quantities": canonical_json([q.__dict__ for q in c.quantities]),
            "dates": canonical_json([d.__dict__ for d in c.dates]),
            "programmes": list(c.programmes),
        })
    figures = [
        {"version_id": version_id, "position": i, "kind": f.kind, "text": f.text,
         "value": None if f.value is None else float(f.value), "unit": f.unit, "sentence": f.sentence,
         "section": f.section}
        for i, f in enumerate(record.figures)
    ]
    return {"quotes": quotes, "sections": sections, "commitments": commitments, "figures": figures}


class CurrentVersion(NamedTuple):
    """A document's current version as stored: what a new record is compared and diffed against."""

    version_id: int
    content_hash: str
    record: Announcement


def current_version(conn: duckdb.DuckDBPyConnection, content_id: str, locale: str = "en") -> CurrentVersion | None:
    """A document's current version, or None."""
    row = conn.execute(
        "SELECT v.version_id, v.content_hash, v.record FROM documents d"
        " JOIN document_versions v ON v.version_id = d.current_version_id"
        " WHERE d.content_id = ? AND d.locale = ?",
        [content_id, locale],
    ).fetchone()
    if row is None:
        return None
    return CurrentVersion(row[0], row[1], Announcement.from_dict(json.loads(row[2])))


def store_version(
    conn: duckdb.DuckDBPyConnection,
    record: Announcement,
    *,
    previous: CurrentVersion | None,
    changes: Sequence[Any],
    run_id: int,
    body_sha256: str | None,
    captured_at: datetime | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    profiles: Sequence[str] = (),
) -> LoadOutcome:
    """Store one parsed version and the differ's `changes` against `previous`, inside the caller's transaction.

    `previous` is `current_version()` read in the same transaction; a record whose hash equals it
    only touches the document's check times.
    """
    if not record.content_id or not record.base_path:
        raise LoadError("record has no content_id or base_path", base_path=record.base_path, url=record.url)
    record_json, content_hash = record.stored_form()
    captured_at = captured_at or utcnow()
    cid, locale, path = record.content_id, record.locale or "en", record.base_path
    cur = conn.execute("SELECT version_count, profiles FROM documents WHERE content_id = ? AND locale = ?", [cid, locale])
    row = cur.fetchone()
    doc = dict(zip([d[0] for d in cur.description], row)) if row else None
    conn.execute(
        "INSERT INTO document_paths VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET last_seen_at = excluded.last_seen_at",
        [cid, locale, path, captured_at, captured_at],
    )
    merged_profiles = sorted(set(doc["profiles"] or []) | set(profiles)) if doc else sorted(set(profiles))
    if previous and previous.content_hash == content_hash:
        restore_if_vanished(conn, cid, locale, run_id=run_id, at=captured_at, status=record.status)
        conn.execute(
            "UPDATE documents SET last_checked_at = ?, etag = coalesce(?, etag),"
            " last_modified = coalesce(?, last_modified), profiles = ?, base_path = ? WHERE content_id = ? AND locale = ?",
            [captured_at, etag, last_modified, merged_profiles, path, cid, locale],
        )
        return LoadOutcome(cid, path, VersionOutcome.UNCHANGED, previous.version_id)

    version_number = (doc["version_count"] if doc else 0) + 1
    version_id = conn.execute(
        "INSERT INTO document_versions (content_id, locale, version_number, content_hash, base_path, title,"
        " status, public_updated_at, updated_at, change_note, captured_at, valid_from, valid_to, body_sha256,"
        " parser_version, record, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)"
        " RETURNING version_id",
        [cid, locale, version_number, content_hash, path, record.title, record.status, record.public_updated_at,
         record.updated_at, record.latest_change_note, captured_at, captured_at, body_sha256, PARSER_VERSION,
         record_json, run_id],
    ).fetchone()[0]
    for table, rows in version_rows(version_id, record).items():
        insert_rows(conn, table, rows)

    changes = list(changes) if previous else []
    if previous:
        conn.execute("UPDATE document_versions SET valid_to = ? WHERE version_id = ?", [captured_at, previous.version_id])
        insert_rows(conn, "changes", [
            change_row(ch, run_id=run_id, content_id=cid, locale=locale, base_path=path,
                        old_version_id=previous.version_id, new_version_id=version_id, at=captured_at)
            for ch in changes
        ])
    unpublished = record.status in ("gone", "redirect")
    values = [path, record.title, None if unpublished else record.document_type, record.status, record.first_published_at,
              record.public_updated_at, version_id, version_number, captured_at, captured_at, etag,
              last_modified, merged_profiles]
    if doc:
        conn.execute(
            # A gone or redirect item carries no title or dates: keep the ones the page had.
            "UPDATE documents SET base_path = ?, title = coalesce(?, title), document_type = coalesce(?, document_type),"
            " status = ?, first_published_at = coalesce(?, first_published_at),"
            " public_updated_at = coalesce(?, public_updated_at), current_version_id = ?, version_count = ?, last_checked_at = ?,"
            " last_changed_at = ?, etag = ?, last_modified = ?, profiles = ? WHERE content_id = ? AND locale = ?",
            values + [cid, locale],
        )
    else:
        conn.execute(
            "INSERT INTO documents (base_path, title, document_type, status, first_published_at, public_updated_at,"
            " current_version_id, version_count, last_checked_at, last_changed_at, etag, last_modified, profiles,"
            " content_id, locale, first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values + [cid, locale, captured_at],
        )
    flagged = sum(1 for ch in changes if ch.significance != "cosmetic")
    return LoadOutcome(cid, path, VersionOutcome.NEW_VERSION if previous else VersionOutcome.NEW_DOCUMENT, version_id,
                       len(changes), flagged)


def change_row(ch: Any, *, run_id: int, content_id: str, locale: str, base_path: str, old_version_id: int | None,
                new_version_id: int | None, at: datetime) -> dict[str, Any]:
    return {
        "run_id": run_id, "content_id": content_id, "locale": locale, "base_path": base_path,
        "old_version_id": old_version_id, "new_version_id": new_version_id, "scope": ch.scope, "kind": ch.kind,
        "significance": ch.significance, "fields": list(ch.fields), "tags": list(ch.tags),
        "silent": bool(ch.silent), "old_key": (ch.old or {}).get("key"), "new_key": (ch.new or {}).get("key"),
        "old": None if ch.old is None else canonical_json(ch.old),
        "new": None if ch.new is None else canonical_json(ch.new),
        "details": canonical_json(ch.details or {}), "summary": ch.summary, "detected_at": at,
    }


def mark_checked(conn: duckdb.DuckDBPyConnection, content_id: str, locale: str, *, at: datetime,
                 run_id: int | None = None) -> None:
    """A 304 or unchanged re-check: only the last-checked time moves (and a vanished page is back)."""
    with atomic(conn):
        if run_id is not None:
            restore_if_vanished(conn, content_id, locale, run_id=run_id, at=at)
        conn.execute("UPDATE documents SET last_checked_at = ? WHERE content_id = ? AND locale = ?",
                     [at, content_id, locale])


def _document_change(conn, *, run_id: int, content_id: str, locale: str, base_path: str, version_id: int | None,
                     kind: str, old: dict, new: dict, summary: str, at: datetime) -> None:
    insert_rows(conn, "changes", [{
        "run_id": run_id, "content_id": content_id, "locale": locale, "base_path": base_path,
        "old_version_id": version_id, "new_version_id": version_id if kind == ChangeKind.REAPPEARED else None,
        "scope": "document", "kind": kind, "significance": "major", "fields": ["status"], "tags": [kind],
        "silent": True, "old_key": None, "new_key": None, "old": canonical_json(old), "new": canonical_json(new),
        "details": "{}", "summary": summary, "detected_at": at,
    }])


def restore_if_vanished(conn, content_id: str, locale: str, *, run_id: int, at: datetime, status: str | None = None) -> None:
    """A page that answered 404 is back with the content we had: its status returns, and we say so."""
    row = conn.execute(
        "SELECT d.status, d.base_path, d.current_version_id, v.status FROM documents d"
        " LEFT JOIN document_versions v ON v.version_id = d.current_version_id"
        " WHERE d.content_id = ? AND d.locale = ?", [content_id, locale]).fetchone()
    if row is None or row[0] != "vanished":
        return
    restored = status or row[3] or "live"
    conn.execute("UPDATE documents SET status = ?, last_changed_at = ? WHERE content_id = ? AND locale = ?",
                 [restored, at, content_id, locale])
    _document_change(conn, run_id=run_id, content_id=content_id, locale=locale, base_path=row[1],
                     version_id=row[2], kind=ChangeKind.REAPPEARED, old={"status": "vanished"}, new={"status": restored},
                     summary=f"page is back: {row[1]} answers again, unchanged", at=at)


def mark_moved(conn: duckdb.DuckDBPyConnection, content_id: str, locale: str, *, new_path: str, run_id: int,
               at: datetime) -> bool:
    """A known page now resolves to another item (a 303 to its parent): status redirect and one change."""
    row = conn.execute("SELECT status, base_path, current_version_id FROM documents WHERE content_id = ? AND locale = ?",
                       [content_id, locale]).fetchone()
    if row is None:
        return False
    with atomic(conn):  # the status and the change that reports it land together (a kill loses neither)
        conn.execute("UPDATE documents SET last_checked_at = ? WHERE content_id = ? AND locale = ?",
                     [at, content_id, locale])
        if row[0] == "redirect":
            return False
        conn.execute("UPDATE documents SET status = 'redirect', last_changed_at = ? WHERE content_id = ? AND locale = ?",
                     [at, content_id, locale])
        _document_change(conn, run_id=run_id, content_id=content_id, locale=locale, base_path=row[1],
                         version_id=row[2], kind=ChangeKind.REDIRECTED, old={"status": row[0]},
                         new={"status": "redirect", "redirect_to": new_path},
                         summary=f"moved: {row[1]} now leads to {new_path}", at=at)
    return True


def mark_vanished(conn: duckdb.DuckDBPyConnection, content_id: str, locale: str, *, run_id: int, at: datetime) -> bool:
    """A known page now answers 404: status vanished and one major document change (once)."""
    row = conn.execute(
        "SELECT status, base_path, current_version_id FROM documents WHERE content_id = ? AND locale = ?",
        [content_id, locale],
    ).fetchone()
    if row is None or row[0] == "vanished":
        if row is not None:
            mark_checked(conn, content_id, locale, at=at)
        return False
    with atomic(conn):
        conn.execute(
            "UPDATE documents SET status = 'vanished', last_checked_at = ?, last_changed_at = ?"
            " WHERE content_id = ? AND locale = ?", [at, at, content_id, locale],
        )
        _document_change(conn, run_id=run_id, content_id=content_id, locale=locale, base_path=row[1],
                         version_id=row[2], kind=ChangeKind.VANISHED, old={"status": row[0]}, new={"status": "vanished"},
                         summary=f"page vanished: {row[1]} now answers 404", at=at)
    return True
