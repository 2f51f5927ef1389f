"""Discovery as it must behave on live GOV.UK, against the replay speaking search-api's semantics.

Real HTTP over loopback, a real DuckDB file, the flows run under a temporary Prefect API: the
phrase profiles against an unquoted keyword, the dry run, the capped first run and its backfill,
the run-wide 429 breaker, withdrawals seen in search, and the User-Agent's contact.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from foundation.errors import FetchError
from foundation.settings import DEFAULT_CONFIG, DOCUMENT_TYPES, load_settings
from govuk.client import GovukClient
from govuk.ratelimit import RateLimitBreaker, RateLimited, SharedRateLimiter
from replay.server import ReplayHandler, ReplayServer
from warehouse.store import connect

from conftest import REPO, SNAPSHOT, seed_prefect_home
from webhook_receiver import WebhookReceiver

EXPECTED = json.loads((SNAPSHOT / "expected.json").read_text())
ROUND1 = EXPECTED["round-1"]
SEED = ROUND1["seed_path"]


class TimedReplay(ReplayServer):
    """The replay, noting when each request arrived (monotonic seconds)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.times: list[float] = []

    def record(self, method, path, headers) -> None:
        with self._lock:
            self.times.append(time.monotonic())
        super().record(method, path, headers)


def config(tmp_path, **monitor) -> str:
    """The default config with some [monitor] values replaced (every key named must be there already)."""
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    for key, value in monitor.items():
        text, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {json.dumps(value)}", text)
        assert n == 1, key
    path = tmp_path / "send-monitor.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def query(db, sql: str) -> list[tuple]:
    with connect(db, read_only=True) as conn:
        return conn.execute(sql).fetchall()


def paths_of(server: ReplayServer, prefix: str) -> list[str]:
    return [urllib.parse.urlsplit(p).path for _m, p, _h in server.requests_seen
            if urllib.parse.urlsplit(p).path.startswith(prefix)]


def search_links(client: GovukClient, params: list[tuple[str, str]]) -> set[str]:
    return {r["link"] for r in client.iter_search(params, page_size=100)}


# What the profiles match

def test_an_unquoted_keyword_would_fetch_off_topic_pages_and_the_phrase_profile_does_not():
    types = [("filter_content_store_document_type", t) for t in DOCUMENT_TYPES]
    phrase = next(p for p in load_settings(DEFAULT_CONFIG, env={}).profiles if p.name == "phrase-special-educational-needs")
    with ReplayServer(SNAPSHOT, round=1) as server:
        client = GovukClient(server.base_url, requests_per_second=0)
        unquoted = search_links(client, [("q", "special educational needs")] + types)
        quoted = search_links(client, phrase.search_params())
    near_miss = set(ROUND1["near_miss"])
    assert near_miss and near_miss <= unquoted  # the flood the old profile would have fetched
    assert not near_miss & quoted
    assert quoted < unquoted
    assert sorted(quoted) == ROUND1["profiles"]["phrase-special-educational-needs"]


def test_the_default_profiles_together_find_the_send_pages_and_no_off_topic_ones(tmp_path, prefect_harness):
    from flows.monitor import monitor

    with ReplayServer(SNAPSHOT, round=1) as server:
        preview = monitor(config=config(tmp_path), db=str(tmp_path / "w.duckdb"), base_url=server.base_url,
                          requests_per_second=50.0, dry_run=True)
    by_profile = {p["profile"]: p for p in preview["profiles"]}
    for name, paths in ROUND1["profiles"].items():
        assert by_profile[name]["in_search"] == len(paths), name
    assert preview["to_fetch"] == ROUND1["announcements"]


# The dry run

def test_dry_run_makes_only_search_requests_and_writes_nothing(tmp_path, prefect_harness):
    from flows.monitor import monitor

    db = tmp_path / "never-created.duckdb"
    with ReplayServer(SNAPSHOT, round=1) as server:
        preview = monitor(config=config(tmp_path), db=str(db), base_url=server.base_url,
                          requests_per_second=50.0, dry_run=True)
        content = paths_of(server, "/api/content")
        searches = paths_of(server, "/api/search.json")
    # One Content API request resolves the taxon profile's taxon id; no page is fetched.
    assert content == ["/api/content/education/special-educational-needs-and-disability-send-and-high-needs"]
    assert len(searches) == preview["search_requests"] == 5
    assert not db.exists()
    assert (preview["to_fetch"], preview["reasons"]["new"], preview["left_for_backfill"]) == (
        ROUND1["announcements"], ROUND1["announcements"], 0)
    taxon = next(p for p in preview["profiles"] if p["profile"] == "dfe-send-taxon")
    assert taxon["first_run"] and taxon["sample"] and len(taxon["sample"]) == 5
    assert taxon["oldest"] < taxon["newest"]


class _SlowSearchHandler(ReplayHandler):
    """Answers each search a moment late, counting the searches in flight at once."""

    def _search(self, query: str, send_body: bool) -> None:
        server = self.server
        with server.flight_lock:
            server.in_flight += 1
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
        try:
            time.sleep(0.3)
            super()._search(query, send_body)
        finally:
            with server.flight_lock:
                server.in_flight -= 1


def test_profiles_are_searched_at_once_and_each_counts_its_own_requests(tmp_path, prefect_harness):
    # GOV.UK takes a few hundred milliseconds to answer a search: walked one after another, the
    # five profiles' waits added up on every scheduled run.
    from flows.monitor import monitor

    cfg = config(tmp_path)
    with ReplayServer(SNAPSHOT, round=1) as server:
        server.RequestHandlerClass = _SlowSearchHandler
        server.flight_lock, server.in_flight, server.most_in_flight = threading.Lock(), 0, 0
        preview = monitor(config=cfg, db=str(tmp_path / "w.duckdb"), base_url=server.base_url,
                          requests_per_second=50.0, dry_run=True)
        searches = paths_of(server, "/api/search.json")
    assert server.most_in_flight > 1
    assert len(searches) == preview["search_requests"] == 5
    # Reported in the config's order, whichever walk finished first.
    in_order = [p.name for p in load_settings(cfg, env={}).profiles if p.name in ROUND1["profiles"]]
    assert [p["profile"] for p in preview["profiles"]] == in_order and len(in_order) == len(ROUND1["profiles"])
    assert preview["to_fetch"] == ROUND1["announcements"]


def test_run_dry_run_prints_the_plan_per_profile(tmp_path, capsys, prefect_harness):
    from send_monitor.cli import main

    with ReplayServer(SNAPSHOT, round=1) as server:
        assert main(["run", "--dry-run", "--config", config(tmp_path), "--db", str(tmp_path / "w.duckdb"),
                     "--base-url", server.base_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Dry run against {server.base_url}: 5 search request(s), no page fetched")
    for name in ROUND1["profiles"]:
        assert f"\n{name} (first run)\n" in out
    assert re.search(rf"In all: {ROUND1['announcements']} distinct page\(s\) to fetch \(new {ROUND1['announcements']},", out)
    assert not (tmp_path / "w.duckdb").exists()


# The capped first run, then backfill

def test_a_first_run_fetches_the_newest_pages_up_to_the_cap_and_backfill_takes_the_rest(tmp_path, prefect_harness):
    from flows.monitor import backfill, monitor

    db = tmp_path / "w.duckdb"
    cfg = config(tmp_path, first_run_max_pages=8)
    with ReplayServer(SNAPSHOT, round=1) as server:
        common = dict(config=cfg, db=str(db), base_url=server.base_url, requests_per_second=50.0)
        first = monitor(**common)
        kept = [r[0] for r in query(db, "SELECT public_updated_at FROM documents")]
        backfilled = backfill(**{k: v for k, v in common.items()}, since="2023-01-01")
        after_window = query(db, "SELECT count(*) FROM documents")[0][0]
        rest = backfill(**common)
        again = backfill(**common)
        rerun = monitor(**common)
    assert (first["fetched"], first["new_documents"]) == (8, 8)
    assert first["left_for_backfill"] > 0 and first["first_run"]
    assert query(db, f"SELECT left_for_backfill FROM runs WHERE run_id = {first['run_id']}") == [(first["left_for_backfill"],)]
    # The newest pages first: nothing left behind is newer than what was kept.
    everything = sorted(r[0] for r in query(db, "SELECT public_updated_at FROM documents"))
    assert sorted(kept) == everything[-8:]
    assert backfilled["new_documents"] > 0 and after_window < ROUND1["announcements"]
    assert after_window + rest["new_documents"] == ROUND1["announcements"]
    assert query(db, "SELECT count(*) FROM documents")[0][0] == ROUND1["announcements"]
    assert (again["fetched"], rerun["fetched"], rerun["new_documents"]) == (0, 0, 0)


def test_backfill_resumes_below_where_it_stopped(tmp_path, prefect_harness):
    from flows.monitor import backfill

    db = tmp_path / "w.duckdb"
    with ReplayServer(SNAPSHOT, round=1) as server:
        common = dict(config=config(tmp_path, max_retries=0), db=str(db), base_url=server.base_url,
                      requests_per_second=50.0)
        # One page fails: the frontier stops above it, and the next backfill starts there.
        victim = sorted(ROUND1["announcement_paths"])[5]
        server.inject("/api/content" + victim, 503, body=b"", times=1)
        first = backfill(**common)
        seen_before = len(server.requests_seen)
        second = backfill(**common)
        second_searches = [p for _m, p, _h in server.requests_seen[seen_before:] if p.startswith("/api/search.json")]
    assert first["new_documents"] == ROUND1["announcements"] - 1
    assert second["new_documents"] == 1
    assert all("filter_public_timestamp=to%3A" in p for p in second_searches if "include_withdrawn" not in p)


def test_backfill_shows_a_progress_bar(tmp_path, capsys, prefect_harness):
    from send_monitor.cli import main

    with ReplayServer(SNAPSHOT, round=1) as server:
        assert main(["backfill", "--config", config(tmp_path), "--db", str(tmp_path / "w.duckdb"),
                     "--base-url", server.base_url, "--since", "2025-01-01"]) == 0
    err = capsys.readouterr().err.splitlines()
    bars = [line for line in err if line.startswith("backfill [")]
    total = bars[-1].split("] ", 1)[1].split("/", 1)[0]
    assert bars[0] == f"backfill [{'.' * 30}] 0/{total} pages (0%)"
    assert bars[-1] == f"backfill [{'#' * 30}] {total}/{total} pages (100%)"


def test_a_first_run_shows_a_progress_bar_and_a_routine_run_none(tmp_path, capsys, prefect_harness):
    from send_monitor.cli import main

    db = str(tmp_path / "w.duckdb")
    with ReplayServer(SNAPSHOT, round=1) as server:
        assert main(["run", "--config", config(tmp_path), "--db", db, "--base-url", server.base_url]) == 0
        first = capsys.readouterr().err.splitlines()
        assert main(["run", "--config", config(tmp_path), "--db", db, "--base-url", server.base_url]) == 0
        routine = capsys.readouterr().err.splitlines()
    bars = [line for line in first if line.startswith("first run [")]
    n = EXPECTED["round-1"]["announcements"]
    assert bars[0] == f"first run [{'.' * 30}] 0/{n} pages (0%)" and bars[-1].endswith(f"] {n}/{n} pages (100%)")
    assert not [line for line in routine if line.startswith("first run [")]


# The 429 breaker

def _run_through_a_429_pause(tmp_path, *, fetch_concurrency: int) -> tuple[dict, list[tuple[str, float]], Path]:
    from flows.monitor import monitor

    db = tmp_path / "w.duckdb"
    cfg = config(tmp_path, max_retries=1, rate_limit_pause_seconds=1.5, fetch_concurrency=fetch_concurrency)
    with TimedReplay(SNAPSHOT, round=1) as server:
        server.inject("/api/content" + SEED, 429, body=b'{"error": "slow down"}', times=2)
        summary = monitor(config=cfg, db=str(db), base_url=server.base_url, requests_per_second=50.0)
        seen = [(urllib.parse.urlsplit(p).path, t) for (_m, p, _h), t in zip(server.requests_seen, server.times)]
    return summary, seen, db


def test_a_429_that_outlasts_the_retries_pauses_the_whole_run_then_the_run_goes_on(tmp_path, prefect_harness):
    summary, seen, db = _run_through_a_429_pause(tmp_path, fetch_concurrency=1)
    hits = [i for i, (path, _t) in enumerate(seen) if path == "/api/content" + SEED]
    assert len(hits) == 3  # two 429s (the client's own retry), then once more after the pause
    second_429, after = seen[hits[1]][1], seen[hits[1] + 1]
    # Nothing at all was asked of GOV.UK during the pause, and the page itself was asked next.
    assert after[0] == "/api/content" + SEED and after[1] - second_429 >= 1.45
    assert (summary["rate_limit_pauses"], summary["errors"], summary["new_documents"]) == (1, 0, ROUND1["announcements"])
    assert query(db, f"SELECT status, rate_limit_pauses FROM runs WHERE run_id = {summary['run_id']}") == [("completed", 1)]


def test_fetching_pages_at_once_no_request_begins_during_a_429_pause(tmp_path, prefect_harness):
    summary, seen, db = _run_through_a_429_pause(tmp_path, fetch_concurrency=4)
    hits = [i for i, (path, _t) in enumerate(seen) if path == "/api/content" + SEED]
    assert len(hits) == 3
    second_429 = seen[hits[1]][1]
    # Requests already on their way when the 429 came back may arrive; none may begin in the pause.
    during = [path for path, t in seen if second_429 + 0.2 < t < second_429 + 1.45]
    assert during == []
    assert seen[hits[2]][1] - second_429 >= 1.45
    assert (summary["rate_limit_pauses"], summary["errors"], summary["new_documents"]) == (1, 0, ROUND1["announcements"])


def test_after_its_pauses_run_out_the_run_stops_cleanly_alerts_and_loses_no_page(tmp_path, prefect_harness):
    from flows.monitor import monitor

    db = tmp_path / "w.duckdb"
    cfg = config(tmp_path, max_retries=1, rate_limit_pause_seconds=0.3, rate_limit_max_pauses=2)
    with ReplayServer(SNAPSHOT, round=1) as server, WebhookReceiver() as hook:
        common = dict(config=cfg, db=str(db), base_url=server.base_url, requests_per_second=50.0)
        # Two tries, one after each of two pauses: then the breaker gives up.
        server.inject("/api/content" + SEED, 429, body=b"", times=4)
        with pytest.raises(RateLimited, match=r"rate-limiting this client .* are due next run"):
            monitor(**common, webhook_url=hook.url)
        stopped = query(db, "SELECT status, rate_limit_pauses, new_documents FROM runs ORDER BY run_id DESC LIMIT 1")[0]
        why = query(db, "SELECT stage, message FROM errors WHERE run_id = (SELECT max(run_id) FROM runs)")
        after_stop = query(db, "SELECT count(*) FROM documents")[0][0]
        seed_requests = paths_of(server, "/api/content" + SEED)
        later = monitor(**common)
        posts = hook.posts
    assert stopped[:2] == ("rate_limited", 2) and stopped[2] == after_stop < ROUND1["announcements"]
    assert len(seed_requests) == 4
    assert len(why) == 1 and why[0][0] == "run" and "rate-limiting this client" in why[0][1]  # the cause, beside the row
    assert later["new_documents"] == ROUND1["announcements"] - after_stop
    assert query(db, "SELECT count(*) FROM documents")[0][0] == ROUND1["announcements"]
    assert len(posts) == 1 and "RateLimited" in json.dumps(posts[0]["json"])


def test_a_pause_holds_other_processes_sharing_the_budget(tmp_path):
    budget = tmp_path / ".govuk-requests.budget"
    with ReplayServer(SNAPSHOT, round=1) as server:
        host = urllib.parse.urlsplit(server.base_url).netloc
        breaker = RateLimitBreaker(pause_seconds=1.5, max_pauses=1, budget=SharedRateLimiter(budget))
        breaker.trip(host, None, url=server.base_url)
        started = time.monotonic()
        script = ("import sys; from govuk.client import GovukClient, SharedRateLimiter;"
                  "c = GovukClient(sys.argv[1], rate_budget=SharedRateLimiter(sys.argv[2]), requests_per_second=50);"
                  "c.search({'count': '1'})")
        subprocess.run([sys.executable, "-c", script, server.base_url, str(budget)], check=True, cwd=REPO, timeout=60)
        elapsed = time.monotonic() - started
        with pytest.raises(RateLimited, match="still 429 after 1 pause"):
            breaker.trip(host, None, url=server.base_url)
    assert elapsed >= 1.2  # the other process waited out most of the pause (less its own start-up)


def test_retry_after_sets_the_pause_and_one_longer_than_fifteen_minutes_stops_at_once():
    breaker = RateLimitBreaker(pause_seconds=60, max_pauses=3)
    assert breaker.trip("replay.invalid", 0.01, url="http://replay.invalid/") == 0.01
    with pytest.raises(RateLimited, match="Retry-After 3600 s is longer than 900 s"):
        breaker.trip("replay.invalid", 3600, url="http://replay.invalid/")
    assert breaker.pauses == 1


def test_without_a_breaker_a_429_is_an_ordinary_fetch_error():
    with ReplayServer(SNAPSHOT, round=1) as server:
        server.inject("/api/content" + SEED, 429, body=b"", times=2)
        client = GovukClient(server.base_url, requests_per_second=0, max_retries=1, backoff_base=0.01)
        with pytest.raises(FetchError, match="gave up after 2 attempts; last: HTTP 429") as err:
            client.fetch_content(SEED)
    assert not isinstance(err.value, RateLimited)


# Withdrawals and re-checks

def test_a_withdrawal_is_seen_in_search_without_waiting_for_a_recheck(tmp_path, prefect_harness):
    from flows.monitor import monitor

    db = tmp_path / "w.duckdb"
    withdrawn = next(p for p, c in EXPECTED["round-2"]["changes"].items() if "withdrawn" in c["kind"])
    with ReplayServer(SNAPSHOT, round=1) as server:
        common = dict(config=config(tmp_path), db=str(db), base_url=server.base_url, requests_per_second=50.0)
        monitor(**common)
        server.set_round(2)
        before = len(server.requests_seen)
        monitor(**common, recheck_limit=0)
        sweeps = [p for _m, p, _h in server.requests_seen[before:] if "include_withdrawn" in p]
    assert len(sweeps) == 5 and all("filter_is_withdrawn=true" in p for p in sweeps)
    assert query(db, f"SELECT status FROM documents WHERE base_path = '{withdrawn}'") == [("withdrawn",)]
    assert query(db, f"SELECT count(*) FROM changes WHERE kind = 'withdrawn' AND base_path = '{withdrawn}'") == [(1,)]


def test_a_run_soon_after_a_sweep_makes_one_search_request_per_profile_and_nothing_else(tmp_path, prefect_harness):
    from flows.monitor import monitor

    db = tmp_path / "w.duckdb"
    with ReplayServer(SNAPSHOT, round=1) as server:
        common = dict(config=config(tmp_path), db=str(db), base_url=server.base_url, requests_per_second=50.0,
                      recheck_limit=0)
        monitor(**common)
        monitor(**common)  # the first run with pages to compare: it sweeps withdrawn pages
        before = len(server.requests_seen)
        summary = monitor(**common)  # within withdrawn_sweep_hours of that sweep: search only
        made = [p for _m, p, _h in server.requests_seen[before:]]
    assert len(made) == 5 and all(p.startswith("/api/search.json?") and "include_withdrawn" not in p for p in made)
    assert (summary["fetched"], summary["new_versions"], summary["errors"]) == (0, 0, 0)


# Who is asking

def test_the_user_agent_names_the_tool_its_version_and_the_configured_contact(tmp_path, prefect_harness):
    from flows.monitor import monitor
    from foundation import __version__

    cfg = config(tmp_path, contact="mailto:send-data@example.org")
    with ReplayServer(SNAPSHOT, round=1) as server:
        monitor(config=cfg, db=str(tmp_path / "w.duckdb"), base_url=server.base_url, requests_per_second=50.0,
                dry_run=True)
        agents = {h["User-Agent"] for _m, _p, h in server.requests_seen}
    assert agents == {f"send-monitor/{__version__} (+mailto:send-data@example.org)"}


def test_run_stopped_by_429s_ends_with_one_line_and_no_traceback(tmp_path):
    cfg = config(tmp_path, max_retries=0, rate_limit_pause_seconds=0.2, rate_limit_max_pauses=1)
    with ReplayServer(SNAPSHOT, round=1) as server:
        server.inject("/api/content" + SEED, 429, body=b"", times=2)
        # Its temporary Prefect server starts in a home of its own, on an already migrated database.
        home = seed_prefect_home(tmp_path / "prefect-home")
        done = subprocess.run([sys.executable, "-m", "send_monitor.cli", "run", "--config", cfg, "--db",
                               str(tmp_path / "w.duckdb"), "--base-url", server.base_url],
                              cwd=REPO, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "PREFECT_HOME": str(home)})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("send-monitor: ") and last.endswith("are due next run") and "HTTP 429" in last


# One name per run

def test_a_run_started_from_the_command_line_is_created_with_its_final_name_and_tags(tmp_path, prefect_harness):
    from prefect.client.orchestration import get_client

    from flows.monitor import launch, monitor

    db = tmp_path / "w.duckdb"
    with ReplayServer(SNAPSHOT, round=1) as server:
        launch(monitor, config=config(tmp_path), db=str(db), base_url=server.base_url, requests_per_second=50.0,
               dry_run=True)
    with get_client(sync_client=True) as client:
        run = client.read_flow_runs(limit=1, sort="START_TIME_DESC")[0]
    # launch() creates the run with this name; the flow-run name function then keeps it as it is.
    assert re.fullmatch(r"monitor-all-profiles-replay-\d{8}-\d{6}", run.name)
    assert {"source:replay", "profile:dfe-send-taxon", "profile:phrase-ehcp"} <= set(run.tags)
