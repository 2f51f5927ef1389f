"""What a warehouse must satisfy after any crash, and how two warehouses compare.

`check(db)` opens a DuckDB warehouse read-only (replaying its WAL in memory, changing nothing on
disk) and returns a list of violations, empty when it is consistent:

- every `documents.current_version_id` exists, belongs to that document, and is its newest version
- `version_number` runs 1..n per document, with `documents.version_count` = n
- at most one open version (`valid_to` NULL) per document, and it is the current one
- no two versions of a document in a row with the same `content_hash`
- every `body_sha256` (fetches, versions, errors) has a raw body, which decompresses to that hash
- no half-written version: each version has exactly the quotes, sections, commitments and
  figures rows its `record` JSON holds
- every change points at versions that exist

`signature(db)` reduces a warehouse to what a rerun must reproduce (documents, the content
hashes of every version, the kinds of changes), free of ids, run numbers and clock times.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb

RECORD_TABLES = {"quotes": "quotes", "sections": "sections", "commitments": "commitments", "figures": "figures"}


def open_read_only(db: str | Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(db), read_only=True)


def _rows(conn, sql: str, params=()) -> list[tuple]:
    return conn.execute(sql, list(params)).fetchall()


def check_connection(conn: duckdb.DuckDBPyConnection, *, verify_bodies: bool = True) -> list[str]:
    """Every invariant violation in an open warehouse, one line each."""
    problems: list[str] = []

    for cid, cur in _rows(conn, """
            SELECT d.content_id, d.current_version_id FROM documents d
            LEFT JOIN document_versions v ON v.version_id = d.current_version_id
            WHERE d.current_version_id IS NOT NULL
              AND (v.version_id IS NULL OR v.content_id <> d.content_id OR v.locale <> d.locale)"""):
        problems.append(f"documents.current_version_id {cur} of {cid} is not a version of that document")

    for cid, cur, newest in _rows(conn, """
            SELECT d.content_id, d.current_version_id, max(v.version_id) FROM documents d
            JOIN document_versions v USING (content_id, locale)
            GROUP BY d.content_id, d.current_version_id
            HAVING d.current_version_id IS DISTINCT FROM arg_max(v.version_id, v.version_number)"""):
        problems.append(f"{cid}: current_version_id {cur} is not its newest version")

    for cid in [r[0] for r in _rows(conn, """
            SELECT d.content_id FROM documents d
            WHERE d.current_version_id IS NULL
              AND EXISTS (SELECT 1 FROM document_versions v WHERE v.content_id = d.content_id AND v.locale = d.locale)""")]:
        problems.append(f"{cid}: has versions but no current_version_id")

    for cid, n, lo, hi, distinct, count in _rows(conn, """
            SELECT v.content_id, count(*), min(version_number), max(version_number),
                   count(DISTINCT version_number), any_value(d.version_count)
            FROM document_versions v LEFT JOIN documents d USING (content_id, locale)
            GROUP BY v.content_id, v.locale"""):
        if lo != 1 or hi != n or distinct != n:
            problems.append(f"{cid}: version numbers not contiguous 1..{n} (min {lo}, max {hi}, {distinct} distinct)")
        if count is None:
            problems.append(f"{cid}: versions without a documents row")
        elif count != n:
            problems.append(f"{cid}: documents.version_count {count} but {n} versions")

    for cid, opened in _rows(conn, """
            SELECT content_id, count(*) FROM document_versions WHERE valid_to IS NULL
            GROUP BY content_id, locale HAVING count(*) > 1"""):
        problems.append(f"{cid}: {opened} open versions (valid_to NULL)")

    for cid, vid in _rows(conn, """
            SELECT v.content_id, v.version_id FROM document_versions v
            JOIN documents d USING (content_id, locale)
            WHERE v.valid_to IS NULL AND v.version_id IS DISTINCT FROM d.current_version_id"""):
        problems.append(f"{cid}: version {vid} is open but not current")

    for cid, number in _rows(conn, """
            SELECT content_id, version_number FROM (
                SELECT content_id, version_number, content_hash,
                       lag(content_hash) OVER (PARTITION BY content_id, locale ORDER BY version_number) AS before
                FROM document_versions) WHERE content_hash = before"""):
        problems.append(f"{cid}: version {number} has the same content_hash as version {number - 1}")

    for table in ("fetches", "document_versions", "errors"):
        for (sha,) in _rows(conn, f"""
                SELECT DISTINCT t.body_sha256 FROM {table} t
                LEFT JOIN raw_bodies r ON r.sha256 = t.body_sha256
                WHERE t.body_sha256 IS NOT NULL AND r.sha256 IS NULL"""):
            problems.append(f"{table}.body_sha256 {sha[:12]}… has no raw body")
    if verify_bodies:
        for sha, size, blob in _rows(conn, "SELECT sha256, size_bytes, compressed FROM raw_bodies"):
            try:
                body = zlib.decompress(blob)
            except zlib.error:
                problems.append(f"raw body {sha[:12]}… does not decompress")
                continue
            if hashlib.sha256(body).hexdigest() != sha or len(body) != size:
                problems.append(f"raw body {sha[:12]}… does not match its hash or size")

    stored = {table: dict(_rows(conn, f"SELECT version_id, count(*) FROM {table} GROUP BY version_id"))
              for table in RECORD_TABLES}
    for vid, cid, record in _rows(conn, "SELECT version_id, content_id, record FROM document_versions"):
        try:
            data = json.loads(record)
        except (TypeError, ValueError):
            problems.append(f"{cid}: version {vid} has an unreadable record")
            continue
        for table, key in RECORD_TABLES.items():
            want = len(data.get(key) or [])
            have = stored[table].get(vid, 0)
            if want != have:
                problems.append(f"{cid}: version {vid} has {have} {table} rows, its record {want}")
    known = {vid for (vid,) in _rows(conn, "SELECT version_id FROM document_versions")}
    for table in RECORD_TABLES:
        orphans = set(stored[table]) - known
        if orphans:
            problems.append(f"{table}: rows of {len(orphans)} versions that do not exist")

    for change_id, old, new in _rows(conn, """
            SELECT change_id, old_version_id, new_version_id FROM changes c
            WHERE (old_version_id IS NOT NULL AND old_version_id NOT IN (SELECT version_id FROM document_versions))
               OR (new_version_id IS NOT NULL AND new_version_id NOT IN (SELECT version_id FROM document_versions))"""):
        problems.append(f"change {change_id} points at a missing version ({old} -> {new})")
    return problems


def check(db: str | Path, **options: Any) -> list[str]:
    """Violations of a warehouse file (opened read-only); an unopenable file is one violation."""
    try:
        conn = open_read_only(db)
    except duckdb.Error as exc:
        return [f"cannot open {db}: {type(exc).__name__}: {exc}"]
    try:
        return check_connection(conn, **options)
    except duckdb.Error as exc:
        return [f"cannot query {db}: {type(exc).__name__}: {exc}"]
    finally:
        conn.close()


def signature_connection(conn: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What a rerun must reproduce, free of ids, run numbers and times."""
    documents = sorted(_rows(conn, """
        SELECT d.content_id, d.locale, d.base_path, d.status, d.title, d.document_type, d.version_count,
               v.content_hash
        FROM documents d LEFT JOIN document_versions v ON v.version_id = d.current_version_id"""))
    versions: dict[str, list[str]] = {}
    for cid, _number, content_hash in _rows(conn, """
            SELECT content_id, version_number, content_hash FROM document_versions
            ORDER BY content_id, version_number"""):
        versions.setdefault(cid, []).append(content_hash)
    changes = Counter(_rows(conn, "SELECT content_id, scope, kind, significance FROM changes"))
    return {"documents": documents, "versions": versions,
            "changes": sorted((list(k) + [n] for k, n in changes.items()), key=repr)}


def signature(db: str | Path) -> dict[str, Any]:
    conn = open_read_only(db)
    try:
        return signature_connection(conn)
    finally:
        conn.close()


def compare(got: dict[str, Any], want: dict[str, Any], limit: int = 5) -> list[str]:
    """How signature `got` differs from `want` (first few differences per table); empty when equal."""
    diffs: list[str] = []
    for key in ("documents", "versions", "changes"):
        a, b = got[key], want[key]
        if a == b:
            continue
        if key == "versions":
            keys = sorted(set(a) | set(b))
            shown = [k for k in keys if a.get(k) != b.get(k)]
            diffs.append(f"versions differ for {len(shown)} documents: "
                         + "; ".join(f"{k}: {len(a.get(k, []))} vs {len(b.get(k, []))}" for k in shown[:limit]))
        else:
            extra = [r for r in a if r not in b]
            missing = [r for r in b if r not in a]
            diffs.append(f"{key}: {len(extra)} unexpected {extra[:limit]}, {len(missing)} missing {missing[:limit]}")
    return diffs


def measures(conn: duckdb.DuckDBPyConnection, expected_ids: set[str]) -> dict[str, int]:
    """The campaign's counts for one warehouse: pages stored, duplicate versions, lost raw bodies."""
    stored = {cid for (cid,) in _rows(conn, """
        SELECT DISTINCT d.content_id FROM documents d JOIN document_versions v ON v.version_id = d.current_version_id""")}
    duplicates = _rows(conn, """
        SELECT count(*) FROM (
            SELECT content_hash, lag(content_hash) OVER (PARTITION BY content_id, locale ORDER BY version_number) AS before
            FROM document_versions) WHERE content_hash = before""")[0][0]
    duplicates += _rows(conn, """
        SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM document_versions
        GROUP BY content_id, locale, version_number)""")[0][0]
    lost = 0
    for table in ("fetches", "document_versions", "errors"):
        lost += _rows(conn, f"""
            SELECT count(*) FROM {table} t LEFT JOIN raw_bodies r ON r.sha256 = t.body_sha256
            WHERE t.body_sha256 IS NOT NULL AND r.sha256 IS NULL""")[0][0]
    # A 200/410 answer must have kept its body.
    lost += _rows(conn, "SELECT count(*) FROM fetches WHERE status_code IN (200, 410) AND body_sha256 IS NULL")[0][0]
    return {"expected": len(expected_ids), "stored": len(stored & expected_ids),
            "duplicate_versions": int(duplicates), "lost_raw_bodies": int(lost)}
