"""The `reparse` flow: rebuild every version, record and change from the raw-response archive.

Nothing is fetched. Improving the parser or the differ therefore improves all of history.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.logging import get_run_logger

from flows import tasks
from flows.monitor import settings_from
from warehouse import rebuild
from warehouse.store import connect


@task(cache_policy=NO_CACHE)
def rebuild_history(db: str, run_id: int) -> rebuild.RebuildCounts:
    """Delete and rebuild each document's versions from its archived bodies, one transaction per document."""
    with connect(db) as conn:
        return rebuild.rebuild_history(conn, run_id)


@flow(name="reparse", flow_run_name="reparse-archive", log_prints=True)
def reparse(config: str | None = None, db: str | None = None) -> dict[str, Any]:
    """Re-parse every archived raw response with the current parser and rebuild history idempotently."""
    settings = settings_from(config, db=db)
    run_id = tasks.start_run(settings, "reparse", None)
    try:
        counts = rebuild_history(str(settings.db), run_id)
    except BaseException:
        tasks.finish_run(settings.db, run_id, {}, status="failed")
        raise
    summary = {"run_id": run_id, "new_versions": counts.versions, "changes": counts.changes,
               "flagged_changes": counts.flagged_changes, "errors": counts.errors, "documents": counts.documents}
    tasks.finish_run(settings.db, run_id, summary, status="completed")
    get_run_logger().info("Reparse rebuilt %s", counts)
    return summary
