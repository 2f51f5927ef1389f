"""Discovery: walk GOV.UK search for one profile, as far as a run needs, and say what it holds.

Network through the client, decisions left to `warehouse.plan`: a profile's walk stops at its
high-water mark, or at `limit` hits on a first run, and reports search's own total so a run can
say what it left for backfill.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from foundation.errors import FetchError
from foundation.settings import Profile
from govuk.client import GovukClient

# search-api lists withdrawn items only when asked (lib/search/query_components/visibility_filter.rb);
# is_withdrawn is a boolean filter field (config/schema/field_definitions.json).
WITHDRAWN_PARAMS = (("debug", "include_withdrawn"), ("filter_is_withdrawn", "true"))
# Results a page when a search is read to its end (a first run, a backfill, the withdrawn sweep):
# every page is a rate-limited round trip, so few big ones (GOV.UK allows 1,500). Withdrawn SEND
# pages number in the tens to hundreds: one page per profile.
WALK_PAGE_SIZE = 1000


@dataclass(frozen=True)
class SearchHit:
    """One search result worth a Content API fetch, and the profile that found it."""

    content_id: str | None
    base_path: str
    public_timestamp: str | None
    title: str | None
    profile: str


@dataclass(frozen=True)
class ProfileSearch:
    """What one profile's walk through search found."""

    profile: str
    hits: tuple[SearchHit, ...]
    total: int  # results search holds for the query (within any date window given)
    complete: bool  # walked down to the mark or the end; False when stopped at the limit
    first_run: bool = False
    refused: tuple[FetchError, ...] = ()
    requests: int = 0  # search requests the walk made, retries included


def _hits(client: GovukClient, profile: str, results: Iterable[dict],
          *, refused: list[FetchError], limit: int | None = None) -> tuple[list[SearchHit], bool]:
    hits: list[SearchHit] = []
    for r in results:
        if limit is not None and len(hits) >= limit:
            return hits, False
        link = r.get("link")
        if not isinstance(link, str) or not link.startswith("/"):
            continue  # external links have no Content API item
        try:
            client.content_url(link)  # the check the fetch makes, so an unsafe link never gets that far
        except FetchError as exc:
            refused.append(exc)
            continue
        hits.append(SearchHit(r.get("content_id"), link, r.get("public_timestamp"), r.get("title"), profile))
    return hits, True


def search_profile(client: GovukClient, profile: Profile, params: list[tuple[str, str]], *, page_size: int,
                   newer_than: str | None = None, limit: int | None = None) -> ProfileSearch:
    """Hits newest first, down to `newer_than` (exclusive), or at most `limit` of them."""
    before = client.requests_on_this_thread
    totals: list[int] = []
    results = client.iter_search(params, page_size=page_size if limit is None else max(1, min(page_size, limit + 1)),
                                 newer_than=newer_than, on_total=totals.append)
    refused: list[FetchError] = []
    hits, complete = _hits(client, profile.name, results, refused=refused, limit=limit)
    return ProfileSearch(profile.name, tuple(hits), totals[0] if totals else 0, complete,
                         first_run=newer_than is None and limit is not None, refused=tuple(refused),
                         requests=client.requests_on_this_thread - before)


def withdrawn_hits(client: GovukClient, profile: Profile, params: list[tuple[str, str]]) -> ProfileSearch:
    """The profile's pages that search lists as withdrawn (they leave ordinary results at once)."""
    before = client.requests_on_this_thread
    totals: list[int] = []
    refused: list[FetchError] = []
    results = client.iter_search(list(params) + list(WITHDRAWN_PARAMS), page_size=WALK_PAGE_SIZE,
                                 on_total=totals.append)
    hits, _ = _hits(client, profile.name, results, refused=refused)
    return ProfileSearch(profile.name, tuple(hits), totals[0] if totals else 0, True, refused=tuple(refused),
                         requests=client.requests_on_this_thread - before)
