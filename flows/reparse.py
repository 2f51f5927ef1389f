"""The `reparse` flow: rebuild every version, record and change from the raw-response archive.

Nothing is fetched. Improving the parser or the differ therefore improves all of history.
"""

from __future__ import annotations

import zlib
from dataclasses import replace
from datetime import datetime
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.logging import get_run_logger

from flows import tasks
from flows.monitor import settings_from
from foundation.errors import SendMonitorError
from parsers import parse_content_item
from parsers.content_item import read_json
from warehouse import ingest, load
from warehouse.store import connect


def _archived_records(conn, run_id: int) -> tuple[dict[tuple[str, str], list[tuple[Any, str, datetime]]], int]:
    """Every archived body parsed again, grouped by document, in capture order."""
    paths = dict(conn.execute("SELECT base_path, content_id FROM document_paths").fetchall())
    rows = conn.execute(
        "SELECT f.base_path, f.url, f.body_sha256, f.fetched_at FROM fetches f"
        " WHERE f.outcome IN ('ok', 'gone') AND f.body_sha256 IS NOT NULL ORDER BY f.fetched_at, f.fetch_id"
    ).fetchall()
    grouped: dict[tuple[str, str], list] = {}
    errors = 0
    for base_path, url, sha, fetched_at in rows:
        try:
            item = read_json(load.read_body(conn, sha), url=url, base_path=base_path)
            record = parse_content_item(item, url=url)
        except (ValueError, zlib.error, SendMonitorError) as exc:
            load.record_error(conn, run_id, "parse", f"reparse: {exc}", base_path=base_path, url=url, body_sha256=sha)
            errors += 1
            continue
        cid = record.content_id or paths.get(base_path)
        if not cid:
            continue
        fixes = {"content_id": cid}
        if not record.base_path:
            fixes["base_path"] = base_path
        record = replace(record, **fixes)
        grouped.setdefault((cid, record.locale or "en"), []).append((record, sha, fetched_at))
    return grouped, errors


@task(cache_policy=NO_CACHE)
def rebuild_history(db: str, run_id: int) -> dict[str, int]:
    """Delete and rebuild each document's versions from its archived bodies, one transaction per document."""
    counts = {"documents": 0, "versions": 0, "changes": 0, "flagged_changes": 0, "errors": 0}
    with connect(db) as conn:
        grouped, counts["errors"] = _archived_records(conn, run_id)
        for (cid, locale), captures in grouped.items():
            doc = conn.execute(
                "SELECT status, profiles, first_seen_at, last_checked_at, etag, last_modified FROM documents"
                " WHERE content_id = ? AND locale = ?", [cid, locale]).fetchone()
            conn.execute("BEGIN TRANSACTION")
            try:
                for table in ("quotes", "sections", "commitments", "figures"):
                    conn.execute(f"DELETE FROM {table} WHERE version_id IN (SELECT version_id FROM"
                                 " document_versions WHERE content_id = ? AND locale = ?)", [cid, locale])
                conn.execute("DELETE FROM changes WHERE content_id = ? AND locale = ? AND kind <> 'vanished'", [cid, locale])
                conn.execute("DELETE FROM document_versions WHERE content_id = ? AND locale = ?", [cid, locale])
                conn.execute("DELETE FROM documents WHERE content_id = ? AND locale = ?", [cid, locale])
                profiles = list(doc[1] or []) if doc else []
                for record, sha, fetched_at in captures:
                    outcome = ingest.load_record_in_transaction(conn, record, run_id=run_id, body_sha256=sha,
                                                       captured_at=fetched_at, profiles=profiles)
                    counts["versions"] += outcome.outcome != "unchanged"
                    counts["changes"] += outcome.changes
                    counts["flagged_changes"] += outcome.flagged
                if doc:
                    # Keep what the archive cannot tell: when we first saw and last checked the page.
                    conn.execute(
                        "UPDATE documents SET first_seen_at = ?, last_checked_at = ?, etag = ?, last_modified = ?,"
                        " status = CASE WHEN ? = 'vanished' THEN 'vanished' ELSE status END"
                        " WHERE content_id = ? AND locale = ?", [doc[2], doc[3], doc[4], doc[5], doc[0], cid, locale])
                conn.execute("COMMIT")
            except Exception as exc:  # noqa: BLE001 - keep the old history of this page, rebuild the rest
                conn.execute("ROLLBACK")
                load.record_error(conn, run_id, "reparse", f"{captures[0][0].base_path}: could not rebuild: {exc}",
                                  base_path=captures[0][0].base_path, content_id=cid)
                counts["errors"] += 1
                continue
            counts["documents"] += 1
    return counts


@flow(name="reparse", flow_run_name="reparse-archive", log_prints=True)
def reparse(config: str | None = None, db: str | None = None) -> dict[str, Any]:
    """Re-parse every archived raw response with the current parser and rebuild history idempotently."""
    settings = settings_from(config, db=db)
    run_id = tasks.start_run(settings, "reparse", None)
    try:
        counts = rebuild_history(str(settings.db), run_id)
    except BaseException:
        tasks.finish_run(settings, run_id, {}, "failed")
        raise
    summary = {"run_id": run_id, "new_versions": counts["versions"], "changes": counts["changes"],
               "flagged_changes": counts["flagged_changes"], "errors": counts["errors"],
               "documents": counts["documents"]}
    tasks.finish_run(settings, run_id, summary, "completed")
    get_run_logger().info("Reparse rebuilt %s", counts)
    return summary
