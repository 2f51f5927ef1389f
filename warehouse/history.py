"""Read-only history for the feed and the report: flagged changes with their versions, documents' timelines, money.

Flagged means what the `flagged_changes` view means: every change but the cosmetic ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

import duckdb

from foundation.errors import SendMonitorError
from warehouse.store import check_warehouse_path, connect

READER_WAIT_SECONDS = 10.0


class HistoryError(SendMonitorError):
    """The warehouse cannot be read for the feed or report: missing, not a warehouse, or a bad filter."""

    def __str__(self) -> str:
        return self.problem


@dataclass(frozen=True)
class HistoryFilter:
    """The `changes` command's filters, plus the discovery profile and the programme a change concerns."""

    since: str | None = None  # YYYY-MM-DD or an ISO timestamp: detected on or after it
    significance: str | None = None  # major or minor
    profile: str | None = None
    programme: str | None = None  # case-insensitive; commitments by their own programmes, others by their page's


@dataclass(frozen=True)
class FlaggedChange:
    """One flagged change with its page and the versions either side of it."""

    change_id: int
    run_id: int
    content_id: str
    locale: str
    base_path: str
    title: str | None
    scope: str
    kind: str
    significance: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    silent: bool
    summary: str | None
    old: Any
    new: Any
    details: dict[str, Any]
    detected_at: datetime
    old_version_number: int | None
    new_version_number: int | None
    own_version: bool  # the change came with its new version (not a later status change pointing at it)
    change_note: str | None
    old_public_updated_at: datetime | None
    new_public_updated_at: datetime | None


@dataclass(frozen=True)
class Version:
    version_number: int
    base_path: str
    title: str | None
    status: str
    public_updated_at: datetime | None
    change_note: str | None
    captured_at: datetime
    valid_to: datetime | None


@dataclass(frozen=True)
class Document:
    content_id: str
    locale: str
    base_path: str
    title: str | None
    document_type: str | None
    status: str
    profiles: tuple[str, ...]
    versions: tuple[Version, ...]


@dataclass(frozen=True)
class MoneyPoint:
    """The money one version of a page names for one programme (the sum of its commitments' first figures)."""

    programme: str
    content_id: str
    base_path: str
    title: str | None
    version_number: int
    valid_from: datetime
    valid_to: datetime | None
    amount_gbp: float
    commitments: int


@dataclass(frozen=True)
class History:
    changes: tuple[FlaggedChange, ...]
    documents: tuple[Document, ...] = ()
    money: tuple[MoneyPoint, ...] = ()
    last_run_at: datetime | None = None
    filters: HistoryFilter = field(default_factory=HistoryFilter)


def _utc(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return value


def _json(value: str | None) -> Any:
    return json.loads(value) if value else None


def _rows(conn: duckdb.DuckDBPyConnection, query: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = conn.execute(query, params)
    names = [d[0] for d in cur.description]
    return [{k: _utc(v) for k, v in zip(names, row)} for row in cur.fetchall()]


_LOWER = "list_transform(coalesce({0}, []), lambda x: lower(x))"
_CHANGE_PROGRAMMES = "CAST(coalesce(json_extract({0}, '$.programmes'), '[]') AS VARCHAR[])"


def _where(filters: HistoryFilter) -> tuple[str, list[Any]]:
    where, params = ["ch.significance <> 'cosmetic'"], []
    if filters.since:
        where.append("ch.detected_at >= CAST(? AS TIMESTAMPTZ)")
        params.append(filters.since)
    if filters.significance:
        where.append("ch.significance = ?")
        params.append(filters.significance)
    if filters.profile:
        where.append("list_contains(coalesce(d.profiles, []), ?)")
        params.append(filters.profile)
    if filters.programme:
        own = " OR ".join(f"list_contains({_LOWER.format(_CHANGE_PROGRAMMES.format(side))}, lower(?))"
                          for side in ("ch.old", "ch.new"))
        page = (f"EXISTS (SELECT 1 FROM commitments c WHERE c.version_id IN (ch.old_version_id, ch.new_version_id)"
                f" AND list_contains({_LOWER.format('c.programmes')}, lower(?)))")
        where.append(f"(CASE WHEN ch.scope = 'commitment' THEN ({own}) ELSE {page} END)")
        params += [filters.programme] * 3
    return " AND ".join(where), params


def _changes(conn: duckdb.DuckDBPyConnection, filters: HistoryFilter, limit: int | None) -> list[FlaggedChange]:
    where, params = _where(filters)
    rows = _rows(conn, (
        "SELECT ch.change_id, ch.run_id, ch.content_id, ch.locale, ch.base_path, coalesce(nv.title, d.title) AS title,"
        " ch.scope, ch.kind, ch.significance, ch.fields, ch.tags, ch.silent, ch.summary, ch.old, ch.new, ch.details,"
        " ch.detected_at, ov.version_number AS old_version_number, nv.version_number AS new_version_number,"
        " coalesce(nv.run_id = ch.run_id, false) AS own_version, nv.change_note,"
        " ov.public_updated_at AS old_public_updated_at, nv.public_updated_at AS new_public_updated_at"
        " FROM changes ch JOIN documents d ON d.content_id = ch.content_id AND d.locale = ch.locale"
        " LEFT JOIN document_versions ov ON ov.version_id = ch.old_version_id"
        " LEFT JOIN document_versions nv ON nv.version_id = ch.new_version_id"
        f" WHERE {where} ORDER BY ch.detected_at DESC, ch.change_id" + (f" LIMIT {int(limit)}" if limit else "")
    ), params)
    out = []
    for row in rows:
        row.update(old=_json(row["old"]), new=_json(row["new"]), details=_json(row["details"]) or {},
                   fields=tuple(row["fields"] or ()), tags=tuple(row["tags"] or ()))
        out.append(FlaggedChange(**row))
    return out


def _documents(conn: duckdb.DuckDBPyConnection, keys: set[tuple[str, str]]) -> list[Document]:
    if not keys:
        return []
    ids = sorted({cid for cid, _ in keys})
    docs = _rows(conn, "SELECT content_id, locale, base_path, title, document_type, status, profiles FROM documents"
                       " WHERE list_contains(?, content_id) ORDER BY content_id, locale", [ids])
    versions = _rows(conn, "SELECT content_id, locale, version_number, base_path, title, status, public_updated_at,"
                           " change_note, captured_at, valid_to FROM document_versions"
                           " WHERE list_contains(?, content_id) ORDER BY version_number", [ids])
    by_document: dict[tuple[str, str], list[Version]] = {}
    for row in versions:  # grouped once: a report of thousands of pages must not scan every version per page
        key = (row.pop("content_id"), row.pop("locale"))
        by_document.setdefault(key, []).append(Version(**row))
    return [Document(**(doc | {"profiles": tuple(doc["profiles"] or ())}),
                     versions=tuple(by_document.get((doc["content_id"], doc["locale"]), ())))
            for doc in docs if (doc["content_id"], doc["locale"]) in keys]


def _money(conn: duckdb.DuckDBPyConnection, filters: HistoryFilter) -> list[MoneyPoint]:
    where, params = ["c.amount_gbp IS NOT NULL"], []
    if filters.programme:
        where.append("lower(p.programme) = lower(?)")
        params.append(filters.programme)
    if filters.profile:
        where.append("list_contains(coalesce(d.profiles, []), ?)")
        params.append(filters.profile)
    rows = _rows(conn, (
        "SELECT p.programme, v.content_id, v.base_path, v.title, v.version_number, v.valid_from, v.valid_to,"
        " sum(c.amount_gbp) AS amount_gbp, count(*) AS commitments"
        " FROM commitments c JOIN document_versions v USING (version_id)"
        " JOIN documents d ON d.content_id = v.content_id AND d.locale = v.locale"
        " CROSS JOIN unnest(c.programmes) AS p(programme)"
        f" WHERE {' AND '.join(where)}"
        " GROUP BY ALL ORDER BY p.programme, v.valid_from, v.content_id"
    ), params)
    return [MoneyPoint(**row) for row in rows]


def _open(db: str | Path, wait_seconds: float):
    path = Path(db)
    check_warehouse_path(path)  # a folder, or a file that is not DuckDB
    if not path.is_file():
        raise HistoryError(f"no warehouse at {path}: run `send-monitor demo` or `send-monitor run` first")
    return connect(path, read_only=True, wait_seconds=wait_seconds)


def check_filters(db: str | Path, filters: HistoryFilter, *, configured_profiles: Sequence[str] = (),
                  wait_seconds: float = READER_WAIT_SECONDS) -> None:
    """HistoryError for a --profile or --programme neither the warehouse nor the config knows: a typo,
    which would otherwise give an empty feed or report that reads as "nothing changed"."""
    if filters.profile or filters.programme:
        _read(db, wait_seconds, filters, lambda conn: _known_filters(conn, db, filters, configured_profiles))


def _known_filters(conn: duckdb.DuckDBPyConnection, db: str | Path, filters: HistoryFilter,
                   configured: Sequence[str]) -> None:
    if filters.profile and filters.profile not in configured:
        known = sorted(p for (p,) in conn.execute(
            "SELECT DISTINCT unnest(profiles) FROM documents WHERE profiles IS NOT NULL").fetchall())
        if filters.profile not in known:
            raise HistoryError(f"--profile {filters.profile!r} is not a profile of the config, and no page in {db} "
                               f"was found by it; profiles: {', '.join(sorted(set(known) | set(configured))) or 'none'}")
    if filters.programme:
        seen = conn.execute(
            f"SELECT EXISTS (SELECT 1 FROM commitments WHERE list_contains({_LOWER.format('programmes')}, lower($1)))"
            " OR EXISTS (SELECT 1 FROM programme_money_over_time WHERE lower(programme) = lower($1))",
            [filters.programme]).fetchone()[0]
        if not seen:
            raise HistoryError(f"--programme {filters.programme!r}: no commitment or amount in {db} names that "
                               "programme (list them: send-monitor sql \"SELECT DISTINCT unnest(programmes) "
                               "FROM commitments\")")


def _read(db: str | Path, wait_seconds: float, filters: HistoryFilter, reader):
    with _open(db, wait_seconds) as conn:
        try:
            return reader(conn)
        except duckdb.CatalogException as exc:
            raise HistoryError(f"{db} is not a send-monitor warehouse (or predates its schema): {exc}") from exc
        except duckdb.ConversionException as exc:
            raise HistoryError(f"cannot read --since {filters.since!r}: use YYYY-MM-DD or an ISO timestamp") from exc


def read_changes(db: str | Path, filters: HistoryFilter = HistoryFilter(), *, limit: int | None = None,
                 wait_seconds: float = READER_WAIT_SECONDS) -> list[FlaggedChange]:
    """Flagged changes matching `filters`, newest first."""
    return _read(db, wait_seconds, filters, lambda conn: _changes(conn, filters, limit))


def read_history(db: str | Path, filters: HistoryFilter = HistoryFilter(), *, pages: bool = True,
                 wait_seconds: float = READER_WAIT_SECONDS) -> History:
    """What the report shows, read in one connection: changes, when the last run was and (with `pages`)
    the changed pages' timelines and the money per programme."""

    def reader(conn: duckdb.DuckDBPyConnection) -> History:
        changes = _changes(conn, filters, None)
        last = _utc(conn.execute("SELECT max(coalesce(finished_at, started_at)) FROM runs").fetchone()[0])
        if not pages:
            return History(tuple(changes), last_run_at=last, filters=filters)
        documents = _documents(conn, {(c.content_id, c.locale) for c in changes})
        return History(tuple(changes), tuple(documents), tuple(_money(conn, filters)), last, filters)

    return _read(db, wait_seconds, filters, reader)
