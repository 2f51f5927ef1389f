"""The `monitor` and `backfill` flows: discover, choose, fetch, archive, parse, load, diff, summarise."""

from __future__ import annotations

import contextlib
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterator

from prefect import flow, runtime
from prefect.futures import wait
from prefect.logging import get_run_logger
# Big arguments go to tasks quoted: Prefect otherwise walks every element looking for futures
# (250 ms for 3,000 search hits, per call).
from prefect.utilities.annotations import quote

from flows import tasks
from flows.alerts import notify_run
from flows.parse_pool import ParsePool
from flows.progress import Progress
from flows.reporting import export_parquet, publish_run_artifacts
from foundation.errors import SendMonitorError, WarehouseBusyError
from foundation.settings import Settings, load_settings
from govuk.client import GovukClient
from govuk.discovery import ProfileSearch, SearchHit
from govuk.ratelimit import RateLimited
from warehouse import load, plan, runs
from warehouse.plan import PlannedFetch, ProfilePlan
from warehouse.store import HeldWriter, run_lock, shared_instance

# Pages fetched, parsed and loaded together (one transaction, one task each); a crash loses the
# batches in flight, which the next run fetches again. Each batch costs ~0.45 s beyond its pages
# (two task runs on the server, a commit, a progress update), so bigger batches are faster (3,000
# pages, interleaved: 41-45 s at 100, 39-43 s at 200, 34-37 s at 250) but hold more pages at once:
# at 250 a 10,000-page first run peaked at 404 MiB, past the 400 MiB it must stay within (200: 394).
BATCH_SIZE = 200
COUNT_KEYS = runs.NAMES


class StageClock:
    """Wall seconds per stage of a run (stage_seconds in its summary), for people asking where the time goes."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + seconds, 3)

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(stage, time.perf_counter() - start)


def run_name(flow_name: str, settings: Settings, profile: str | None = None, *, at: datetime | None = None) -> str:
    """`monitor-all-profiles-live-20261127-090000`: scope, source and (scheduled) start time."""
    names = [p.name for p in settings.profiles]
    scope = profile or ("all-profiles" if len(names) > 1 else ",".join(names))
    return f"{flow_name}-{scope}-{settings.source}-{(at or datetime.now(timezone.utc)):%Y%m%d-%H%M%S}"


def run_tags(settings: Settings) -> list[str]:
    """Tags that let the UI filter runs by source (live or replay) and discovery profile."""
    return [f"source:{settings.source}"] + [f"profile:{p.name}" for p in settings.profiles]


def _settings_of(parameters: dict[str, Any]) -> Settings:
    profile = parameters.get("profile")
    return settings_from(parameters.get("config"), db=parameters.get("db"), base_url=parameters.get("base_url"),
                         profiles=[profile] if profile else parameters.get("profiles"))


def named_for(flow_name: str) -> Callable[[], str]:
    """The flow-run name function: the name a run was created with (`launch`), else one built from its parameters.

    Built from the scheduled start time, so the name is the same however often it is asked for.
    """
    def name() -> str:
        current = runtime.flow_run.name
        if current and current.startswith(f"{flow_name}-"):
            return current
        at = runtime.flow_run.scheduled_start_time
        try:
            settings = _settings_of(runtime.flow_run.parameters)
        except SendMonitorError:  # the flow itself reports the bad setting; the name need not
            return f"{flow_name}-{(at or datetime.now(timezone.utc)):%Y%m%d-%H%M%S}"
        return run_name(flow_name, settings, at=at)

    return name


def launch(flow_obj: Any, **parameters: Any) -> Any:
    """Run a flow from the command line as a flow run created with its final name and tags (one name in the UI)."""
    from prefect.client.orchestration import get_client
    from prefect.flow_engine import run_flow
    from prefect.states import Pending

    settings = _settings_of(parameters)
    at = datetime.now(timezone.utc)
    with get_client(sync_client=True) as client:
        flow_run = client.create_flow_run(flow=flow_obj, name=run_name(flow_obj.name, settings, at=at),
                                          parameters=flow_obj.serialize_parameters(parameters),
                                          tags=run_tags(settings), state=Pending())
    return run_flow(flow_obj, flow_run=flow_run, parameters=parameters)


def tag_flow_run(settings: Settings) -> None:
    """Add the source and profile tags to a run that lacks them (a deployment's run; `launch` tags at creation)."""
    from prefect.client.orchestration import get_client

    flow_run_id = runtime.flow_run.id
    wanted = set(run_tags(settings))
    if not flow_run_id or wanted <= set(runtime.flow_run.tags or []):
        return
    with get_client(sync_client=True) as client:
        current = client.read_flow_run(flow_run_id).tags or []
        client.update_flow_run(flow_run_id, tags=sorted(set(current) | wanted))


def settings_from(config: str | None, **overrides: Any) -> Settings:
    """Flow parameters → Settings (the config file plus environment, then the parameters)."""
    return load_settings(config, **overrides)


@dataclass
class Discovery:
    """Every profile's search walk, and each profile's sweep of the pages search lists as withdrawn."""

    searches: list[ProfileSearch]
    sweeps: list[ProfileSearch]

    @property
    def withdrawn(self) -> list[SearchHit]:
        return [h for s in self.sweeps for h in s.hits]

    @property
    def hits(self) -> list[SearchHit]:
        return [h for s in self.searches for h in s.hits]

    @property
    def first_run(self) -> set[str]:
        return {s.profile for s in self.searches if s.first_run}

    @property
    def search_requests(self) -> int:
        return sum(s.requests for s in self.searches + self.sweeps)


def _discover(settings: Settings, client: GovukClient, *, incremental: bool,
              windows: dict[str, tuple[str | None, str | None]], run_id: int | None, save_taxons: bool = True,
              withdrawn: bool = True) -> Discovery:
    taxon_ids = tasks.resolve_taxons(settings, client, save=save_taxons)
    marks = tasks.read_marks(settings) if incremental else {}
    # Every profile's walk at once, inside the run's one rate limit: one after another, each request
    # also waited out the one before it (GOV.UK answers a search in a few hundred milliseconds).
    searches = [tasks.discover.submit(settings, client, profile, taxon_ids=taxon_ids, incremental=incremental,
                                      stored_mark=marks.get(profile.name),
                                      window=windows.get(profile.name, (None, None)), run_id=run_id)
                for profile in settings.profiles]
    sweeps = []
    try:
        # A withdrawn page leaves ordinary search at once; search still lists it when asked, so a run
        # sees the withdrawal directly (re-checks stay the safety net). Nothing to compare on a first run.
        if withdrawn and tasks.read_warehouse(settings, load.has_documents, False):
            sweeps = [tasks.discover_withdrawn.submit(client, profile, taxon_ids=taxon_ids)
                      for profile in tasks.profiles_due_a_sweep(settings)]
    finally:
        wait(searches + sweeps)  # every walk ends before any result (or failure) is read: none outlives discovery
    return Discovery([f.result() for f in searches], [f.result() for f in sweeps])  # the first failure raised


def _discover_all(settings: Settings, client: GovukClient, run_id: int, summary: dict[str, Any], *,
                  incremental: bool, windows: dict[str, tuple[str | None, str | None]]) -> Discovery:
    """Search hits of every profile; a failed discovery is written to `errors` before the run fails."""
    try:
        found = _discover(settings, client, incremental=incremental, windows=windows, run_id=run_id,
                          withdrawn=incremental)
        summary["errors"] += sum(len(s.refused) for s in found.searches)
    except SendMonitorError as exc:
        summary["errors"] += 1
        try:
            tasks.record_discovery_error(settings.db, run_id, exc)
            exc.recorded = True  # the run's failure handler need not write it again
        except Exception:  # noqa: BLE001 - the discovery error is the one to raise
            get_run_logger().exception("Could not record the discovery error in the warehouse")
        raise
    return found


def _plan(settings: Settings, found: Discovery) -> tuple[list[PlannedFetch], list[PlannedFetch], list[ProfilePlan]]:
    """What to fetch, what the first-run cap leaves for backfill, and each profile's account of both."""
    chosen = tasks.choose_documents(settings, quote(found.hits), withdrawn=quote(found.withdrawn))
    kept, left = plan.cap_first_run(chosen, found.first_run, settings.first_run_max_pages)
    profiles = [plan.profile_plan(s.profile, list(s.hits), in_search=s.total, first_run=s.first_run,
                                  chosen=kept, left=left)
                for s in found.searches if s.hits or s.total or s.first_run]
    return kept, left, profiles


def _left_for_backfill(found: Discovery, left: list[PlannedFetch]) -> int:
    """Distinct pages the cap left, plus those search holds beyond where a capped walk stopped."""
    return len(left) + sum(max(0, s.total - len(s.hits)) for s in found.searches if s.first_run and not s.complete)


class _Pipeline:
    """The load end of a run's batches: load one, then count it, move frontiers and progress, stop if told."""

    def __init__(self, settings: Settings, run_id: int, summary: dict[str, Any], *, clock: StageClock,
                 hits: list[SearchHit], pending: set[str], tracked: set[str], failed: list[PlannedFetch],
                 progress: Progress | None, total: int) -> None:
        self.settings, self.run_id, self.summary, self.clock = settings, run_id, summary, clock
        self.pending, self.tracked, self.failed = pending, tracked, failed
        # Read once: every batch moves the frontiers, and 3,000 hits re-read 30 times cost seconds.
        self.frontier_index = plan.FrontierIndex.of([h for h in hits if h.profile in tracked]) if tracked else None
        self.progress, self.total, self.done = progress, total, 0
        self.writer = HeldWriter(settings.db, wait_seconds=tasks.WRITER_WAIT_SECONDS)

    def load(self, number: int, fetched: list, stopped: RateLimited | None, parsing: Callable[[], list]) -> None:
        with self.clock("parse_wait"):  # parsing beyond what overlapped the previous load
            parsed = parsing()
        move = (tasks.FrontierMove(self.settings, self.frontier_index, frozenset(self.pending))
                if self.frontier_index is not None else None)
        with self.clock("load"):
            loaded = tasks.load_batch(self.writer, self.run_id, quote(fetched), quote(parsed), batch_number=number,
                                      frontiers=quote(move))
        self.failed.extend(loaded.failed)
        for key, value in loaded.counts.as_dict().items():
            self.summary[key] += value
        self.pending -= {item.base_path for item, _ in fetched} - {f.base_path for f in loaded.failed}
        self.done += len(fetched)
        if self.progress is not None:
            self.progress.advance(self.done)
        if stopped is not None:
            raise RateLimited(f"{stopped.problem} after {self.done} of {self.total} page(s); the other "
                              f"{self.total - self.done} are due next run", url=stopped.url)


def _run_pipeline(settings: Settings, flow_name: str, *, incremental: bool,
                  windows: dict[str, tuple[str | None, str | None]] | None = None,
                  track_frontier: bool = False) -> dict[str, Any]:
    flow_run_id = str(runtime.flow_run.id) if runtime.flow_run.id else None
    tag_flow_run(settings)
    try:
        # One database instance for the run's many short tasks (opening DuckDB costs ~50 ms of CPU each time).
        with run_lock(settings.db, wait_seconds=settings.run_lock_wait_seconds), shared_instance(settings.db):
            return _locked_pipeline(settings, flow_name, flow_run_id, incremental=incremental,
                                    windows=windows or {}, track_frontier=track_frontier)
    except WarehouseBusyError as exc:
        # Nothing was fetched; still a failed run people can see: a row, an error and an alert.
        summary: dict[str, Any] = {k: 0 for k in COUNT_KEYS} | {"source": settings.source}
        try:
            summary["run_id"] = run_id = tasks.start_run(settings, flow_name, flow_run_id, status="failed")
            tasks.record_run_error(settings.db, run_id, stage="run", message=str(exc))
            tasks.finish_run(settings.db, run_id, summary, status="failed")
        finally:
            notify_run(settings, summary, flow_run_url=runtime.flow_run.ui_url, failed=True, error=str(exc))
        raise


def _locked_pipeline(settings: Settings, flow_name: str, flow_run_id: str | None, *, incremental: bool,
                     windows: dict[str, tuple[str | None, str | None]], track_frontier: bool) -> dict[str, Any]:
    logger = get_run_logger()
    run_id = tasks.start_run(settings, flow_name, flow_run_id)
    summary: dict[str, Any] = {k: 0 for k in COUNT_KEYS} | {"run_id": run_id, "source": settings.source}
    breaker = tasks.make_breaker(settings)
    # One client for the whole run: one connection pool, and one breaker every request obeys.
    client = tasks.make_client(settings, breaker)
    try:
        clock = StageClock()
        swept_at = load.utcnow()
        with clock("discover"):
            found = _discover_all(settings, client, run_id, summary, incremental=incremental, windows=windows)
        hits = found.hits
        summary["discovered"] = len({h.content_id or h.base_path for h in hits})
        with clock("plan"):
            chosen, left, profiles = _plan(settings, found)
        summary["left_for_backfill"] = _left_for_backfill(found, left)
        summary["first_run"] = [asdict(p) for p in profiles if p.first_run and p.left_for_backfill]
        summary["first_run_max_pages"] = settings.first_run_max_pages
        if summary["left_for_backfill"]:
            logger.warning("First run: fetching the newest %d new page(s) at most; %d older page(s) are left for "
                           "`send-monitor backfill`", settings.first_run_max_pages, summary["left_for_backfill"])
        # Frontiers move for profiles whose older pages are still to come: first runs, and backfills.
        tracked = found.first_run | ({p.name for p in settings.profiles} if track_frontier else set())
        pending = {p.base_path for p in chosen} | {p.base_path for p in left}
        failed: list[PlannedFetch] = []
        # Backfills and first runs can take minutes: they say how far they are and how long is left.
        progress = (Progress(len(chosen), f"{flow_name}: pages fetched of {len(chosen)}", key=f"{flow_name}-progress")
                    if track_frontier or found.first_run else None)
        batches = [chosen[start:start + BATCH_SIZE] for start in range(0, len(chosen), BATCH_SIZE)]
        pipeline = _Pipeline(settings, run_id, summary, clock=clock, hits=hits, pending=pending, tracked=tracked,
                             failed=failed, progress=progress, total=len(chosen))
        ahead = None
        with ParsePool() as pool:
            pool.start(pages=len(batches[0]) if batches else 0)
            try:
                # Three batches in flight: n+1 is fetched (threads, fetch_concurrency pages at once) while
                # n is parsed (worker processes) and n-1 is loaded (here), so GOV.UK's rate limit, not our
                # CPU, sets the pace.
                ahead = tasks.fetch_content_items.submit(client, quote(batches[0]), batch_number=1,
                                                         workers=settings.fetch_concurrency) if batches else None
                parsing = None
                for number in range(1, len(batches) + 1):
                    with clock("fetch_wait"):  # waiting for GOV.UK beyond the work it overlapped
                        fetched, stopped = ahead.result()
                    ahead = (tasks.fetch_content_items.submit(client, quote(batches[number]), batch_number=number + 1,
                                                             workers=settings.fetch_concurrency)
                             if number < len(batches) and stopped is None else None)
                    current = (number, fetched, stopped, pool.submit_parse(fetched))
                    if parsing is not None:
                        pipeline.load(*parsing)
                    parsing = current
                    if stopped is not None:
                        break
                if parsing is not None:
                    pipeline.load(*parsing)
            finally:
                pipeline.writer.close()
                if ahead is not None:  # no request of this run may outlive it
                    ahead.wait()
        if incremental:
            tasks.save_high_water_marks(settings, quote(hits), quote(failed))
            if found.sweeps:
                tasks.save_sweeps(settings, [s.profile for s in found.sweeps], at=swept_at)
        with clock("finish"):
            summary["flagged"] = tasks.flagged_changes_for_run(settings.db, run_id)
    except BaseException as exc:
        summary["rate_limit_pauses"] = breaker.pauses
        status = "rate_limited" if isinstance(exc, RateLimited) else "failed"
        try:
            if not isinstance(exc, SendMonitorError) or not getattr(exc, "recorded", False):
                # Why the run stopped, in `errors` beside its row (a failed discovery is there already).
                summary["errors"] += 1
                message = str(exc) if isinstance(exc, SendMonitorError) else f"{type(exc).__name__}: {exc}"
                tasks.record_run_error(settings.db, run_id, stage="run", message=message or type(exc).__name__)
            tasks.finish_run(settings.db, run_id, summary, status=status)
        finally:
            # Even when the warehouse cannot record the failure, the webhook still hears of it,
            # and the original error is the one raised.
            notify_run(settings, summary, flow_run_url=runtime.flow_run.ui_url, failed=True,
                        error=f"{type(exc).__name__}: {exc}")
        raise
    summary["rate_limit_pauses"] = breaker.pauses
    tasks.finish_run(settings.db, run_id, summary, status="completed")
    if any(summary[k] for k in ("new_documents", "new_versions", "changes", "errors")):
        with clock("outputs"):
            export_parquet(settings)
            publish_run_artifacts(settings, summary)
    else:
        # Most scheduled runs: the exports, feed, report and artifacts already say all there is.
        logger.info("Nothing changed: exports, feed, report and artifacts left as they were")
    summary["stage_seconds"] = clock.seconds
    notify_run(settings, summary, flow_run_url=runtime.flow_run.ui_url)
    logger.info(
        "Run %s: %s", run_id, ", ".join(f"{k.replace('_', ' ')} {summary[k]}" for k in COUNT_KEYS)
    )
    return summary


def plan_run(settings: Settings) -> dict[str, Any]:
    """What a monitor run would fetch, from search requests alone: nothing is fetched or written."""
    client = tasks.make_client(settings, tasks.make_breaker(settings))
    found = _discover(settings, client, incremental=True, windows={}, run_id=None, save_taxons=False)
    chosen, left, profiles = _plan(settings, found)
    reasons = {r: sum(1 for p in chosen if p.reason == r) for r in ("new", "updated", "moved", "withdrawn", "recheck")}
    return {"dry_run": True, "base_url": settings.base_url, "source": settings.source,
            "search_requests": found.search_requests, "to_fetch": len(chosen), "reasons": reasons,
            "left_for_backfill": _left_for_backfill(found, left), "first_run_max_pages": settings.first_run_max_pages,
            "profiles": [asdict(p) for p in profiles]}


@flow(name="monitor", flow_run_name=named_for("monitor"), log_prints=True)
def monitor(
    *,
    config: str | None = None,
    db: str | None = None,
    base_url: str | None = None,
    requests_per_second: float | None = None,
    recheck_after_days: float | None = None,
    recheck_limit: int | None = None,
    profiles: list[str] | None = None,
    webhook_url: str | None = None,
    first_run_max_pages: int | None = None,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Find new and changed SEND announcements on GOV.UK and record every version and change.

    dry_run=True makes only search requests and returns what a run would fetch, per profile.
    """
    settings = settings_from(config, db=db, base_url=base_url, requests_per_second=requests_per_second,
                             recheck_after_days=recheck_after_days, recheck_limit=recheck_limit,
                             profiles=profiles, webhook_url=webhook_url, first_run_max_pages=first_run_max_pages)
    if dry_run:
        return plan_run(settings)
    return _run_pipeline(settings, "monitor", incremental=True)


@flow(name="backfill", flow_run_name=named_for("backfill"), log_prints=True)
def backfill(
    *,
    profile: str | None = None,
    since: str | None = None,
    until: str | None = None,
    config: str | None = None,
    db: str | None = None,
    base_url: str | None = None,
    requests_per_second: float | None = None,
) -> dict[str, Any]:
    """History for one profile (or all) between two dates (YYYY-MM-DD), ignoring high-water marks.

    Without `until` it carries on below each profile's frontier (where a capped first run, or an
    interrupted backfill, stopped), so running it again resumes rather than starts over.
    """
    settings = settings_from(config, db=db, base_url=base_url, requests_per_second=requests_per_second,
                             profiles=[profile] if profile else None, recheck_limit=0)
    frontiers = tasks.read_frontiers(settings) if until is None else {}
    windows = {p.name: (since, frontiers.get(p.name) or until) for p in settings.profiles}
    return _run_pipeline(settings, "backfill", incremental=False, windows=windows, track_frontier=until is None)
