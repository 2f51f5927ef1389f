"""The `reparse` flow: rebuild every version, record and change from the raw-response archive.

Nothing is fetched. Improving the parser or the differ therefore improves all of history.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.logging import get_run_logger

from flows import tasks
from flows.parse_pool import ParsePool
from flows.progress import Progress
from foundation.settings import load_settings
from warehouse import parsing, rebuild
from warehouse.store import connect, shared_instance


@task(cache_policy=NO_CACHE)
def rebuild_history(db: str, run_id: int) -> rebuild.RebuildCounts:
    """Delete and rebuild the documents' versions from their archived bodies, a chunk of documents per transaction."""
    progress: Progress | None = None

    def advance(done: int, total: int) -> None:
        nonlocal progress
        progress = progress or Progress(total, f"reparse: documents rebuilt of {total}", key="reparse-progress")
        progress.advance(done)

    # The load of chunk n overlaps the parsing of chunk n+1 on the workers.
    with ParsePool() as pool, connect(db) as conn:
        return rebuild.rebuild_history(conn, run_id, progress=advance,
                                       start_parse=lambda triples: pool.submit_map(parsing.parse_archived, triples))


@flow(name="reparse", flow_run_name="reparse-archive", log_prints=True)
def reparse(config: str | None = None, db: str | None = None) -> dict[str, Any]:
    """Re-parse every archived raw response with the current parser and rebuild history idempotently."""
    settings = load_settings(config, db=db)  # not flows.monitor's wrapper: that module imports alerts and reports
    with shared_instance(settings.db):
        run_id = tasks.start_run(settings, "reparse", None)
        try:
            counts = rebuild_history(str(settings.db), run_id)
        except BaseException:
            tasks.finish_run(settings.db, run_id, {}, status="failed")
            raise
        # The run's own measures, named as a monitor run names them, plus how many documents were rebuilt.
        summary = {"run_id": run_id, "source": "archive", "new_versions": counts.versions, "changes": counts.changes,
                   "flagged_changes": counts.flagged_changes, "errors": counts.errors, "documents": counts.documents}
        tasks.finish_run(settings.db, run_id, summary, status="completed")
    get_run_logger().info("Reparse rebuilt %s", counts)
    return summary
