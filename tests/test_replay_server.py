"""Specification of the loopback replay server: Content API and Search API as GOV.UK answers them."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from replay.server import ReplayServer
from replay_helpers import (
    ANNEX, CAPITAL_PLAN, DELETED, DFE_ID, EDUCATION_TAXON_ID, GONE, INSPECTION, MINI_SNAPSHOT, MOVED,
    NEW_SITES, PLACES, SEND_TAXON_ID, SEND_TAXON_PATH, STATEMENT, WITHDRAWN, fixture_bytes,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def server():
    with ReplayServer(MINI_SNAPSHOT) as running:
        yield running


def search(server: ReplayServer, params) -> requests.Response:
    return requests.get(server.base_url + "/api/search.json", params=params, timeout=5)


def links(server: ReplayServer, params) -> list[str]:
    response = search(server, params)
    assert response.status_code == 200, response.text
    return [r["link"] for r in response.json()["results"]]


def content(server: ReplayServer, base_path: str, **headers) -> requests.Response:
    return requests.get(server.base_url + "/api/content" + base_path, headers=headers, allow_redirects=False,
                        timeout=5)


# Search API

def test_search_default_lists_live_items_newest_first_without_withdrawn():
    with ReplayServer(MINI_SNAPSHOT) as server:
        assert links(server, {"fields": "link"}) == [PLACES, INSPECTION, STATEMENT, CAPITAL_PLAN]


def test_search_result_has_requested_fields_and_debug_keys(server):
    fields = ("link,title,description,content_id,public_timestamp,updated_at,latest_change_note,"
              "content_store_document_type,content_purpose_subgroup,organisations,people,taxons,"
              "part_of_taxonomy_tree,is_withdrawn")
    answer = search(server, [("fields", fields), ("filter_link", CAPITAL_PLAN)]).json()
    assert answer == {
        "results": [{
            "link": CAPITAL_PLAN,
            "title": "SEND capital plan",
            "description": "How capital funding for high needs provision will be allocated.",
            "content_id": "c0000000-0000-4000-8000-00000000000c",
            "public_timestamp": "2024-01-20T10:00:00.000+00:00",
            "updated_at": "2024-02-01T16:00:00.000Z",
            "latest_change_note": "Added annex A.",
            "content_store_document_type": "policy_paper",
            "content_purpose_subgroup": "policy",
            "organisations": [
                {"slug": "department-for-education", "title": "Department for Education", "acronym": "DfE",
                 "content_id": DFE_ID, "link": "/government/organisations/department-for-education"},
                {"slug": "ofsted", "title": "Ofsted", "acronym": "Ofsted",
                 "content_id": "0f57ed00-0000-4000-8000-0000000f57ed", "link": "/government/organisations/ofsted"},
            ],
            "people": [],
            "taxons": [SEND_TAXON_ID],
            "part_of_taxonomy_tree": [SEND_TAXON_ID, EDUCATION_TAXON_ID],
            "is_withdrawn": False,
            "index": "government",
            "es_score": None,
            "_id": CAPITAL_PLAN,
            "elasticsearch_type": "edition",
            "document_type": "edition",
        }],
        "total": 1,
        "start": 0,
        "aggregates": {},
        "suggested_queries": [],
    }


def test_search_fields_repeated_and_comma_separated(server):
    answer = search(server, [("fields", "link"), ("fields", "title,people"), ("filter_link", STATEMENT)]).json()
    result = answer["results"][0]
    assert {k: result[k] for k in ("link", "title", "people")} == {
        "link": STATEMENT, "title": "Statement on SEND reform", "people": ["sam-sample"]}
    assert set(result) == {"link", "title", "people", "index", "es_score", "_id", "elasticsearch_type",
                           "document_type"}


def test_search_filter_is_or_within_a_field_and_across_any(server):
    assert links(server, [("filter_organisations", "ofsted")]) == [INSPECTION, CAPITAL_PLAN]
    both = [("filter_organisations", "ofsted"), ("filter_organisations", "department-for-education")]
    assert links(server, both) == [PLACES, INSPECTION, STATEMENT, CAPITAL_PLAN]
    any_ = [("filter_any_organisations", "ofsted"), ("filter_any_organisations", "department-for-education")]
    assert links(server, any_) == [PLACES, INSPECTION, STATEMENT, CAPITAL_PLAN]


def test_search_filter_all_needs_every_value(server):
    all_ = [("filter_all_organisations", "ofsted"), ("filter_all_organisations", "department-for-education")]
    assert links(server, all_) == [CAPITAL_PLAN]


def test_search_filters_are_and_across_fields(server):
    params = [("filter_organisations", "department-for-education"),
              ("filter_content_purpose_subgroup", "news"),
              ("filter_content_purpose_subgroup", "speeches_and_statements")]
    assert links(server, params) == [PLACES, STATEMENT]
    assert links(server, params + [("filter_people", "sam-sample")]) == [STATEMENT]


def test_search_reject_excludes_any_match(server):
    assert links(server, [("reject_organisations", "ofsted")]) == [PLACES, STATEMENT]
    assert links(server, [("reject_content_store_document_type", "press_release"),
                          ("reject_content_store_document_type", "news_story")]) == [STATEMENT, CAPITAL_PLAN]


def test_search_part_of_taxonomy_tree_includes_ancestors(server):
    # PLACES carries SEND with nested parents; STATEMENT carries a bare SEND link (parent found via the taxon item).
    assert links(server, [("filter_part_of_taxonomy_tree", SEND_TAXON_ID)]) == [PLACES, STATEMENT, CAPITAL_PLAN]
    assert links(server, [("filter_part_of_taxonomy_tree", EDUCATION_TAXON_ID)]) == [
        PLACES, INSPECTION, STATEMENT, CAPITAL_PLAN]
    tree = search(server, [("filter_link", STATEMENT), ("fields", "part_of_taxonomy_tree,taxons")]).json()
    assert {k: tree["results"][0][k] for k in ("taxons", "part_of_taxonomy_tree")} == {
        "taxons": [SEND_TAXON_ID], "part_of_taxonomy_tree": [SEND_TAXON_ID, EDUCATION_TAXON_ID]}


def test_search_q_words_come_from_title_description_or_stripped_body(server):
    assert links(server, {"q": "capital"}) == [CAPITAL_PLAN]
    assert links(server, {"q": '"SPECIALIST places"'}) == [PLACES]  # "specialist" only in the body
    assert links(server, {"q": "families spring"}) == [STATEMENT]  # body text
    assert links(server, {"q": '"spring & tested"'}) == [STATEMENT]  # &amp; unescaped, then not a word
    assert links(server, {"q": '"places reform"'}) == []
    assert links(server, {"q": "strong"}) == []  # tag names are not text


def test_search_unquoted_q_matches_any_of_its_words(server):
    # search-api's match_any_terms: one word is enough (core_query.rb).
    assert set(links(server, {"q": "places reform", "count": 20})) == {PLACES, STATEMENT} | set(
        links(server, {"q": "reform", "count": 20}))


def test_search_q_scores_results(server):
    answer = search(server, {"q": "inspectors", "fields": "link"}).json()
    assert [(r["link"], r["es_score"]) for r in answer["results"]] == [(INSPECTION, 2.0)]


def test_search_order_by_title_and_timestamp(server):
    assert links(server, {"order": "title"}) == [PLACES, INSPECTION, CAPITAL_PLAN, STATEMENT]
    assert links(server, {"order": "-title"}) == [STATEMENT, CAPITAL_PLAN, INSPECTION, PLACES]
    assert links(server, {"order": "public_timestamp"}) == [CAPITAL_PLAN, STATEMENT, INSPECTION, PLACES]


def test_search_paging_with_start_and_count(server):
    answer = search(server, {"order": "-public_timestamp", "count": 2, "start": 2, "fields": "link"}).json()
    assert ([r["link"] for r in answer["results"]], answer["total"], answer["start"]) == (
        [STATEMENT, CAPITAL_PLAN], 4, 2)
    beyond = search(server, {"count": 2, "start": 10}).json()
    assert (beyond["results"], beyond["total"]) == ([], 4)
    assert len(search(server, {}).json()["results"]) == 4  # default count 10


def test_search_public_timestamp_range_is_inclusive_and_to_covers_the_day(server):
    # INSPECTION is at 12:00 on 2024-03-01: a date-only "to" must include it.
    assert links(server, {"filter_public_timestamp": "from:2024-02-12,to:2024-03-01"}) == [INSPECTION, STATEMENT]
    assert links(server, {"filter_public_timestamp": "from:2024-03-02"}) == [PLACES]
    assert links(server, {"reject_public_timestamp": "to:2024-02-12"}) == [PLACES, INSPECTION]


def test_search_debug_include_withdrawn(server):
    assert links(server, {"debug": "include_withdrawn", "filter_link": WITHDRAWN}) == [WITHDRAWN]
    assert links(server, {"filter_link": WITHDRAWN}) == []


def test_search_leaves_out_gone_redirect_and_taxon_items(server):
    for path in (GONE, MOVED, SEND_TAXON_PATH, "/education"):
        assert links(server, {"filter_link": path}) == []


@pytest.mark.parametrize("params, error", [
    ({"foo": "1"}, "Unexpected parameters: foo"),
    ({"count": "1501"}, "Maximum result set size (as specified in 'count') is 1500"),
    ({"count": "ten"}, 'Invalid value "ten" for parameter "count" (expected positive integer)'),
    ({"start": "-1"}, 'Invalid value "-1" for parameter "start" (expected positive integer)'),
    ({"order": "-relevance"}, '"relevance" is not a valid sort field'),
    ({"fields": "link,bogus"}, "Some requested fields are not valid return fields: ['bogus']"),
    ({"filter_colour": "red"}, '"colour" is not a valid filter field'),
    ({"reject_all_colour": "red"}, '"colour" is not a valid reject field'),
    ({"filter_public_timestamp": "from:yesterday"},
     'Invalid value "yesterday" for parameter "filter_public_timestamp" (expected ISO8601 date)'),
    ([("q", "a"), ("q", "b")], 'Multiple values for parameter "q" (must occur at most once)'),
    ({"q": "x" * 513}, "Query (q) is longer than 512 characters"),
    ({"debug": "explain"}, 'Unknown debug option "explain"'),
])
def test_search_bad_parameters_answer_422(server, params, error):
    response = search(server, params)
    assert (response.status_code, response.json()) == (422, {"error": error})


def test_search_count_1500_is_allowed(server):
    assert search(server, {"count": "1500"}).status_code == 200


# Content API

def test_content_200_with_body_and_cache_headers(server):
    response = content(server, PLACES)
    body = fixture_bytes(1, PLACES)
    assert response.status_code == 200
    assert response.content == body
    assert {k: response.headers[k] for k in ("Content-Type", "Cache-Control", "ETag")} == {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "max-age=300, public",
        "ETag": 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"',  # weak, as Rack::ETag sends it
    }
    assert "Last-Modified" not in response.headers  # content-store sets none


def test_content_file_and_folder_of_the_same_name(server):
    assert content(server, "/education").json()["content_id"] == EDUCATION_TAXON_ID
    assert content(server, SEND_TAXON_PATH).json()["content_id"] == SEND_TAXON_ID


def test_content_303_points_at_the_parent_item(server):
    response = content(server, ANNEX)
    assert (response.status_code, response.headers["Location"]) == (
        303, server.base_url + "/api/content" + CAPITAL_PLAN)


def test_content_404_for_unknown_and_listed_paths(server):
    for path in ("/government/news/never-existed", DELETED):
        response = content(server, path)
        assert (response.status_code, response.content) == (404, b"")  # head :not_found


def test_content_410_returns_the_item_as_body(server):
    response = content(server, GONE)
    assert (response.status_code, response.content) == (410, fixture_bytes(1, GONE))


def test_content_redirect_item_is_a_200(server):
    response = content(server, MOVED)
    assert (response.status_code, response.json()["schema_name"]) == (200, "redirect")


def test_content_etag_gives_304_and_if_modified_since_is_ignored(server):
    first = content(server, PLACES)
    again = content(server, PLACES, **{"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", first.headers["ETag"])
    strong = content(server, PLACES, **{"If-None-Match": first.headers["ETag"].removeprefix("W/")})
    assert strong.status_code == 304  # If-None-Match compares weakly
    stale = content(server, PLACES, **{"If-None-Match": '"not-the-tag"'})
    assert stale.status_code == 200
    # No Last-Modified is ever sent, so If-Modified-Since alone never gives a 304.
    since = content(server, PLACES, **{"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})
    assert since.status_code == 200
    assert content(server, PLACES, **{"If-Modified-Since": "not a date"}).status_code == 200


def test_rounds_overlay_changed_new_and_gone_items(server):
    round_one_etag = content(server, PLACES).headers["ETag"]
    assert content(server, NEW_SITES).status_code == 404
    server.set_round(2)
    assert server.round == 2
    changed = content(server, PLACES, **{"If-None-Match": round_one_etag})
    assert (changed.status_code, changed.content) == (200, fixture_bytes(2, PLACES))
    assert content(server, NEW_SITES).status_code == 200
    assert content(server, STATEMENT).status_code == 410  # responses.json of round 2 merged over round 1
    assert content(server, CAPITAL_PLAN).content == fixture_bytes(1, CAPITAL_PLAN)  # untouched: round 1 file
    assert content(server, ANNEX).status_code == 303  # round 1 responses still apply
    assert links(server, {"fields": "link"}) == [NEW_SITES, PLACES, INSPECTION, CAPITAL_PLAN]
    server.set_round(1)
    assert content(server, NEW_SITES).status_code == 404


def test_unknown_round_is_refused(server):
    with pytest.raises(ValueError, match="no round-3"):
        server.set_round(3)
    assert server.round == 1


def test_admin_endpoints_switch_round_and_report_health(server):
    health = requests.get(server.base_url + "/_replay/health", timeout=5)
    assert (health.status_code, health.json()) == (200, {"round": 1, "documents": 9})
    switched = requests.post(server.base_url + "/_replay/round/2", timeout=5)
    assert (switched.status_code, switched.json()) == (200, {"round": 2, "documents": 10})
    missing = requests.post(server.base_url + "/_replay/round/9", timeout=5)
    assert missing.status_code == 404
    assert server.round == 2


def test_inject_overrides_the_next_requests_only(server):
    server.inject("/api/content" + PLACES, 503, b'{"error": "busy"}', headers={"Retry-After": "1"}, times=2)
    seen = [content(server, PLACES) for _ in range(3)]
    assert [(r.status_code, r.headers.get("Retry-After")) for r in seen] == [(503, "1"), (503, "1"), (200, None)]


def test_requests_seen_records_method_path_and_headers(server):
    requests.get(server.base_url + "/api/search.json?count=1", headers={"User-Agent": "probe/1"}, timeout=5)
    method, path, headers = server.requests_seen[-1]
    assert (method, path, headers["User-Agent"]) == ("GET", "/api/search.json?count=1", "probe/1")


def test_module_runs_in_foreground_until_sigterm():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen(
        [sys.executable, "-m", "replay", "--snapshot", str(MINI_SNAPSHOT), "--round", "2", "--port", "0"],
        stdout=subprocess.PIPE, text=True, env=env, cwd=REPO,
    ) as process:
        try:
            base_url = process.stdout.readline().strip()
            assert base_url.startswith("http://127.0.0.1:")
            assert requests.get(base_url + "/_replay/health", timeout=5).json() == {"round": 2, "documents": 10}
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=5) == 0
        finally:
            if process.poll() is None:
                process.kill()


def test_module_default_snapshot_is_inside_the_package():
    from replay.__main__ import DEFAULT_SNAPSHOT

    assert DEFAULT_SNAPSHOT == REPO / "replay" / "snapshot"


def test_kept_alive_requests_are_not_held_back_by_nagle():
    # With Nagle on, each response on a kept-alive connection waited ~40 ms for a delayed ACK,
    # so every benchmark measured the replay rather than the client (issue 13).
    import statistics
    import time

    with ReplayServer(MINI_SNAPSHOT) as server, requests.Session() as session:
        times = []
        for path in [CAPITAL_PLAN, INSPECTION] * 10:
            started = time.perf_counter()
            session.get(server.base_url + "/api/content" + path, timeout=10).raise_for_status()
            times.append(time.perf_counter() - started)
    assert statistics.median(times) < 0.02
