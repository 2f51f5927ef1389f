"""The replay answers as GOV.UK does: search-api's reading of `q`, withdrawn visibility and boolean
filters, and content-store's statuses and headers. Real HTTP against a ReplayServer on loopback,
over a small snapshot written here (our own invented pages)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import requests

from replay.server import ReplayServer, load_round

SEN = "/government/news/support-for-pupils-with-special-educational-needs"
PLANS = "/government/news/faster-education-health-and-care-plans"
HOSPITAL = "/government/news/hospital-trust-placed-in-special-measures"
MUSEUM = "/government/news/museum-opens-educational-visits-programme"
OLD = "/government/news/old-special-educational-needs-pilot"
UNRELATED = "/government/news/new-bridge-opens"
GONE_EMPTY = "/government/news/unpublished-notice"
GONE_EXPLAINED = "/government/news/unpublished-with-explanation"
MOVED = "/government/news/moved-story"


def _item(path: str, title: str, body: str, when: str, *, withdrawn: bool = False, description: str = "") -> dict:
    return {
        "base_path": path,
        "content_id": str(uuid.uuid5(uuid.NAMESPACE_URL, path)),
        "title": title,
        "description": description or f"About {title.lower()}.",
        "document_type": "press_release",
        "schema_name": "news_article",
        "locale": "en",
        "public_updated_at": when,
        "updated_at": when,
        "details": {"body": f'<div class="govspeak"><p>{body}</p></div>'},
        "links": {},
        "withdrawn_notice": {"explanation": "<p>No longer current.</p>", "withdrawn_at": when} if withdrawn else {},
    }


def _unpublished(path: str, schema: str, details: dict, **extra) -> dict:
    return {"base_path": path, "content_id": None, "description": None, "details": details,
            "document_type": schema, "links": {}, "locale": "en", "public_updated_at": "2025-06-01T10:00:00.000+01:00",
            "publishing_app": "whitehall", "schema_name": schema, "title": None,
            "updated_at": "2025-06-01T09:03:00.000Z", "withdrawn_notice": {}, **extra}


ITEMS = [
    _item(SEN, "Support for pupils with special educational needs",
          "Councils will publish their local offer. Pupils with Special Educational Needs will get "
          "support sooner, and the hospital school will stay open.", "2025-03-01T10:00:00.000+00:00"),
    _item(PLANS, "Faster plans for children",
          "Families will wait less for education, health and care plans, councils were told.",
          "2025-03-02T10:00:00.000+00:00"),
    _item(HOSPITAL, "Hospital trust placed in special measures",
          "The trust needs to improve its maternity care, inspectors found.", "2025-03-03T10:00:00.000+00:00"),
    _item(MUSEUM, "Museum opens educational visits programme",
          "School groups can book free educational visits from May.", "2025-03-04T10:00:00.000+00:00"),
    _item(OLD, "Old pilot for special educational needs",
          "The pilot tested new special educational needs training.", "2024-01-05T10:00:00.000+00:00",
          withdrawn=True),
    _item(UNRELATED, "New bridge opens", "The bridge carries 20,000 vehicles a day.", "2025-03-05T10:00:00.000+00:00"),
]


def write_snapshot(root: Path, items: list[dict], responses: dict | None = None) -> Path:
    content = root / "round-1" / "content"
    for item in items:
        file = content / (item["base_path"].lstrip("/") + ".json")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(item, indent=2), encoding="utf-8")
    (root / "round-1" / "responses.json").write_text(json.dumps(responses or {}), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    unpublished = [
        _unpublished(GONE_EMPTY, "gone", {"explanation": "", "alternative_path": ""}),
        _unpublished(GONE_EXPLAINED, "gone", {"explanation": "<p>This page was published in error.</p>",
                                              "alternative_path": ""}),
        _unpublished(MOVED, "redirect", {}, redirects=[{"path": MOVED, "type": "exact", "destination": SEN}]),
    ]
    root = write_snapshot(tmp_path_factory.mktemp("semantics"), ITEMS + unpublished)
    with ReplayServer(root) as running:
        yield running


def search(server, params) -> requests.Response:
    return requests.get(server.base_url + "/api/search.json", params=params, timeout=5)


def found(server, params) -> set[str]:
    response = search(server, {"count": 50, "fields": "link", **params})
    assert response.status_code == 200, response.text
    return {r["link"] for r in response.json()["results"]}


def content(server, path: str, **headers) -> requests.Response:
    return requests.get(server.base_url + "/api/content" + path, headers=headers, allow_redirects=False, timeout=5)


# Q (search-api parse_query + core_query)

def test_unquoted_words_match_any_of_them_so_near_misses_flood_in(server):
    assert found(server, {"q": "special educational needs"}) == {SEN, HOSPITAL, MUSEUM}


def test_quoted_phrase_needs_the_words_together_and_in_order(server):
    assert found(server, {"q": '"special educational needs"'}) == {SEN}
    assert found(server, {"q": '"needs educational special"'}) == set()


def test_phrase_is_case_insensitive(server):
    assert found(server, {"q": '"SPECIAL Educational nEEDS"'}) == {SEN}


def test_punctuation_between_phrase_words_is_ignored(server):
    assert found(server, {"q": '"education, health and care"'}) == {PLANS}
    assert found(server, {"q": '"education health and care"'}) == {PLANS}


def test_phrase_is_found_in_title_description_or_body(server):
    assert found(server, {"q": '"placed in special measures"'}) == {HOSPITAL}  # title
    assert found(server, {"q": '"about museum opens"'}) == {MUSEUM}  # description
    assert found(server, {"q": '"maternity care"'}) == {HOSPITAL}  # body
    assert found(server, {"q": '"programme school groups"'}) == set()  # not across title and body


def test_with_a_phrase_unquoted_words_are_optional(server):
    # "hospital" is in HOSPITAL and SEN; the phrase still decides which pages match.
    assert found(server, {"q": '"special educational needs" hospital'}) == {SEN}
    assert found(server, {"q": 'bridge "special educational needs"'}) == {SEN}


def test_several_phrases_must_all_match(server):
    assert found(server, {"q": '"special educational needs" "local offer"'}) == {SEN}
    assert found(server, {"q": '"special educational needs" "maternity care"'}) == set()


def test_unterminated_quote_is_read_as_unquoted_words(server):
    assert found(server, {"q": '"special educational needs'}) == {SEN, HOSPITAL, MUSEUM}
    assert found(server, {"q": 'bridge "maternity'}) == {UNRELATED, HOSPITAL}


def test_relevance_order_ranks_pages_with_more_hits_first(server):
    answer = search(server, {"q": "special educational needs", "fields": "link"}).json()
    assert answer["results"][0]["link"] == SEN and answer["total"] == 3


# Withdrawn (visibility_filter.rb, BooleanFieldFilter)

def test_withdrawn_pages_are_hidden_unless_debug_include_withdrawn(server):
    assert OLD not in found(server, {})
    assert OLD in found(server, {"debug": "include_withdrawn"})
    assert found(server, {"debug": "include_withdrawn", "q": '"special educational needs"'}) == {SEN, OLD}


def test_filter_is_withdrawn_lists_only_withdrawn_pages(server):
    assert found(server, {"debug": "include_withdrawn", "filter_is_withdrawn": "true"}) == {OLD}
    assert found(server, {"filter_is_withdrawn": "true"}) == set()  # still hidden without debug
    live = found(server, {"debug": "include_withdrawn", "reject_is_withdrawn": "true"})
    assert OLD not in live and SEN in live
    assert found(server, {"debug": "include_withdrawn", "filter_is_withdrawn": "false"}) == live
    answer = search(server, {"debug": "include_withdrawn", "filter_is_withdrawn": "true", "fields": "link,is_withdrawn"})
    assert [(r["link"], r["is_withdrawn"]) for r in answer.json()["results"]] == [(OLD, True)]


def test_filter_is_withdrawn_must_be_true_or_false(server):
    response = search(server, {"filter_is_withdrawn": "maybe"})
    assert (response.status_code, response.json()) == (
        422, {"error": "is_withdrawn requires a boolean (true or false)"})


def test_filters_are_or_within_a_field_and_and_across_fields(server):
    both = [("filter_link", SEN), ("filter_link", HOSPITAL)]
    assert {r["link"] for r in search(server, both + [("fields", "link")]).json()["results"]} == {SEN, HOSPITAL}
    narrowed = both + [("q", "maternity"), ("fields", "link")]
    assert {r["link"] for r in search(server, narrowed).json()["results"]} == {HOSPITAL}
    rejected = [("reject_link", SEN), ("reject_link", HOSPITAL), ("fields", "link"), ("count", "50")]
    assert {r["link"] for r in search(server, rejected).json()["results"]} == {PLANS, MUSEUM, UNRELATED}


# Content (content-store)

def test_content_etag_is_weak_and_answers_if_none_match_with_304(server):
    first = content(server, SEN)
    assert first.status_code == 200 and first.headers["ETag"].startswith('W/"')
    assert "Last-Modified" not in first.headers
    again = content(server, SEN, **{"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.content) == (304, b"")
    assert content(server, SEN, **{"If-None-Match": 'W/"other"'}).status_code == 200


def test_content_404_has_an_empty_body(server):
    missing = content(server, "/government/news/never-published")
    assert (missing.status_code, missing.content) == (404, b"")


def test_gone_item_without_details_is_a_410_with_its_json_body(server):
    response = content(server, GONE_EMPTY)
    body = response.json()
    assert (response.status_code, body["schema_name"], body["content_id"]) == (410, "gone", None)


def test_gone_item_with_an_explanation_is_a_200(server):
    response = content(server, GONE_EXPLAINED)
    assert (response.status_code, response.json()["schema_name"]) == (200, "gone")


def test_redirect_item_is_a_200_with_a_null_content_id(server):
    response = content(server, MOVED)
    body = response.json()
    assert (response.status_code, body["schema_name"], body["content_id"]) == (200, "redirect", None)
    assert body["redirects"][0]["destination"] == SEN


def test_unpublished_items_are_not_in_search(server):
    assert not {GONE_EMPTY, GONE_EXPLAINED, MOVED} & found(server, {"debug": "include_withdrawn"})


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_responses_json_asking_for_a_permanent_or_temporary_redirect_is_refused(tmp_path, status):
    root = write_snapshot(tmp_path, ITEMS[:1], {SEN: {"status": status, "location": PLANS}})
    with pytest.raises(ValueError, match=f"status {status}.*303"):
        load_round(root, 1)


def test_responses_json_with_a_303_is_served(tmp_path):
    root = write_snapshot(tmp_path, ITEMS[:1], {SEN + "/annex": {"status": 303, "location": SEN}})
    with ReplayServer(root) as running:
        response = content(running, SEN + "/annex")
        assert (response.status_code, response.headers["Location"]) == (303, running.base_url + "/api/content" + SEN)
