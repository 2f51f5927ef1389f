"""The parse pool: worker processes that parse big batches, and import no more than parsing needs."""

from __future__ import annotations

import multiprocessing
import os
from functools import partial

from flows import parse_pool
from flows.parse_pool import GC_THRESHOLD, MIN_PARALLEL, ParsePool
from govuk.client import FetchResult, Outcome
from warehouse import parsing
from warehouse.plan import PlannedFetch

# Evaluated in the worker (eval of a string: nothing of this test module is imported there).
HEAVY_MODULES_LOADED = partial(eval, "sorted(m for m in ('prefect', 'duckdb') if m in __import__('sys').modules)")
WORKER_PID = partial(eval, "__import__('os').getpid()")
GC_SETTINGS = partial(eval, "(__import__('gc').get_threshold()[0], __import__('gc').get_freeze_count() > 0,"
                            " 'parsers.announcement' in __import__('sys').modules)")


def test_a_worker_parses_without_importing_prefect_or_duckdb_and_with_its_imports_frozen():
    # A spawned worker imports the module of each function it is handed: when reparse's lived in
    # flows/, each worker imported Prefect (3.5 s of CPU) before its first page; DuckDB is ~25 MB a worker.
    page = FetchResult(url="https://www.gov.uk/api/content/x", base_path="/x", final_path="/x", status_code=200,
                       outcome=Outcome.OK, body=b'{"base_path": "/x", "title": "X"}', headers={},
                       fetched_at="2026-12-01T00:00:00+00:00", etag=None, last_modified=None, elapsed_ms=1.0)
    item = PlannedFetch("/x", None, "new", ("p",))
    with ParsePool(workers=1) as pool:
        parsed = pool.submit_parse([(item, page)] * MIN_PARALLEL)()
        rebuilt = pool.submit_map(parsing.parse_archived, [(page.body, page.url, "/x")] * MIN_PARALLEL)()
        loaded = pool.submit_map(HEAVY_MODULES_LOADED, [{}] * MIN_PARALLEL)()
        gc_settings = pool.submit_map(GC_SETTINGS, [{}] * MIN_PARALLEL)()
        assert pool.workers == 1
    assert {p.record.title for p in parsed} == {"X"} and {r.title for r in rebuilt} == {"X"}
    assert loaded == [[]] * MIN_PARALLEL
    # The parser loaded and frozen before the first page, and collected ten times less often.
    assert gc_settings == [(GC_THRESHOLD, True, True)] * MIN_PARALLEL


def test_a_prestarted_pool_is_the_next_pool_and_its_worker_was_running_before_any_page():
    with parse_pool.prestarted(workers=1):
        before = {p.pid for p in multiprocessing.active_children()}
        with ParsePool(workers=1) as pool:
            pids = set(pool.submit_map(WORKER_PID, [{}] * MIN_PARALLEL)())
            parsed = pool.submit_map(parsing.parse_archived,
                                     [(b'{"base_path": "/y", "title": "Y"}', None, "/y")] * MIN_PARALLEL)()
        with ParsePool(workers=1) as pool:  # taken once: the next pool starts its own worker
            later = set(pool.submit_map(WORKER_PID, [{}] * MIN_PARALLEL)())
    assert len(pids) == 1 and pids <= before and {r.title for r in parsed} == {"Y"}
    assert later.isdisjoint(before)


def test_prestarted_workers_no_pool_took_end_with_the_block():
    with parse_pool.prestarted(workers=1):
        started = {p.pid for p in multiprocessing.active_children()}
    assert started and started.isdisjoint(p.pid for p in multiprocessing.active_children())


def test_a_small_batch_parses_here_until_the_workers_run_then_on_them():
    # Starting workers for a few pages costs more than it saves; once running, the last small
    # batch of a big run (a reparse's last chunk) is theirs, not the loading process's.
    here = os.getpid()
    with ParsePool(workers=1) as pool:
        before = set(pool.submit_map(WORKER_PID, [{}] * 3)())
        pool.submit_map(WORKER_PID, [{}] * MIN_PARALLEL)()
        after = set(pool.submit_map(WORKER_PID, [{}] * 3)())
    assert before == {here} and len(after) == 1 and here not in after


def test_a_pool_started_ahead_has_its_workers_running_before_the_first_batch_and_parses_on_them():
    # A first run starts its workers once it knows how much it will fetch, so their imports overlap
    # the first batch's fetching instead of delaying its parse.
    with ParsePool(workers=1) as pool:
        pool.start(pages=MIN_PARALLEL)
        running = {p.pid for p in multiprocessing.active_children()}
        pids = set(pool.submit_map(WORKER_PID, [{}] * MIN_PARALLEL)())
    assert len(pids) == 1 and pids <= running and os.getpid() not in pids


def test_a_run_with_too_few_pages_to_parse_in_parallel_starts_no_worker():
    before = {p.pid for p in multiprocessing.active_children()}
    with ParsePool(workers=1) as pool:
        pool.start(pages=MIN_PARALLEL - 1)
        assert {p.pid for p in multiprocessing.active_children()} == before
        assert set(pool.submit_map(WORKER_PID, [{}] * 3)()) == {os.getpid()}
