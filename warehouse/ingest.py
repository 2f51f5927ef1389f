"""One fetched page into the warehouse: archive the raw response, then parse and load it.

Plain functions over a DuckDB connection (no Prefect, no network): the flow's task only loops,
logs and counts. Every outcome GOV.UK can give (200, 304, 404, 410, a fetch that failed) ends
as a counted result; nothing one page does stops the pages after it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable, Sequence

import duckdb

from foundation.errors import LoadError, SendMonitorError
from govuk.client import FetchResult, Outcome
from parsers.record import Announcement
from warehouse import bulk, load
from warehouse.load import VersionOutcome
from warehouse.parsing import FetchFailure, Parsed, parse_result
from warehouse.plan import PlannedFetch
from warehouse.runs import RunCounts


def diff_announcements(old: Announcement, new: Announcement) -> list[Any]:
    """The differ, loaded on first use: a run that fetches nothing new never needs it (nor the parser)."""
    from differ import diff_announcements as diff

    return list(diff(old, new))


@dataclass
class IngestResult:
    counts: RunCounts = field(default_factory=RunCounts)
    failed: bool = False  # the page must be tried again (its high-water mark must not pass it)
    message: str | None = None
    flagged: int = 0


DiffFn = Callable[[Announcement, Announcement], Iterable[Any]]


def load_record_in_transaction(conn: duckdb.DuckDBPyConnection, record: Announcement, *,
                               diff: DiffFn | None = None, **options: Any) -> load.LoadOutcome:
    """Read the stored version, diff the new record against it, store both: in the caller's transaction.

    Options as for `load.store_version` (run_id, body_sha256, captured_at, etag, ...).
    """
    previous = load.current_version(conn, record.content_id, record.locale or "en") if record.content_id else None
    changes = () if previous is None or previous.content_hash == record.content_hash() else tuple(
        (diff or diff_announcements)(previous.record, record))
    return load.store_version(conn, record, previous=previous, changes=changes, **options)


def load_record(conn: duckdb.DuckDBPyConnection, record: Announcement, **options: Any) -> load.LoadOutcome:
    """`load_record_in_transaction` in one transaction of its own: all of it lands, or none."""
    try:
        with load.atomic(conn):
            return load_record_in_transaction(conn, record, **options)
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(f"could not load version: {exc}", content_id=record.content_id,
                        base_path=record.base_path, url=record.url) from exc


def ingest(conn: duckdb.DuckDBPyConnection, run_id: int, item: PlannedFetch,
           *, result: FetchResult | FetchFailure, parsed: Parsed | None = None) -> IngestResult:
    """Archive and load one fetch result (parsing it first unless `parsed` is given); errors are recorded, never raised.

    The raw body is archived before the record is loaded, and kept when the page could not be parsed.
    """
    out = IngestResult()
    if isinstance(result, FetchFailure):
        load.record_error(conn, run_id, "fetch", message=result.message, base_path=item.base_path,
                          content_id=item.content_id, url=result.url)
        out.counts.errors += 1
        out.failed, out.message = True, result.message
        return out
    at = datetime.fromisoformat(result.fetched_at)
    sha = load.record_fetch(conn, run_id, dataclasses.asdict(result))  # archived before anything is loaded
    if result.outcome == Outcome.NOT_MODIFIED:
        out.counts.not_modified += 1
        if item.content_id:
            load.mark_checked(conn, item.content_id, "en", at=at, run_id=run_id)
        return out
    if result.outcome == Outcome.VANISHED:
        if item.content_id and load.mark_vanished(conn, item.content_id, "en", run_id=run_id, at=at):
            out.counts.changes += 1
            out.counts.flagged_changes += 1
        return out
    out.counts.fetched += 1
    parsed = parsed or parse_result(item, result)
    stage, message = "parse", parsed.error
    if parsed.record is not None:
        record = parsed.record
        stage = "load"
        try:
            outcome = load_record(conn, record, run_id=run_id, body_sha256=sha, captured_at=at,
                                  etag=result.etag, last_modified=result.last_modified, profiles=item.profiles)
            if item.content_id and record.content_id and record.content_id != item.content_id:
                # A 303 to a parent item (or a redirect item with an id of its own): the page we
                # asked for now lives elsewhere. Say so on that page, not only on the parent.
                if load.mark_moved(conn, item.content_id, "en", new_path=result.final_path or record.base_path,
                                   run_id=run_id, at=at):
                    out.counts.changes += 1
                    out.counts.flagged_changes += 1
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run; it is recorded
            # load_record has rolled its transaction back; the raw body is archived already.
            message = str(exc) if isinstance(exc, SendMonitorError) else f"{item.base_path}: {type(exc).__name__}: {exc}"
    if message is not None:
        load.record_error(conn, run_id, stage, message=message, base_path=item.base_path, content_id=item.content_id,
                          url=result.url, body_sha256=sha)
        out.counts.errors += 1
        out.failed, out.message = True, message
        return out
    _count_loaded(out, outcome)
    return out


def _count_loaded(out: IngestResult, outcome: load.LoadOutcome) -> None:
    key = {VersionOutcome.NEW_DOCUMENT: "new_documents", VersionOutcome.NEW_VERSION: "new_versions"}.get(
        outcome.outcome, "unchanged")
    setattr(out.counts, key, getattr(out.counts, key) + 1)
    out.counts.changes += outcome.changes
    out.counts.flagged_changes += outcome.flagged
    out.flagged = outcome.flagged


Fetched = tuple[PlannedFetch, "FetchResult | FetchFailure"]


def ingest_batch(conn: duckdb.DuckDBPyConnection, run_id: int, fetched: Sequence[Fetched],
                 parsed: Sequence[Parsed | None], *, diff: DiffFn | None = None) -> list[IngestResult]:
    """Archive and load a batch in one transaction of set-based statements; one result per page, in order.

    If the batch cannot load as a whole it is rolled back and loaded page by page (`ingest`), so a
    page that breaks the set costs only itself. Errors are recorded, never raised.
    """
    try:
        with load.atomic(conn):
            return _ingest_set(conn, run_id, fetched, parsed, diff=diff or diff_announcements)
    except (duckdb.Error, SendMonitorError, ValueError, TypeError):
        return [ingest(conn, run_id, item, result=result, parsed=page)
                for (item, result), page in zip(fetched, parsed)]


def _ingest_set(conn: duckdb.DuckDBPyConnection, run_id: int, fetched: Sequence[Fetched],
                parsed: Sequence[Parsed | None], *, diff: DiffFn) -> list[IngestResult]:
    results = [IngestResult() for _ in fetched]
    with_body = [i for i, (_, r) in enumerate(fetched) if not isinstance(r, FetchFailure) and r.body is not None]
    shas: dict[int, str] = dict(zip(with_body, bulk.archive_bodies(conn, [fetched[i][1].body for i in with_body])))
    load.insert_rows(conn, "fetches", [load.fetch_row(run_id, dataclasses.asdict(r), shas.get(i))
                                       for i, (_, r) in enumerate(fetched) if not isinstance(r, FetchFailure)])
    errors: list[dict[str, Any]] = []

    def fail(i: int, stage: str, message: str, url: str | None, sha: str | None = None) -> None:
        item = fetched[i][0]
        errors.append({"run_id": run_id, "stage": stage, "base_path": item.base_path, "content_id": item.content_id,
                       "url": url, "message": message, "body_sha256": sha, "occurred_at": load.utcnow()})
        results[i].counts.errors += 1
        results[i].failed, results[i].message = True, message

    checks: list[tuple[str, datetime]] = []
    to_store: list[tuple[int, bulk.NewVersion]] = []
    for i, ((item, result), page) in enumerate(zip(fetched, parsed)):
        out = results[i]
        if isinstance(result, FetchFailure):
            fail(i, "fetch", result.message, result.url)
            continue
        at = datetime.fromisoformat(result.fetched_at)
        if result.outcome == Outcome.NOT_MODIFIED:
            out.counts.not_modified += 1
            if item.content_id:
                checks.append((item.content_id, at))
            continue
        if result.outcome == Outcome.VANISHED:
            if item.content_id and load.mark_vanished(conn, item.content_id, "en", run_id=run_id, at=at):
                out.counts.changes += 1
                out.counts.flagged_changes += 1
            continue
        out.counts.fetched += 1
        page = page or parse_result(item, result)
        record = page.record
        if record is None:
            fail(i, "parse", page.error or f"{item.base_path}: nothing parsed", result.url, shas.get(i))
        elif not record.content_id or not record.base_path:
            fail(i, "load", str(LoadError("record has no content_id or base_path", base_path=record.base_path,
                                          url=record.url)), result.url, shas.get(i))
        else:
            to_store.append((i, bulk.NewVersion(record, run_id, shas.get(i), at, etag=result.etag,
                                                last_modified=result.last_modified, profiles=tuple(item.profiles))))
    bulk.mark_checked_many(conn, checks, run_id=run_id)
    outcomes = bulk.store_versions(conn, [v for _, v in to_store], diff=diff)
    for (i, version), outcome in zip(to_store, outcomes):
        item, result = fetched[i]
        _count_loaded(results[i], outcome)
        if item.content_id and version.record.content_id != item.content_id:
            # A 303 to a parent item: the page we asked for now lives elsewhere (see `ingest`).
            if load.mark_moved(conn, item.content_id, "en", new_path=result.final_path or version.record.base_path,
                               run_id=run_id, at=version.captured_at):
                results[i].counts.changes += 1
                results[i].counts.flagged_changes += 1
    load.insert_rows(conn, "errors", errors)
    return results
