"""Prefect tasks: each calls the pure core or the client, adding retries, logging and run bookkeeping.

Network tasks retry; warehouse tasks open the DuckDB file only for as long as they write.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prefect import task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.concurrency.sync import rate_limit
from prefect.logging import get_run_logger

from foundation.errors import FetchError, ParseError, SendMonitorError
from foundation.settings import GOVUK_LIMIT, Profile, Settings
from govuk import discovery
from govuk.client import ContentRequest, FetchResult, GaveUp, GovukClient, SlowAnswer, user_agent
from govuk.ratelimit import RateLimitBreaker, RateLimited, SharedRateLimiter
from warehouse import ingest, load, parsing, plan, queries, state
from warehouse.runs import RunCounts
from warehouse.state import StateKind
from warehouse.store import HeldWriter, connect

if TYPE_CHECKING:
    import duckdb


def worth_retrying(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a network task when GOV.UK kept answering badly (5xx, 429) through the client's retries, or
    its answer came too slowly or would not parse (cut short in transit, most likely).

    Nothing else is mended by waiting: a refused connection or an unknown host is a wrong base URL
    or a machine offline, a 404 or a bad warehouse file fails the same a minute later, and waiting
    only hides the cause.
    """
    exc = state.data if isinstance(state.data, BaseException) else None
    if not isinstance(exc, (GaveUp, SlowAnswer, ParseError)):
        return False  # a 404, a refused link, a bad warehouse file or a bug: the same a minute later
    get_run_logger().warning("%s failed (%s); trying once more in about a minute", task_run.name, exc)
    return True


# The client already retries each request with backoff; one task-level retry, later, covers an
# outage longer than that without multiplying requests (GOV.UK bans clients that hammer it).
NETWORK = dict(retries=1, retry_delay_seconds=60, retry_jitter_factor=0.5, cache_policy=NO_CACHE,
               retry_condition_fn=worth_retrying)
LOCAL = dict(cache_policy=NO_CACHE)
# A flow waits this long for someone's query to release the warehouse before failing clearly;
# readers (send-monitor sql) wait only 10 s, since a run may hold the file for a while.
WRITER_WAIT_SECONDS = 120.0


def take_govuk_slot() -> None:
    """One slot of the `govuk-requests` global rate limit (created by `send-monitor serve`)."""
    rate_limit(GOVUK_LIMIT, occupy=1, strict=False)


def govuk_limit_exists() -> bool:
    """Whether the Prefect API in use has the shared GOV.UK rate limit (asked once per API).

    Without it (ephemeral Prefect, or a server set up by hand) each request would log a warning.
    """
    from prefect.settings import PREFECT_API_URL

    return _limit_exists_at(PREFECT_API_URL.value() or "")


@functools.lru_cache(maxsize=16)
def _limit_exists_at(api_url: str) -> bool:
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    try:
        with get_client(sync_client=True) as client:
            client.read_global_concurrency_limit_by_name(GOVUK_LIMIT)
    except ObjectNotFound:
        return False
    return True


def rate_budget_path(settings: Settings) -> Path:
    """The file that holds this machine's GOV.UK request budget: beside the warehouse, shared by its runs."""
    return Path(settings.db).parent / ".govuk-requests.budget"


def make_breaker(settings: Settings) -> RateLimitBreaker:
    """The run's 429 breaker: its pauses hold every client of the run, and other runs sharing the budget."""
    return RateLimitBreaker(pause_seconds=settings.rate_limit_pause_seconds, max_pauses=settings.rate_limit_max_pauses,
                            budget=SharedRateLimiter(rate_budget_path(settings)),
                            say=lambda message: get_run_logger().warning(message))


def make_client(settings: Settings, breaker: RateLimitBreaker | None = None) -> GovukClient:
    return GovukClient(
        settings.base_url,
        rate_budget=SharedRateLimiter(rate_budget_path(settings)),
        breaker=breaker,
        user_agent=user_agent(settings.contact),
        before_request=take_govuk_slot if settings.source == "live" and govuk_limit_exists() else None,
        allowed_hosts=settings.allowed_hosts,
        requests_per_second=settings.requests_per_second,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        max_bytes=settings.max_response_bytes,
        max_retries=settings.max_retries,
    )


def _mark_key(settings: Settings, profile: str) -> str:
    return state.state_key(StateKind.HIGH_WATER_MARK, settings.base_url, profile)


def _frontier_key(settings: Settings, profile: str) -> str:
    # The oldest publication time down to which a profile's pages are all in the warehouse: a
    # capped first run sets it, and backfill carries on below it (and resumes there if stopped).
    return state.state_key(StateKind.BACKFILL_FRONTIER, settings.base_url, profile)


def _sweep_key(settings: Settings, profile: str) -> str:
    return state.state_key(StateKind.WITHDRAWN_SWEEP, settings.base_url, profile)


@task(**LOCAL)
def profiles_due_a_sweep(settings: Settings, *, now: datetime | None = None) -> list[Profile]:
    """Profiles whose withdrawn pages were last asked for `withdrawn_sweep_hours` ago or more (or never).

    One request a profile; between sweeps, re-checks still catch a withdrawal (a withdrawn page answers
    with its notice), so an hourly schedule costs one search request a profile, not two.
    """
    now = now or load.utcnow()
    swept = _profile_states(settings, StateKind.WITHDRAWN_SWEEP)
    due = timedelta(hours=settings.withdrawn_sweep_hours)
    return [p for p in settings.profiles
            if (last := plan.parse_time(swept.get(p.name))) is None or now - last >= due or last > now]


@task(**LOCAL)
def save_sweeps(settings: Settings, profiles: list[str], *, at: datetime) -> None:
    """Record when these profiles' withdrawn pages were asked for."""
    with connect(settings.db, wait_seconds=WRITER_WAIT_SECONDS) as conn:
        for name in profiles:
            state.set_state(conn, _sweep_key(settings, name), at.isoformat())


def _taxon_key(settings: Settings, path: str) -> str:
    return state.state_key(StateKind.TAXON, settings.base_url, path)


def read_warehouse(settings: Settings, read: Any, default: Any) -> Any:
    """`read(conn)` on a read-only connection, or `default` when the warehouse does not exist yet."""
    if not Path(settings.db).exists():
        return default
    with connect(settings.db, read_only=True, wait_seconds=WRITER_WAIT_SECONDS) as conn:
        return read(conn)


def _profile_states(settings: Settings, kind: StateKind) -> dict[str, str]:
    """Each profile's stored value of one kind (a mark, a frontier, a sweep time), where one is stored."""
    keys = {p.name: state.state_key(kind, settings.base_url, p.name) for p in settings.profiles}
    stored = read_warehouse(settings, lambda conn: {n: state.get_state(conn, k) for n, k in keys.items()}, {})
    return {name: value for name, value in stored.items() if value}


@task(**LOCAL)
def start_run(settings: Settings, flow: str, flow_run_id: str | None, *, status: str = "running") -> int:
    """Open a row in `runs` and return its id; runs left `running` by a killed process are closed first.

    Called with the warehouse's run lock held, so any other `running` row belongs to a dead process.
    """
    with connect(settings.db, wait_seconds=WRITER_WAIT_SECONDS) as conn:
        return load.open_run(conn, flow=flow, source=settings.source, base_url=settings.base_url,
                             flow_run_id=flow_run_id, status=status)


@task(**LOCAL)
def record_run_error(db: Path, run_id: int, *, stage: str, message: str) -> None:
    """An error of the run itself (not of one page), in `errors`."""
    with connect(db, wait_seconds=WRITER_WAIT_SECONDS) as conn:
        load.record_error(conn, run_id, stage, message=message)


@task(**LOCAL)
def finish_run(db: Path, run_id: int, summary: dict[str, Any], *, status: str) -> None:
    with connect(db, wait_seconds=WRITER_WAIT_SECONDS) as conn:
        load.finish_run(conn, run_id, status=status, counts=RunCounts.of(summary))


@task(**NETWORK)
def resolve_taxons(settings: Settings, client: GovukClient, *, save: bool = True) -> dict[str, str]:
    """Content ids of the taxons the profiles name, resolved once through the Content API and cached.

    With save=False (a dry run) the cache is read if there is one and nothing is written.
    """
    paths = sorted({p.taxon for p in settings.profiles if p.taxon})
    cached = read_warehouse(settings, lambda conn: {
        path: state.get_state(conn, _taxon_key(settings, path)) for path in paths}, {})
    resolved = {path: cid for path, cid in cached.items() if cid}
    missing = [p for p in paths if p not in resolved]
    if missing:
        fresh = {path: client.resolve_taxon_id(path) for path in missing}
        if save:
            with connect(settings.db, wait_seconds=WRITER_WAIT_SECONDS) as conn:
                for path, cid in fresh.items():
                    state.set_state(conn, _taxon_key(settings, path), cid)
        resolved.update(fresh)
        get_run_logger().info("Resolved taxons %s", fresh)
    return resolved


@task(**LOCAL)
def record_discovery_error(db: Path, run_id: int, error: SendMonitorError) -> None:
    """Write a failed discovery (a search that could not be made or read) to `errors`, with its URL."""
    with connect(db, wait_seconds=WRITER_WAIT_SECONDS) as conn:
        load.record_error(conn, run_id, "discover", message=str(error), base_path=error.base_path,
                          content_id=error.content_id, url=error.url)


@task(**NETWORK, task_run_name="discover-{profile.name}")
def discover(settings: Settings, client: GovukClient, profile: Profile, *, taxon_ids: dict[str, str],
             incremental: bool = True, stored_mark: str | None = None,
             window: tuple[str | None, str | None] = (None, None), run_id: int | None = None) -> discovery.ProfileSearch:
    """Page through the Search API for one profile, newest first, down to its high-water mark (`read_marks`).

    A profile with no mark yet (its first run) stops after `first_run_max_pages` hits. A backfill
    (incremental=False) walks the whole `window` (from, to) instead. Links refused as unsafe are
    written to `errors` when run_id is given.
    """
    logger = get_run_logger()
    stored = plan.parse_time(stored_mark) if incremental else None
    mark = plan.usable_mark(stored, now=load.utcnow())
    if stored is not None and mark is None:
        # A mark saved before future dates were ignored would hide everything published until then.
        logger.warning("Profile %s: ignoring high-water mark %s, which is in the future", profile.name,
                       stored.isoformat())
    # Look a day behind the mark: pages tagged or indexed late still turn up, and the planner
    # skips the ones we already have.
    hwm = (mark - plan.SEARCH_OVERLAP).isoformat() if mark else None
    params = profile.search_params(taxon_ids.get(profile.taxon or ""))
    since, until = window
    if since or until:
        bounds = ",".join(part for part in (since and f"from:{since}", until and f"to:{until}") if part)
        params.append(("filter_public_timestamp", bounds))
    limit = settings.first_run_max_pages if incremental and mark is None else None
    # A scheduled run reads one page down to its mark, so `page_size` stays small; a first run or a
    # backfill walks everything, where each request is a rate-limited round trip (at 5 a second,
    # 7,000 hits were 14 s a profile in pages of 100, 1.4 s in pages of 1,000).
    page_size = settings.page_size if mark is not None else max(settings.page_size, discovery.WALK_PAGE_SIZE)
    found = discovery.search_profile(client, profile, params, page_size=page_size, newer_than=hwm, limit=limit)
    for exc in found.refused:
        logger.warning("Refused search result: %s", exc)
    if found.refused and run_id is not None:
        with connect(settings.db, wait_seconds=WRITER_WAIT_SECONDS) as conn:
            for exc in found.refused:
                load.record_error(conn, run_id, "discover", message=str(exc), base_path=exc.base_path, url=exc.url)
    scope = (f"first run, search holds {found.total}, capped at {limit}" if limit is not None
             else f"newer than {hwm}" if hwm else f"window {bounds}" if since or until else "everything")
    logger.info("Profile %s: %d result(s) (%s)", profile.name, len(found.hits), scope)
    return found


@task(**NETWORK, task_run_name="withdrawn-{profile.name}")
def discover_withdrawn(client: GovukClient, profile: Profile, *, taxon_ids: dict[str, str]) -> discovery.ProfileSearch:
    """The profile's pages search lists as withdrawn (debug=include_withdrawn, filter_is_withdrawn=true)."""
    params = profile.search_params(taxon_ids.get(profile.taxon or ""))
    return discovery.withdrawn_hits(client, profile, params)


@task(**LOCAL)
def read_marks(settings: Settings) -> dict[str, str]:
    """Each profile's stored high-water mark (ISO time), where one is stored: one connection for all."""
    return _profile_states(settings, StateKind.HIGH_WATER_MARK)


@task(**LOCAL)
def read_frontiers(settings: Settings) -> dict[str, str]:
    """Each profile's backfill frontier (ISO time), where one is stored."""
    return _profile_states(settings, StateKind.BACKFILL_FRONTIER)


@dataclass(frozen=True)
class FrontierMove:
    """What a batch's load also does on a first run or backfill: move the frontiers of `index`'s
    profiles down to where every page is in hand, `pending` being those not in hand before it."""

    settings: Settings
    index: plan.FrontierIndex
    pending: frozenset[str]


def _move_frontiers(conn: duckdb.DuckDBPyConnection, move: FrontierMove, pending: set[str]) -> None:
    """Move each frontier down (never up)."""
    for profile, frontier in move.index.frontiers(pending).items():
        old = plan.parse_time(state.get_state(conn, _frontier_key(move.settings, profile)))
        if old is None or frontier < old:
            state.set_state(conn, _frontier_key(move.settings, profile), frontier.isoformat())


@task(**LOCAL)
def save_high_water_marks(settings: Settings, hits: list[discovery.SearchHit], failed: list[plan.PlannedFetch]) -> None:
    """Move each profile's mark to its newest hit, but never past a page that failed this run, nor into the future."""
    now = load.utcnow()
    with connect(settings.db, wait_seconds=WRITER_WAIT_SECONDS) as conn:
        for profile, mark in plan.high_water_marks(hits, {f.base_path for f in failed}, now=now).items():
            key = _mark_key(settings, profile)
            # A stored mark in the future is not a mark at all: replace it rather than keep it.
            old = plan.usable_mark(plan.parse_time(state.get_state(conn, key)), now=now)
            if old is None or mark > old:
                state.set_state(conn, key, mark.isoformat())


@task(**LOCAL)
def choose_documents(settings: Settings, hits: list[discovery.SearchHit], *, withdrawn: list[discovery.SearchHit] = (),
                     now: datetime | None = None) -> list[plan.PlannedFetch]:
    """New or updated pages from search, known pages now withdrawn, and stale known pages to re-check."""
    rows = read_warehouse(settings, load.known_documents, [])
    known = {r[0]: plan.KnownDocument(*r) for r in rows}
    chosen = plan.plan_fetches(
        hits, known, now=now or load.utcnow(), withdrawn=list(withdrawn),
        recheck_after=timedelta(days=settings.recheck_after_days), recheck_limit=settings.recheck_limit,
    )
    reasons = {r: sum(1 for p in chosen if p.reason == r) for r in ("new", "updated", "moved", "withdrawn", "recheck")}
    get_run_logger().info("Chose %d page(s) to fetch: %s", len(chosen), reasons)
    return chosen


@task(**NETWORK, task_run_name="fetch-content-items-{batch_number}")
def fetch_content_items(client: GovukClient, batch: list[plan.PlannedFetch], *, batch_number: int = 0,
                        workers: int = 1,
                        ) -> tuple[list[tuple[plan.PlannedFetch, FetchResult | parsing.FetchFailure]], RateLimited | None]:
    """Fetch a batch of pages through the Content API, up to `workers` at once; a page that fails is
    returned as a parsing.FetchFailure.

    When GOV.UK's 429s outlast the breaker, the batch stops there: the pages fetched so far come
    back with the RateLimited error, and the rest are left for the next run.
    """
    logger = get_run_logger()
    pages = [ContentRequest(item.base_path, item.etag, item.last_modified) for item in batch]
    out: list[tuple[plan.PlannedFetch, FetchResult | parsing.FetchFailure]] = []
    stopped: RateLimited | None = None
    for item, result in zip(batch, client.fetch_each(pages, workers=workers)):
        if result is None:
            continue  # not begun: the run was already stopping
        if isinstance(result, RateLimited):
            if stopped is None:
                logger.error("%s", result)
                stopped = result
        elif isinstance(result, FetchError):
            logger.warning("Fetch failed: %s", result)
            out.append((item, parsing.FetchFailure(str(result), result.url)))
        else:
            out.append((item, result))
    return out, stopped


@dataclass
class BatchLoaded:
    """What archiving and loading one batch did: its counts, and the pages to try again next run."""

    counts: RunCounts
    failed: list[plan.PlannedFetch]


@task(**LOCAL, task_run_name="archive-load-{batch_number}")
def load_batch(writer: HeldWriter, run_id: int,
               fetched: list[tuple[plan.PlannedFetch, FetchResult | parsing.FetchFailure]],
               parsed: list[parsing.Parsed | None], *, batch_number: int = 0,
               frontiers: FrontierMove | None = None) -> BatchLoaded:
    """Archive and load a parsed batch in one transaction, on the run's held writer connection;
    then move the frontiers, if given, to the pages now in hand (one task a batch, not two)."""
    logger = get_run_logger()
    counts = RunCounts()
    failed: list[plan.PlannedFetch] = []
    with writer.batch() as conn:
        done = ingest.ingest_batch(conn, run_id, fetched, parsed)
        if frontiers is not None:
            in_hand = {item.base_path for (item, _), page in zip(fetched, done) if not page.failed}
            _move_frontiers(conn, frontiers, set(frontiers.pending) - in_hand)
    for (item, _), page in zip(fetched, done):
        counts.add(page.counts)
        if page.failed:
            failed.append(item)
            logger.error("%s (raw body kept for reparse)", page.message)
        elif page.flagged:
            logger.info("%s: %d flagged change(s)", item.base_path, page.flagged)
    return BatchLoaded(counts, failed)


@task(**LOCAL)
def flagged_changes_for_run(db: Path, run_id: int) -> list[dict[str, Any]]:
    """The run's flagged changes with their documents, for reports and alerts."""
    with connect(db, wait_seconds=WRITER_WAIT_SECONDS) as conn:
        return queries.flagged_for_run(conn, run_id)
