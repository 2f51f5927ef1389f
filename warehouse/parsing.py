"""Fetched and archived pages parsed away from the warehouse: what the parse worker processes import.

No DuckDB and no Prefect here: a worker process pays only for the parser (spawned workers import
the module of the function they are handed). `warehouse.ingest` and `warehouse.rebuild` load what
these functions return.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from foundation.errors import ParseError, SendMonitorError
from govuk.client import FetchResult, Outcome
from parsers.record import Announcement

if TYPE_CHECKING:
    from warehouse.plan import PlannedFetch


def parse_body(body: bytes, *, url: str | None, base_path: str) -> Announcement:
    """A Content API body's record; ParseError (or ValueError) naming the page when it cannot be read."""
    from parsers import parse_content_item  # the parser loads on first use (see parsers/__init__.py)
    from parsers.content_item import read_json

    return parse_content_item(read_json(body, url=url, base_path=base_path), url=url)


def fill_identity(record: Announcement, item: PlannedFetch, result: FetchResult) -> Announcement:
    """A 410 body may lack identity fields: take them from what we already know of the page."""
    changes: dict[str, Any] = {}
    if not record.content_id and item.content_id:
        changes["content_id"] = item.content_id
    if not record.base_path:
        changes["base_path"] = result.final_path or item.base_path
    if result.outcome == Outcome.GONE and record.status != "gone":
        changes["status"] = "gone"
    return dataclasses.replace(record, **changes) if changes else record


@dataclass(frozen=True)
class FetchFailure:
    """A page that could not be fetched: the error, and the URL it was being fetched from."""

    message: str
    url: str | None = None


@dataclass(frozen=True)
class Parsed:
    """A fetched page parsed away from the warehouse: its record, or why it could not be read."""

    record: Announcement | None
    error: str | None = None


def parse_result(item: PlannedFetch, result: FetchResult | FetchFailure) -> Parsed | None:
    """Parse one fetched page without the warehouse (so no lock is held meanwhile); None: nothing to parse."""
    if isinstance(result, FetchFailure) or result.outcome in (Outcome.NOT_MODIFIED, Outcome.VANISHED):
        return None
    try:
        if result.body is None:
            raise ParseError(f"no body to parse (HTTP {result.status_code})", base_path=item.base_path, url=result.url)
        return Parsed(fill_identity(parse_body(result.body, url=result.url, base_path=item.base_path), item, result))
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run; ingest records it
        return Parsed(None, str(exc) if isinstance(exc, SendMonitorError) else f"{item.base_path}: {type(exc).__name__}: {exc}")


def parse_capture(body: bytes, *, url: str | None, base_path: str) -> Announcement | str:
    """One archived body parsed again: its record, or why it could not be read (pure: runs on a worker)."""
    try:
        return parse_body(body, url=url, base_path=base_path)
    except (ValueError, SendMonitorError) as exc:
        return f"reparse: {exc}"


def parse_archived(triple: tuple[bytes, str | None, str]) -> Announcement | str:
    """`parse_capture` of one (body, url, base_path) triple: what a reparse hands its worker processes.

    It lives here, not in flows/ or beside the loading code, so that a spawned worker imports the parser and
    neither Prefect (3.5 s of CPU each) nor DuckDB.
    """
    body, url, base_path = triple
    return parse_capture(body, url=url, base_path=base_path)
