"""Choosing what to fetch: new pages, pages with a newer major update, and stale pages to re-check.

Plain functions over plain data: the flow reads the known documents from the warehouse and the
search hits from GOV.UK, and this module decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


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


def parse_time(value: str | None) -> datetime | None:
    """GOV.UK timestamps ("2024-10-24T00:01:00.000+01:00", "...Z") as aware datetimes."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


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
    for key, (hit, profiles) in unique_hits(hits).items():
        doc = known.get(hit.content_id or "")
        if doc is None:
            plan.append(PlannedFetch(hit.base_path, hit.content_id, "new", profiles))
        else:
            found = parse_time(hit.public_timestamp)
            if found is None or doc.public_updated_at is None or found > doc.public_updated_at:
                # A search path may be newer than ours (a renamed slug): fetch the one search gave.
                plan.append(PlannedFetch(hit.base_path, doc.content_id, "updated", profiles, doc.etag, doc.last_modified))
            else:
                continue
        planned.add(key)
    stale = sorted(
        (d for d in known.values() if d.content_id not in planned and now - d.last_checked_at >= recheck_after),
        key=lambda d: (d.last_checked_at, d.base_path),
    )
    for doc in stale[:recheck_limit]:
        plan.append(PlannedFetch(doc.base_path, doc.content_id, "recheck", (), doc.etag, doc.last_modified))
    return plan
