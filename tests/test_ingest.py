"""One fetched page into a real warehouse: every outcome GOV.UK can give, and the awkward ones."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from govuk.client import FetchResult
from govuk.discovery import SearchHit
from warehouse import ingest, load, parsing
from warehouse.plan import KnownDocument, PlannedFetch, high_water_marks, parse_time, plan_fetches
from warehouse.store import connect

from conftest import SNAPSHOT

PATH = "/government/news/thousands-more-places-for-pupils-with-send-in-mainstream-schools"
ROUND1 = (SNAPSHOT / "round-1" / "content" / PATH.lstrip("/")).with_suffix(".json").read_bytes()
CID = json.loads(ROUND1)["content_id"]
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def result(status: int, outcome: str, body: bytes | None, *, at: datetime = T0, path: str = PATH,
           final_path: str | None = None) -> FetchResult:
    return FetchResult(url=f"http://127.0.0.1/api/content{path}", base_path=path, final_path=final_path or path,
                       status_code=status, outcome=outcome, body=body, headers={}, fetched_at=at.isoformat(),
                       etag='"e1"', last_modified=None, elapsed_ms=1.0)


def item(reason: str = "new", content_id: str | None = CID) -> PlannedFetch:
    return PlannedFetch(PATH, content_id, reason, ("dfe-send-taxon",))


def status_and_changes(conn) -> tuple[str, list[tuple[str, str]]]:
    status = conn.execute("SELECT status FROM documents WHERE content_id = ?", [CID]).fetchone()[0]
    changes = conn.execute("SELECT kind, significance FROM changes ORDER BY change_id").fetchall()
    return status, changes


@pytest.fixture()
def conn(tmp_path):
    with connect(tmp_path / "w.duckdb") as c:
        yield c


def test_ingest_new_page_then_304_then_404_then_back_unchanged(conn):
    first = ingest.ingest(conn, 1, item(), result=result(200, "ok", ROUND1))
    assert (first.counts.new_documents, first.failed) == (1, False)
    same = ingest.ingest(conn, 2, item("recheck"), result=result(304, "not_modified", None, at=T0 + timedelta(days=1)))
    assert same.counts.not_modified == 1
    gone = ingest.ingest(conn, 3, item("recheck"), result=result(404, "vanished", b'{"error": "not found"}', at=T0 + timedelta(days=2)))
    assert gone.counts.flagged_changes == 1
    assert status_and_changes(conn) == ("vanished", [("vanished", "major")])
    back = ingest.ingest(conn, 4, item("recheck"), result=result(200, "ok", ROUND1, at=T0 + timedelta(days=3)))
    assert back.counts.unchanged == 1
    assert status_and_changes(conn) == ("live", [("vanished", "major"), ("reappeared", "major")])
    assert conn.execute("SELECT count(*) FROM document_versions").fetchone()[0] == 1


def test_ingest_vanished_page_back_through_a_304_is_live_again(conn):
    ingest.ingest(conn, 1, item(), result=result(200, "ok", ROUND1))
    ingest.ingest(conn, 2, item("recheck"), result=result(404, "vanished", None, at=T0 + timedelta(days=1)))
    ingest.ingest(conn, 3, item("recheck"), result=result(304, "not_modified", None, at=T0 + timedelta(days=2)))
    assert status_and_changes(conn)[0] == "live"


def test_ingest_failed_fetch_is_an_error_and_marks_the_page_for_retry(conn):
    url = "https://www.gov.uk/api/content" + PATH
    out = ingest.ingest(conn, 1, item(), result=parsing.FetchFailure("GET …: gave up after 5 attempts; last: HTTP 503", url))
    assert (out.failed, out.counts.errors) == (True, 1)
    assert conn.execute("SELECT stage, base_path, url FROM errors").fetchall() == [("fetch", PATH, url)]
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_ingest_page_that_cannot_load_is_recorded_with_its_raw_body_and_the_next_page_loads(conn):
    body = json.dumps({k: v for k, v in json.loads(ROUND1).items() if k != "content_id"}).encode()
    out = ingest.ingest(conn, 1, item(content_id=None), result=result(200, "ok", body))
    assert (out.failed, out.counts.errors, out.counts.new_documents) == (True, 1, 0)
    stage, message, sha = conn.execute("SELECT stage, message, body_sha256 FROM errors").fetchone()
    assert stage == "load" and "no content_id" in message and load.read_body(conn, sha) == body
    assert ingest.ingest(conn, 1, item(), result=result(200, "ok", ROUND1)).counts.new_documents == 1


def test_ingest_303_to_a_parent_marks_the_asked_for_page_moved(conn):
    ingest.ingest(conn, 1, item(), result=result(200, "ok", ROUND1))
    parent = json.loads(ROUND1)
    parent.update(content_id="parent-0000", base_path="/government/publications/parent", title="Parent")
    moved = ingest.ingest(conn, 2, item("recheck"), result=result(200, "ok", json.dumps(parent).encode(), at=T0 + timedelta(days=1),
                                                           final_path="/government/publications/parent"))
    assert moved.counts.new_documents == 1 and moved.counts.flagged_changes >= 1
    status, changes = status_and_changes(conn)
    assert status == "redirect" and ("redirected", "major") in changes


def _unpublished(schema: str, **extra) -> bytes:
    """A gone or redirect item as GOV.UK serves it: no title, and content_id null."""
    return json.dumps({"base_path": PATH, "content_id": None, "description": None, "document_type": schema,
                       "links": {}, "locale": "en", "public_updated_at": "2025-11-20T10:00:00.000+00:00",
                       "publishing_app": "whitehall", "schema_name": schema, "title": None,
                       "updated_at": "2025-11-20T10:04:00.000Z", "withdrawn_notice": {}, **extra}).encode()


def _stored_problems(conn) -> list[str]:
    record = conn.execute("SELECT record FROM document_versions WHERE content_id = ? ORDER BY version_number DESC"
                          " LIMIT 1", [CID]).fetchone()[0]
    return list(json.loads(record).get("problems") or [])


def test_ingest_gone_item_with_null_content_id_is_stored_as_gone_under_the_known_id(conn):
    ingest.ingest(conn, 1, item(), result=result(200, "ok", ROUND1))
    body = _unpublished("gone", details={"explanation": "", "alternative_path": ""})
    out = ingest.ingest(conn, 2, item("recheck"), result=result(410, "gone", body, at=T0 + timedelta(days=1)))
    assert (out.failed, out.counts.errors, out.counts.new_versions) == (False, 0, 1)
    status, changes = status_and_changes(conn)
    assert status == "gone" and ("gone", "major") in changes
    assert not [p for p in _stored_problems(conn) if "content_id" in p]  # null is how GOV.UK sends it


def test_ingest_redirect_item_with_null_content_id_is_stored_as_redirected_under_the_known_id(conn):
    ingest.ingest(conn, 1, item(), result=result(200, "ok", ROUND1))
    target = "/government/news/special-and-alternative-provision-free-schools-to-go-ahead"
    body = _unpublished("redirect", details={}, redirects=[{"destination": target, "path": PATH, "type": "exact"}])
    out = ingest.ingest(conn, 2, item("recheck"), result=result(200, "ok", body, at=T0 + timedelta(days=1)))
    assert (out.failed, out.counts.errors, out.counts.new_versions) == (False, 0, 1)
    status, changes = status_and_changes(conn)
    assert status == "redirect" and ("redirected", "major") in changes
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1  # no second document
    assert not [p for p in _stored_problems(conn) if "content_id" in p]


def test_parser_flags_a_null_content_id_only_where_one_is_expected():
    from parsers.announcement import parse_content_item

    gone = parse_content_item(json.loads(_unpublished("gone", details={})))
    redirect = parse_content_item(json.loads(_unpublished("redirect", redirects=[{"destination": "/x"}])))
    live = parse_content_item({**json.loads(ROUND1), "content_id": None})
    assert (gone.status, gone.content_id, gone.problems) == ("gone", None, ())
    assert (redirect.status, redirect.content_id, redirect.problems) == ("redirect", None, ())
    assert "missing content_id" in live.problems


def test_parse_time_treats_zoneless_times_as_utc_and_bad_ones_as_unknown():
    assert parse_time("2024-10-24T09:00:00") == datetime(2024, 10, 24, 9, tzinfo=timezone.utc)
    assert parse_time("2024-10-24T10:00:00+01:00") == datetime(2024, 10, 24, 9, tzinfo=timezone.utc)
    assert parse_time("24/10/2024") is None and parse_time(None) is None


def test_high_water_mark_never_passes_a_page_that_failed():
    hits = [SearchHit("a", "/a", "2025-03-01T00:00:00Z", "A", "p"), SearchHit("b", "/b", "2025-02-01T00:00:00Z", "B", "p"),
            SearchHit("c", "/c", "2025-01-01T00:00:00Z", "C", "q")]
    assert high_water_marks(hits, set()) == {"p": parse_time("2025-03-01T00:00:00Z"), "q": parse_time("2025-01-01T00:00:00Z")}
    held = high_water_marks(hits, {"/b"})
    assert held["p"] < parse_time("2025-02-01T00:00:00Z") and held["p"] > parse_time("2025-01-31T23:59:59Z")


def test_plan_matches_a_hit_without_content_id_by_path_and_fetches_a_moved_slug_once():
    now = T0 + timedelta(days=30)
    known = {"k": KnownDocument("k", "/old-slug", parse_time("2025-01-01T00:00:00Z"), T0, "live")}
    no_id = [SearchHit(None, "/old-slug", "2025-01-01T00:00:00Z", "K", "p")]
    assert [(p.reason, p.content_id) for p in plan_fetches(no_id, known, now=now, recheck_after=timedelta(days=7),
                                                           recheck_limit=5)] == [("recheck", "k")]
    moved = [SearchHit("k", "/new-slug", "2025-01-01T00:00:00Z", "K", "p")]
    assert [(p.reason, p.base_path) for p in plan_fetches(moved, known, now=now, recheck_after=timedelta(days=7),
                                                          recheck_limit=5)] == [("moved", "/new-slug")]
