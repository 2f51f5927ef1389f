"""Choosing what to fetch: new pages, pages with a newer major update, and stale pages to re-check.

Plain functions over plain data: the flow reads the known documents from the warehouse and the
search hits from GOV.UK, and this module decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from foundation.timestamps import parse_time
from govuk.discovery import SearchHit

SEARCH_OVERLAP = timedelta(days=1)
# Re-checks: a page published or changed within RECENT is re-checked every recheck_after; older
# pages earn a longer interval, in proportion to their age, up to MAX_STRETCH times as long.
RECENT = timedelta(days=90)
MAX_STRETCH = 12.0
_FLOOR = datetime.min.replace(tzinfo=timezone.utc)  # how far behind its high-water mark each search looks again
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
class PlannedFetch:
    base_path: str
    content_id: str | None
    reason: str  # new, updated, moved, withdrawn, recheck
    profiles: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    published: str | None = None  # the search hit's public_timestamp, when search found it


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


def recheck_priority(doc: KnownDocument, *, now: datetime, recheck_after: timedelta) -> float:
    """How overdue a re-check is: time since the last check over the interval the page's age earns."""
    changed = parse_time(doc.public_updated_at) or parse_time(doc.last_checked_at) or now
    stretch = min(MAX_STRETCH, max(1.0, (now - changed) / RECENT))
    interval = recheck_after * stretch
    since_check = now - (parse_time(doc.last_checked_at) or now)
    return since_check / interval if interval > timedelta(0) else float("inf")


def plan_fetches(
    hits: list[SearchHit],
    known: dict[str, KnownDocument],
    *,
    now: datetime,
    recheck_after: timedelta,
    recheck_limit: int,
    withdrawn: list[SearchHit] = (),
) -> list[PlannedFetch]:
    """New and updated pages from search, known pages search now lists as withdrawn, then re-checks.

    Re-checks go to the stale pages (unchecked for recheck_after) most overdue for their age, so
    recently published and recently changed pages come first and old ones are never starved.
    """
    plan: list[PlannedFetch] = []
    planned: set[str] = set()
    by_path = {d.base_path: d for d in known.values()}

    def known_doc(hit: SearchHit) -> KnownDocument | None:
        return known.get(hit.content_id or "") or (None if hit.content_id else by_path.get(hit.base_path))

    for key, (hit, profiles) in unique_hits(hits).items():
        doc = known_doc(hit)
        if doc is None:
            plan.append(PlannedFetch(hit.base_path, hit.content_id, "new", profiles, published=hit.public_timestamp))
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
        plan.append(PlannedFetch(hit.base_path, doc.content_id, reason, profiles, doc.etag, doc.last_modified,
                                 hit.public_timestamp))
        planned.add(doc.content_id)
    for hit, profiles in unique_hits(list(withdrawn)).values():
        doc = known_doc(hit)
        if doc is None or doc.status == "withdrawn" or doc.content_id in planned:
            continue
        plan.append(PlannedFetch(doc.base_path, doc.content_id, "withdrawn", profiles, doc.etag, doc.last_modified,
                                 hit.public_timestamp))
        planned.add(doc.content_id)
    stale = sorted(
        (d for d in known.values()
         if d.content_id not in planned and now - parse_time(d.last_checked_at) >= recheck_after),
        key=lambda d: (-recheck_priority(d, now=now, recheck_after=recheck_after), d.last_checked_at, d.base_path),
    )
    for doc in stale[:recheck_limit]:
        plan.append(PlannedFetch(doc.base_path, doc.content_id, "recheck", (), doc.etag, doc.last_modified))
    return plan


def cap_first_run(planned: list[PlannedFetch], first_run: set[str] | frozenset[str],
                  limit: int) -> tuple[list[PlannedFetch], list[PlannedFetch]]:
    """Keep the newest `limit` new pages found only by profiles on their first run; return (kept, left).

    Pages an established profile found, updates and re-checks are never capped.
    """
    capped = [i for i, p in enumerate(planned)
              if p.reason == "new" and p.profiles and set(p.profiles) <= set(first_run)]
    if len(capped) <= limit:
        return list(planned), []
    newest_first = sorted(capped, key=lambda i: (parse_time(planned[i].published) or _FLOOR, -i), reverse=True)
    left = set(newest_first[limit:])
    return ([p for i, p in enumerate(planned) if i not in left],
            [planned[i] for i in sorted(left, key=newest_first.index)])


@dataclass(frozen=True)
class FrontierIndex:
    """Each profile's hits newest first, read once, so a run can move its frontiers after every batch."""

    newest_first: dict[str, tuple[tuple[datetime, str], ...]]

    @classmethod
    def of(cls, hits: list[SearchHit]) -> "FrontierIndex":
        by_profile: dict[str, list[tuple[datetime, str]]] = {}
        for hit in hits:
            stamp = parse_time(hit.public_timestamp)
            if stamp is not None:
                by_profile.setdefault(hit.profile, []).append((stamp, hit.base_path))
        return cls({p: tuple(sorted(items, key=lambda x: x[0], reverse=True)) for p, items in by_profile.items()})

    def frontiers(self, pending: set[str]) -> dict[str, datetime]:
        """Per profile, the oldest publication time down to which every hit is in hand (none pending).

        Newest first, a profile's frontier stops just above its newest hit still pending (left by the
        first-run cap, failed, or not fetched yet); a profile whose newest hit is pending has none.
        """
        out: dict[str, datetime] = {}
        for profile, items in self.newest_first.items():
            frontier = None
            for stamp, path in items:
                if path in pending:
                    break
                frontier = stamp
            if frontier is not None:
                out[profile] = frontier
        return out


@dataclass(frozen=True)
class ProfilePlan:
    """What a run would do for one profile: the dry run's answer, and the first run's account."""

    profile: str
    first_run: bool
    in_search: int  # results search holds for the profile's query
    new: int
    updated: int  # updated, moved or now withdrawn
    oldest: str | None  # publication times of the pages it would fetch
    newest: str | None
    sample: tuple[str, ...]  # titles of the newest few
    left_for_backfill: int
    left_before: str | None  # the pages left are published before this


def profile_plan(profile: str, hits: list[SearchHit], *, in_search: int, first_run: bool,
                 chosen: list[PlannedFetch], left: list[PlannedFetch], sample_size: int = 5) -> ProfilePlan:
    """One profile's share of a plan (a page two profiles found counts for both)."""
    mine = [p for p in chosen if profile in p.profiles]
    titles = {h.base_path: h.title for h in hits}
    stamps = sorted(t for t in (parse_time(p.published) for p in mine) if t is not None)
    left_mine = [p for p in left if profile in p.profiles]
    left_count = left_before = None
    if first_run:
        unwalked = max(0, in_search - len(hits))
        left_count = unwalked + len(left_mine)
        left_stamps = [t for t in (parse_time(p.published) for p in left_mine) if t is not None]
        hit_stamps = [t for t in (parse_time(h.public_timestamp) for h in hits) if t is not None]
        if left_stamps:
            left_before = max(left_stamps)
        elif unwalked and hit_stamps:
            left_before = min(hit_stamps)
    newest_first = sorted(mine, key=lambda p: parse_time(p.published) or _FLOOR, reverse=True)
    return ProfilePlan(
        profile=profile, first_run=first_run, in_search=in_search,
        new=sum(1 for p in mine if p.reason == "new"),
        updated=sum(1 for p in mine if p.reason in ("updated", "moved", "withdrawn")),
        oldest=stamps[0].isoformat() if stamps else None, newest=stamps[-1].isoformat() if stamps else None,
        sample=tuple(t for t in (titles.get(p.base_path) for p in newest_first[:sample_size]) if t),
        left_for_backfill=left_count or 0, left_before=left_before.isoformat() if left_before else None,
    )
