"""The `monitor` and `backfill` flows: discover, choose, fetch, archive, parse, load, diff, summarise."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from prefect import flow, runtime
from prefect.logging import get_run_logger

from flows import tasks
from flows.alerts import send_alerts
from flows.reporting import export_parquet, publish_run_artifacts
from send_monitor.errors import SendMonitorError, WarehouseBusyError
from send_monitor.settings import Settings, load_settings
from warehouse.ingest import COUNT_KEYS as INGEST_COUNTS
from warehouse.plan import SearchHit
from warehouse.store import run_lock

BATCH_SIZE = 20
COUNT_KEYS = ("discovered",) + INGEST_COUNTS


def run_name(flow_name: str, settings: Settings, profile: str | None = None) -> str:
    """`monitor-all-profiles-live-20261127-090000`: scope, source and time."""
    names = [p.name for p in settings.profiles]
    scope = profile or ("all-profiles" if len(names) > 1 else ",".join(names))
    return f"{flow_name}-{scope}-{settings.source}-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}"


def _provisional_name(prefix: str) -> str:
    # Replaced by run_name() once the settings are read (the environment may change the source).
    return f"{prefix}-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}"


def run_tags(settings: Settings) -> list[str]:
    """Tags that let the UI filter runs by source (live or replay) and discovery profile."""
    return [f"source:{settings.source}"] + [f"profile:{p.name}" for p in settings.profiles]


def tag_flow_run(settings: Settings, flow_name: str) -> None:
    """Name the running flow run and add source and profile tags (deployments add their own too)."""
    from prefect.client.orchestration import get_client

    flow_run_id = runtime.flow_run.id
    if not flow_run_id:
        return
    with get_client(sync_client=True) as client:
        current = client.read_flow_run(flow_run_id).tags or []
        client.update_flow_run(flow_run_id, name=run_name(flow_name, settings),
                               tags=sorted(set(current) | set(run_tags(settings))))


def settings_from(config: str | None, **overrides: Any) -> Settings:
    """Flow parameters → Settings (the config file plus environment, then the parameters)."""
    return load_settings(config, **overrides)


def _discover_all(settings: Settings, run_id: int, summary: dict[str, Any], *, incremental: bool,
                  extra_params: tuple[tuple[str, str], ...]) -> list[SearchHit]:
    """Search hits of every profile; a failed discovery is written to `errors` before the run fails."""
    hits: list[SearchHit] = []
    try:
        taxon_ids = tasks.resolve_taxons(settings)
        for profile in settings.profiles:
            found, refused = tasks.discover(settings, profile, taxon_ids, incremental=incremental,
                                            extra_params=extra_params, run_id=run_id)
            hits.extend(found)
            summary["errors"] += refused
    except SendMonitorError as exc:
        summary["errors"] += 1
        try:
            tasks.record_discovery_error(settings, run_id, exc)
        except Exception:  # noqa: BLE001 - the discovery error is the one to raise
            get_run_logger().exception("Could not record the discovery error in the warehouse")
        raise
    return hits


def _run_pipeline(settings: Settings, flow_name: str, *, incremental: bool,
                  extra_params: tuple[tuple[str, str], ...] = ()) -> dict[str, Any]:
    flow_run_id = str(runtime.flow_run.id) if runtime.flow_run.id else None
    tag_flow_run(settings, flow_name)
    try:
        with run_lock(settings.db, wait_seconds=settings.run_lock_wait_seconds):
            return _locked_pipeline(settings, flow_name, flow_run_id, incremental=incremental,
                                    extra_params=extra_params)
    except WarehouseBusyError as exc:
        # Nothing was fetched; still a failed run people can see: a row, an error and an alert.
        summary: dict[str, Any] = {k: 0 for k in COUNT_KEYS} | {"source": settings.source}
        try:
            summary["run_id"] = run_id = tasks.start_run(settings, flow_name, flow_run_id, status="failed")
            tasks.record_run_error(settings, run_id, "run", str(exc))
            tasks.finish_run(settings, run_id, summary, "failed")
        finally:
            send_alerts(settings.webhook_url, summary, flow_run_url=runtime.flow_run.ui_url, failed=True, error=str(exc))
        raise


def _locked_pipeline(settings: Settings, flow_name: str, flow_run_id: str | None, *, incremental: bool,
                     extra_params: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    logger = get_run_logger()
    run_id = tasks.start_run(settings, flow_name, flow_run_id)
    summary: dict[str, Any] = {k: 0 for k in COUNT_KEYS} | {"run_id": run_id, "source": settings.source}
    try:
        hits = _discover_all(settings, run_id, summary, incremental=incremental, extra_params=extra_params)
        summary["discovered"] = len({h.content_id or h.base_path for h in hits})
        chosen = tasks.choose_documents(settings, hits)
        failed = []
        for number, start in enumerate(range(0, len(chosen), BATCH_SIZE), start=1):
            fetched = tasks.fetch_content_items(settings, chosen[start:start + BATCH_SIZE], batch_number=number)
            counts, batch_failed = tasks.archive_parse_load(settings, run_id, fetched, batch_number=number)
            failed.extend(batch_failed)
            for key, value in counts.items():
                summary[key] += value
        if incremental:
            tasks.save_high_water_marks(settings, hits, failed)
        summary["flagged"] = tasks.flagged_changes_for_run(settings, run_id)
    except BaseException as exc:
        try:
            tasks.finish_run(settings, run_id, summary, "failed")
        finally:
            # Even when the warehouse cannot record the failure, the webhook still hears of it,
            # and the original error is the one raised.
            send_alerts(settings.webhook_url, summary, flow_run_url=runtime.flow_run.ui_url, failed=True,
                        error=f"{type(exc).__name__}: {exc}")
        raise
    tasks.finish_run(settings, run_id, summary, "completed")
    export_parquet(settings)
    publish_run_artifacts(settings, summary)
    send_alerts(settings.webhook_url, summary, flow_run_url=runtime.flow_run.ui_url)
    logger.info(
        "Run %s: %s", run_id, ", ".join(f"{k.replace('_', ' ')} {summary[k]}" for k in COUNT_KEYS)
    )
    return summary


@flow(name="monitor", flow_run_name=lambda: _provisional_name("monitor"), log_prints=True)
def monitor(
    config: str | None = None,
    db: str | None = None,
    base_url: str | None = None,
    requests_per_second: float | None = None,
    recheck_after_days: float | None = None,
    recheck_limit: int | None = None,
    profiles: list[str] | None = None,
    webhook_url: str | None = None,
) -> dict[str, Any]:
    """Find new and changed SEND announcements on GOV.UK and record every version and change."""
    settings = settings_from(config, db=db, base_url=base_url, requests_per_second=requests_per_second,
                             recheck_after_days=recheck_after_days, recheck_limit=recheck_limit,
                             profiles=profiles, webhook_url=webhook_url)
    return _run_pipeline(settings, "monitor", incremental=True)


@flow(name="backfill", flow_run_name=lambda: _provisional_name("backfill"), log_prints=True)
def backfill(
    profile: str | None = None,
    since: str | None = None,
    until: str | None = None,
    config: str | None = None,
    db: str | None = None,
    base_url: str | None = None,
    requests_per_second: float | None = None,
) -> dict[str, Any]:
    """Full history for one profile (or all) between two dates (YYYY-MM-DD), ignoring high-water marks."""
    settings = settings_from(config, db=db, base_url=base_url, requests_per_second=requests_per_second,
                             profiles=[profile] if profile else None, recheck_limit=0)
    extra: tuple[tuple[str, str], ...] = ()
    if since or until:
        bounds = ",".join(part for part in (since and f"from:{since}", until and f"to:{until}") if part)
        extra = (("filter_public_timestamp", bounds),)
    return _run_pipeline(settings, "backfill", incremental=False, extra_params=extra)
