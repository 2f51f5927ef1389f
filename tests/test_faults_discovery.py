"""Issue 9 D6, D12, D14 at the flow level: hostile search answers, over real HTTP to the replay server.

A search answer carrying a `../` link and a result dated 2099: the link is refused and recorded,
never requested; the 2099 page is fetched but holds no high-water mark. A search that fails is
recorded in `errors` with its URL, and so is a page that cannot be fetched.
"""

from __future__ import annotations

import json

import pytest

from foundation.errors import FetchError
from replay.server import ReplayServer
from warehouse.store import connect

from replay_helpers import MINI_SNAPSHOT, PLACES, STATEMENT

PLACES_ID = "a0000000-0000-4000-8000-00000000000a"
STATEMENT_ID = "b0000000-0000-4000-8000-00000000000b"
ESCAPE = "/../etc/passwd"
CONFIG = """
[[profiles]]
name = "dfe"
filters = { organisations = ["department-for-education"] }
"""


def search_answer(*results: dict) -> bytes:
    return json.dumps({"results": list(results), "total": len(results), "start": 0}).encode()


def result(link: str, stamp: str, content_id: str | None = None) -> dict:
    return {"link": link, "public_timestamp": stamp, "content_id": content_id, "title": link, "_id": link}


def query(db, sql: str, params=()) -> list[tuple]:
    with connect(db, read_only=True) as conn:
        return conn.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, prefect_harness):
    """One run meeting a hostile search answer, then one whose search fails, then one whose fetch fails."""
    from flows import tasks
    from flows.monitor import monitor

    home = tmp_path_factory.mktemp("faults")
    config = home / "send-monitor.toml"
    config.write_text(CONFIG)
    db = home / "warehouse.duckdb"
    out = {"db": db}
    with ReplayServer(MINI_SNAPSHOT) as server:
        out["base_url"] = server.base_url
        common = dict(config=str(config), db=str(db), base_url=server.base_url, requests_per_second=100.0)
        server.inject("/api/search.json", 200, search_answer(
            result(STATEMENT, "2099-01-01T00:00:00Z", STATEMENT_ID),
            result(ESCAPE, None),  # undated, so only the refusal is tested here, not a held mark
            result(PLACES, "2024-03-04T09:30:00Z", PLACES_ID),
        ))
        out["hostile"] = monitor(**common)
        out["hostile_paths"] = [path for _m, path, _h in server.requests_seen]
        out["mark"] = query(db, "SELECT value FROM state WHERE key LIKE 'high-water-mark:%'")

        server.inject("/api/search.json", 422, b'{"error": "Unexpected parameters: colour"}')
        # The task-level retry waits a minute; the client's own retries are what this run is about.
        mp = pytest.MonkeyPatch()
        mp.setattr(tasks, "discover", tasks.discover.with_options(retries=0))
        try:
            with pytest.raises(FetchError) as caught:
                monitor(**common)
            out["search_error"] = caught.value
        finally:
            mp.undo()

        server.inject("/api/content" + PLACES, 403, b'{"error": "forbidden"}')
        out["fetch_failed"] = monitor(**common, recheck_after_days=0)
    return out


def test_d14_a_search_link_that_climbs_out_of_the_content_api_is_never_requested(hostile):
    assert not [p for p in hostile["hostile_paths"] if "passwd" in p]
    rows = query(hostile["db"], "SELECT stage, base_path, url, message FROM errors WHERE run_id = ?",
                 [hostile["hostile"]["run_id"]])
    assert [(stage, base_path) for stage, base_path, _url, _message in rows] == [("discover", ESCAPE)]
    assert rows[0][2] == hostile["base_url"] + "/api/content" + ESCAPE
    assert "dot segment" in rows[0][3]
    assert hostile["hostile"]["errors"] == 1


def test_d6_a_page_dated_2099_is_fetched_but_does_not_move_the_high_water_mark(hostile):
    stored = {cid for (cid,) in query(hostile["db"], "SELECT content_id FROM documents")}
    assert {PLACES_ID, STATEMENT_ID} <= stored
    assert hostile["mark"] == [("2024-03-04T09:30:00+00:00",)]


def test_d12_a_failed_search_is_recorded_in_errors_with_its_url(hostile):
    run_id, status, errors = query(hostile["db"], "SELECT run_id, status, errors FROM runs ORDER BY run_id")[1]
    assert (status, errors) == ("failed", 1)
    rows = query(hostile["db"], "SELECT stage, url, message FROM errors WHERE run_id = ?", [run_id])
    assert len(rows) == 1
    stage, url, message = rows[0]
    assert stage == "discover" and url.startswith(hostile["base_url"] + "/api/search.json?")
    assert "search answered HTTP 422" in message and url == hostile["search_error"].url


def test_d12_a_failed_fetch_is_recorded_in_errors_with_its_url(hostile):
    rows = query(hostile["db"], "SELECT stage, base_path, url, message FROM errors WHERE run_id = ?",
                 [hostile["fetch_failed"]["run_id"]])
    assert ("fetch", PLACES, hostile["base_url"] + "/api/content" + PLACES) in [r[:3] for r in rows]
