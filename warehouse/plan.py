"""Choosing what to fetch: new pages, pages with a newer major update, and stale pages to re-check.

Plain functions over plain data: the flow reads the known documents from the warehouse and the
search hits from GOV.UK, and this module decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from send_monitor.timestamps import parse_time

SEARCH_OVERLAP = timedelta(days=1)  # how far behind its high-water mark each search looks again
# A result this far ahead of our clock is clock skew; further ahead, a wrong date (one dated 2099
# would otherwise hold every later search at 2099 and find nothing: issue 9, D6).
FUTURE_SKEW = timedelta(minutes=10)


@dataclass(frozen=True)
class KnownDocument:
    content_id: str
    base_path: str
    public_updated_at: datetime | None
    last_checked_at: datetime
    status: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class SearchHit:
    content_id: str | None
    base_path: str
    public_timestamp: str | None
    title: str | None
    profile: str


@dataclass(frozen=True)
class PlannedFetch:
    base_path: str
    content_id: str | None
    reason: str  # new, updated, recheck
    profiles: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None


def usable_mark(mark: datetime | None, *, now: datetime) -> datetime | None:
    """The mark, unless it lies further in the future than clock skew explains (then none)."""
    return mark if mark is not None and mark <= now + FUTURE_SKEW else None


def high_water_marks(hits: list[SearchHit], failed_paths: set[str], *,
                     now: datetime | None = None) -> dict[str, datetime]:
    """Per profile, the newest hit's time, held just below the oldest hit whose page failed.

    Hits dated after `now` (default: the current time) plus FUTURE_SKEW are fetched like any
    other but never move a mark.
    """
    now = now or datetime.now(timezone.utc)
    marks: dict[str, datetime] = {}
    held: dict[str, datetime] = {}
    for hit in hits:
        ts = usable_mark(parse_time(hit.public_timestamp), now=now)
        if ts is None:
            continue
        if hit.base_path in failed_paths:
            held[hit.profile] = min(ts, held.get(hit.profile, ts))
        marks[hit.profile] = max(ts, marks.get(hit.profile, ts))
    for profile, oldest_failed in held.items():
        marks[profile] = min(marks[profile], oldest_failed - timedelta(microseconds=1))
    return marks


def unique_hits(hits: list[SearchHit]) -> dict[str, tuple[SearchHit, tuple[str, ...]]]:
    """Hits keyed by content_id (or path), with every profile that found each."""
    out: dict[str, tuple[SearchHit, tuple[str, ...]]] = {}
    for hit in hits:
        key = hit.content_id or hit.base_path
        if key in out:
            first, profiles = out[key]
            if hit.profile not in profiles:
                out[key] = (first, profiles + (hit.profile,))
        else:
            out[key] = (hit, (hit.profile,))
    return out


def plan_fetches(
    hits: list[SearchHit],
    known: dict[str, KnownDocument],
    *,
    now: datetime,
    recheck_after: timedelta,
    recheck_limit: int,
) -> list[PlannedFetch]:
    """New and updated pages from search, then the stalest known pages up to recheck_limit."""
    plan: list[PlannedFetch] = []
    planned: set[str] = set()
    by_path = {d.base_path: d for d in known.values()}
    for key, (hit, profiles) in unique_hits(hits).items():
        doc = known.get(hit.content_id or "") or (None if hit.content_id else by_path.get(hit.base_path))
        if doc is None:
            plan.append(PlannedFetch(hit.base_path, hit.content_id, "new", profiles))
            planned.add(key)
            continue
        found = parse_time(hit.public_timestamp)
        stored = parse_time(doc.public_updated_at)
        if found is None or stored is None or found > stored:
            reason = "updated"
        elif hit.base_path != doc.base_path:
            reason = "moved"  # same content, new slug: fetch the path search gave
        else:
            continue
        plan.append(PlannedFetch(hit.base_path, doc.content_id, reason, profiles, doc.etag, doc.last_modified))
        planned.add(doc.content_id)
    stale = sorted(
        (d for d in known.values()
         if d.content_id not in planned and now - parse_time(d.last_checked_at) >= recheck_after),
        key=lambda d: (d.last_checked_at, d.base_path),
    )
    for doc in stale[:recheck_limit]:
        plan.append(PlannedFetch(doc.base_path, doc.content_id, "recheck", (), doc.etag, doc.last_modified))
    return plan
