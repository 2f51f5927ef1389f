"""Specification of the GOV.UK client, over real HTTP to the loopback replay server."""

from __future__ import annotations

import email.utils
import hashlib
import json
import random
import socket
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests

from foundation.errors import FetchError, ParseError
from govuk.client import DEFAULT_USER_AGENT, ContentRequest, FetchResult, GaveUp, GovukClient, SlowAnswer, Unreachable
from govuk.ratelimit import RateLimitBreaker, RateLimited
from replay.server import ReplayServer

from replay_helpers import (ANNEX, CAPITAL_PLAN, DELETED, DFE_ID, GONE, INSPECTION, MINI_SNAPSHOT, NEW_SITES, PLACES,
                            SEND_TAXON_ID, SEND_TAXON_PATH, STATEMENT, fixture_bytes)

DFE_NEWS = [("filter_organisations", "department-for-education"), ("fields", "link,public_timestamp")]


@pytest.fixture
def server():
    with ReplayServer(MINI_SNAPSHOT) as running:
        yield running


class SleepRecorder:
    """Stands in for time.sleep so backoff is measured, not waited for."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def make_client(server: ReplayServer, **options) -> tuple[GovukClient, SleepRecorder]:
    sleeps = SleepRecorder()
    options = {"requests_per_second": 1000.0, "sleep": sleeps, **options}
    return GovukClient(server.base_url, **options), sleeps


def paths_seen(server: ReplayServer) -> list[str]:
    return [path for _method, path, _headers in server.requests_seen]


# Search

def test_client_search_returns_one_page(server):
    client, _ = make_client(server)
    page = client.search(DFE_NEWS + [("count", "1"), ("order", "-public_timestamp")])
    assert ([r["link"] for r in page["results"]], page["total"], page["start"]) == ([PLACES], 3, 0)


def test_client_search_422_is_a_fetch_error_with_the_reason(server):
    client, _ = make_client(server)
    with pytest.raises(FetchError, match=r"search answered HTTP 422: Unexpected parameters: colour"):
        client.search({"colour": "red"})


def test_client_iter_search_pages_until_total(server):
    client, _ = make_client(server)
    links = [r["link"] for r in client.iter_search(DFE_NEWS, page_size=2)]
    assert links == [PLACES, STATEMENT, CAPITAL_PLAN]
    assert paths_seen(server) == [
        "/api/search.json?filter_organisations=department-for-education&fields=link%2Cpublic_timestamp"
        "&order=-public_timestamp&count=2&start=0",
        "/api/search.json?filter_organisations=department-for-education&fields=link%2Cpublic_timestamp"
        "&order=-public_timestamp&count=2&start=2",
    ]


def test_client_iter_search_stops_at_the_high_water_mark(server):
    client, _ = make_client(server)
    params = {"fields": "link", "order": "title", "start": "3"}  # caller's order/start are replaced
    found = [r["link"] for r in client.iter_search(params, page_size=1, newer_than="2024-02-12T14:00:00Z")]
    assert found == [PLACES, INSPECTION]
    assert len(server.requests_seen) == 3  # the third page held the first old result; no fourth request
    assert "fields=link&fields=public_timestamp" in paths_seen(server)[0]


def test_client_iter_search_skips_a_result_pushed_onto_the_next_page(server):
    client, _ = make_client(server)
    results = client.iter_search({"fields": "link"}, page_size=2)
    first_page = [next(results)["link"], next(results)["link"]]
    server.set_round(2)  # a new page lands on top; INSPECTION slides from page 1 to page 2
    assert first_page + [r["link"] for r in results] == [PLACES, INSPECTION, CAPITAL_PLAN]


def test_client_iter_search_rejects_oversized_pages(server):
    client, _ = make_client(server)
    with pytest.raises(ValueError, match="page_size must be 1..1500"):
        list(client.iter_search({}, page_size=1501))


# Content

def test_client_fetch_content_ok(server):
    client, _ = make_client(server)
    result = client.fetch_content(PLACES)
    body = fixture_bytes(1, PLACES)
    assert isinstance(result, FetchResult)
    assert {k: v for k, v in vars(result).items() if k not in ("fetched_at", "elapsed_ms", "headers")} == {
        "url": server.base_url + "/api/content" + PLACES,
        "base_path": PLACES,
        "final_path": PLACES,
        "status_code": 200,
        "outcome": "ok",
        "body": body,
        "etag": 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"',  # weak, as GOV.UK's Rails sends it
        "last_modified": None,  # content-store sends no Last-Modified
    }
    assert {k: result.headers[k] for k in ("content-type", "cache-control")} == {
        "content-type": "application/json; charset=utf-8", "cache-control": "max-age=300, public"}
    assert result.json() == json.loads(body)
    assert datetime.fromisoformat(result.fetched_at).tzinfo == timezone.utc
    assert result.elapsed_ms > 0


def test_client_follows_303_to_the_parent(server):
    client, _ = make_client(server)
    result = client.fetch_content(ANNEX, etag='"stale"')
    assert (result.base_path, result.final_path, result.status_code, result.outcome) == (
        ANNEX, CAPITAL_PLAN, 200, "ok")
    assert result.json()["base_path"] == CAPITAL_PLAN
    (_, first, first_headers), (_, second, second_headers) = server.requests_seen
    assert (first, second) == ("/api/content" + ANNEX, "/api/content" + CAPITAL_PLAN)
    # The validator belonged to the sub-page, so it is not sent to the parent.
    assert (first_headers.get("If-None-Match"), second_headers.get("If-None-Match")) == ('"stale"', None)


def test_client_404_and_410_are_outcomes(server):
    client, _ = make_client(server)
    vanished = client.fetch_content(DELETED)
    gone = client.fetch_content(GONE)
    assert (vanished.status_code, vanished.outcome) == (404, "vanished")
    assert (gone.status_code, gone.outcome, gone.json()["schema_name"]) == (410, "gone", "gone")


def test_client_conditional_requests_give_not_modified(server):
    client, _ = make_client(server)
    first = client.fetch_content(PLACES)
    assert first.etag.startswith('W/"') and first.last_modified is None
    again = client.fetch_content(PLACES, etag=first.etag, last_modified=first.last_modified)
    assert (again.status_code, again.outcome, again.body, again.etag, again.last_modified) == (
        304, "not_modified", None, first.etag, None)
    headers = server.requests_seen[-1][2]
    assert headers["If-None-Match"] == first.etag and "If-Modified-Since" not in headers
    # A stored Last-Modified (from an older snapshot, or a server that sends one) is still sent;
    # the replay, like content-store, never answers it with a 304.
    since_only = client.fetch_content(PLACES, last_modified="Mon, 04 Mar 2024 09:31:12 GMT")
    assert since_only.outcome == "ok"
    assert "If-None-Match" not in server.requests_seen[-1][2]
    assert server.requests_seen[-1][2]["If-Modified-Since"] == "Mon, 04 Mar 2024 09:31:12 GMT"


def test_client_changed_item_after_round_switch_is_ok_again(server):
    client, _ = make_client(server)
    first = client.fetch_content(PLACES)
    server.set_round(2)
    changed = client.fetch_content(PLACES, etag=first.etag)
    assert (changed.outcome, changed.body) == ("ok", fixture_bytes(2, PLACES))
    assert client.fetch_content(NEW_SITES).outcome == "ok"


def test_client_truncated_json_is_a_parse_error_naming_the_path(server):
    client, _ = make_client(server)
    server.inject("/api/content" + PLACES, 200, b'{"title": "Extra pla')
    result = client.fetch_content(PLACES)
    with pytest.raises(ParseError, match=f"^{PLACES}: body is not valid JSON"):
        result.json()


def test_client_other_4xx_is_a_fetch_error(server):
    client, _ = make_client(server)
    server.inject("/api/content" + PLACES, 403, b'{"error": "forbidden"}')
    with pytest.raises(FetchError, match=f"^{PLACES}: unexpected HTTP 403: forbidden$"):
        client.fetch_content(PLACES)


def test_client_resolves_and_caches_the_taxon_id(server):
    client, _ = make_client(server)
    assert client.resolve_taxon_id(SEND_TAXON_PATH) == SEND_TAXON_ID
    assert client.resolve_taxon_id(SEND_TAXON_PATH) == SEND_TAXON_ID
    assert paths_seen(server) == ["/api/content" + SEND_TAXON_PATH]


def test_client_unresolvable_taxon_is_a_fetch_error(server):
    client, _ = make_client(server)
    with pytest.raises(FetchError, match="taxon is vanished"):
        client.resolve_taxon_id("/education/no-such-taxon")


# Retries

def test_client_honours_retry_after_seconds_on_429(server):
    client, sleeps = make_client(server)
    server.inject("/api/content" + PLACES, 429, b"", headers={"Retry-After": "2"})
    result = client.fetch_content(PLACES)
    assert (result.outcome, sleeps.calls, len(server.requests_seen)) == ("ok", [2.0], 2)


def test_client_honours_retry_after_http_date_capped(server):
    client, sleeps = make_client(server, backoff_cap=60.0)
    soon = email.utils.format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    server.inject("/api/search.json", 429, b"", headers={"Retry-After": soon})
    server.inject("/api/content" + PLACES, 429, b"", headers={"Retry-After": "3600"})
    client.search({"count": "1"})
    client.fetch_content(PLACES)
    assert 28.0 <= sleeps.calls[0] <= 30.0
    assert sleeps.calls[1] == 60.0


def test_client_retries_503_with_full_jitter_then_succeeds(server):
    client, sleeps = make_client(server, backoff_base=0.5)
    server.inject("/api/content" + PLACES, 503, b"", times=2)
    result = client.fetch_content(PLACES)
    assert (result.outcome, len(sleeps.calls)) == ("ok", 2)
    assert 0 <= sleeps.calls[0] <= 0.5 and 0 <= sleeps.calls[1] <= 1.0


def test_backoff_jitter_leaves_the_global_random_state_alone(server):
    # A run retrying on a thread drew from the global generator while a property test in the
    # same process was drawing: Hypothesis warned that something used `random` inside its strategies.
    client, sleeps = make_client(server, backoff_base=0.5)
    server.inject("/api/content" + PLACES, 503, b"", times=2)
    before = random.getstate()
    result = client.fetch_content(PLACES)
    assert (result.outcome, len(sleeps.calls)) == ("ok", 2)
    assert random.getstate() == before


def test_client_gives_up_after_max_retries(server):
    client, sleeps = make_client(server, max_retries=2)
    server.inject("/api/content" + PLACES, 502, b"", times=5)
    with pytest.raises(FetchError, match=f"^{PLACES}: gave up after 3 attempts; last: HTTP 502$"):
        client.fetch_content(PLACES)
    assert (len(server.requests_seen), len(sleeps.calls)) == (3, 2)


def test_client_retries_connection_errors():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    sleeps = SleepRecorder()
    client = GovukClient(f"http://127.0.0.1:{closed_port}", requests_per_second=1000.0, max_retries=2,
                         sleep=sleeps)
    with pytest.raises(Unreachable) as err:
        client.fetch_content(PLACES)
    assert len(sleeps.calls) == 2
    # One line that names the host and the cause, not urllib3's nested reprs.
    assert str(err.value) == (f"{PLACES}: could not reach 127.0.0.1:{closed_port} (3 attempts; last: "
                              "ConnectionError: [Errno 111] Connection refused)")


def test_only_a_host_that_answered_badly_is_retried_by_the_task(tmp_path):
    from prefect.states import Failed

    from flows.tasks import worth_retrying

    class Run:
        name = "discover-x"

    assert worth_retrying(None, Run(), Failed(data=Unreachable("could not reach x"))) is False
    from prefect.logging import disable_run_logger

    with disable_run_logger():
        # Kept answering badly; too slow; an answer cut short in transit (the chaos campaign's
        # truncated search bodies: without this retry a second faulty run lost its discovery).
        for transient in (GaveUp("gave up after 5 attempts; last: HTTP 503"),
                          SlowAnswer("body took longer than 120 s to arrive"),
                          ParseError("search answer is not valid JSON: Unterminated string")):
            assert worth_retrying(None, Run(), Failed(data=transient)) is True, transient


def test_a_task_is_not_retried_a_minute_later_for_what_waiting_cannot_mend():
    # A 404 taxon, a file that is not a warehouse, a body over the cap or a bug fail the same way a
    # minute later: the run should say so at once (a dry run with a bad --db waited 60 s).
    from prefect.states import Failed

    from flows.tasks import worth_retrying
    from foundation.errors import NotAWarehouseError

    class Run:
        name = "resolve_taxons-x"

    for exc in (FetchError("taxon is vanished (HTTP 404)", base_path="/t"),
                NotAWarehouseError("/tmp is a folder, not a DuckDB warehouse file"),
                FetchError("body exceeds the cap of 5 bytes"), KeyError("bug")):
        assert worth_retrying(None, Run(), Failed(data=exc)) is False, exc


def test_a_host_that_keeps_answering_5xx_gives_up_with_an_error_worth_a_later_try(server):
    client, _ = make_client(server, max_retries=1)
    server.inject("/api/content" + PLACES, 503, b"busy", times=2)
    with pytest.raises(GaveUp, match=r"gave up after 2 attempts"):
        client.fetch_content(PLACES)


def test_client_retries_read_timeouts(server):
    client, sleeps = make_client(server, read_timeout=0.1)
    server.inject("/api/content" + PLACES, 200, b"{}", delay=0.4)
    result = client.fetch_content(PLACES)
    assert (result.body, len(sleeps.calls)) == (fixture_bytes(1, PLACES), 1)


# Safety

def test_client_refuses_a_declared_oversized_body(server):
    client, _ = make_client(server, max_bytes=1000)
    server.inject("/api/content" + PLACES, 200, b"x" * 2000)
    with pytest.raises(FetchError, match="Content-Length 2000 exceeds the cap of 1000 bytes") as caught:
        client.fetch_content(PLACES)
    assert caught.value.url == server.base_url + "/api/content" + PLACES


def test_client_refuses_a_streamed_oversized_body(server):
    client, _ = make_client(server, max_bytes=100_000)
    server.inject("/api/content" + PLACES, 200, b"x" * 1_000_000, chunked=True)
    with pytest.raises(FetchError, match="body exceeds the cap of 100000 bytes"):
        client.fetch_content(PLACES)


def test_client_refuses_a_redirect_to_another_host(server):
    client, _ = make_client(server)
    server.inject("/api/content" + PLACES, 302, None, headers={"Location": "https://elsewhere.example/api/content/x"})
    with pytest.raises(FetchError, match="host elsewhere.example is not on the allow-list"):
        client.fetch_content(PLACES)
    assert len(server.requests_seen) == 1


def test_client_refuses_a_base_path_on_another_host(server):
    client, _ = make_client(server)
    with pytest.raises(FetchError, match="host elsewhere.example is not on the allow-list"):
        client.fetch_content("https://elsewhere.example/api/content" + PLACES)
    # A protocol-relative path stays a path on the configured host.
    assert client.fetch_content("//elsewhere.example/x").outcome == "vanished"
    assert paths_seen(server) == ["/api/content//elsewhere.example/x"]


def test_client_refuses_a_base_url_host_it_was_not_given():
    client = GovukClient("https://www.gov.uk", allowed_hosts=())
    with pytest.raises(FetchError, match="host 127.0.0.1 is not on the allow-list"):
        client.fetch_content("http://127.0.0.1:9/api/content/x")


def test_client_stops_after_five_redirects(server):
    client, _ = make_client(server)
    server.inject("/api/content" + PLACES, 302, None, headers={"Location": "/api/content" + PLACES}, times=10)
    with pytest.raises(FetchError, match="more than 5 redirects"):
        client.fetch_content(PLACES)
    assert len(server.requests_seen) == 6


def test_client_sends_user_agent_and_accept(server):
    client, _ = make_client(server)
    client.fetch_content(PLACES)
    client.search({"count": "1"})
    for _method, _path, headers in server.requests_seen:
        assert (headers["User-Agent"], headers["Accept"]) == (
            "send-monitor/0.1.0 (+https://github.com/send-monitor/send-monitor/issues)", "application/json")
    assert DEFAULT_USER_AGENT == "send-monitor/0.1.0 (+https://github.com/send-monitor/send-monitor/issues)"


def test_client_rate_limit_is_shared_across_clients_and_threads(server):
    first, _ = make_client(server, requests_per_second=20.0)
    second, _ = make_client(server, requests_per_second=20.0)
    started = time.monotonic()
    workers = [threading.Thread(target=lambda c=c: [c.fetch_content(PLACES) for _ in range(5)])
               for c in (first, second)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    # Ten requests to one host at 20/s: the first goes at once, then nine gaps of 50 ms.
    assert 0.44 <= elapsed < 2.0
    assert len(server.requests_seen) == 10


def test_fetch_each_has_several_requests_in_flight_and_answers_in_order(server):
    # Each answer takes 0.3 s: one at a time, four pages would take 1.2 s.
    for path in (PLACES, STATEMENT, INSPECTION):
        server.inject("/api/content" + path, 200, fixture_bytes(1, path), delay=0.3)
    server.inject("/api/content" + GONE, 502, b"", delay=0.3)
    client, _ = make_client(server, max_retries=0)
    started = time.monotonic()
    results = client.fetch_each([ContentRequest(p) for p in (PLACES, GONE, STATEMENT, INSPECTION)], workers=4)
    elapsed = time.monotonic() - started
    assert [r.base_path if isinstance(r, FetchResult) else str(r) for r in results] == [
        PLACES, f"{GONE}: gave up after 1 attempts; last: HTTP 502", STATEMENT, INSPECTION]
    assert [r.body for r in results if isinstance(r, FetchResult)] == [fixture_bytes(1, p)
                                                                      for p in (PLACES, STATEMENT, INSPECTION)]
    assert elapsed < 0.9
    assert client.requests_made == 4


def test_fetch_each_begins_no_page_after_the_run_is_rate_limited(server):
    # The breaker has no pauses left: the first 429 through the retries stops the run.
    client, _ = make_client(server, max_retries=0, breaker=RateLimitBreaker(max_pauses=0))
    server.inject("/api/content" + STATEMENT, 429, b"")
    results = client.fetch_each([ContentRequest(p) for p in (PLACES, STATEMENT, INSPECTION, CAPITAL_PLAN)])
    assert [type(r).__name__ for r in results] == ["FetchResult", "RateLimited", "NoneType", "NoneType"]
    assert isinstance(results[1], RateLimited)
    assert paths_seen(server) == ["/api/content" + PLACES, "/api/content" + STATEMENT]


def test_fetch_each_begins_no_more_pages_after_an_unexpected_error(server):
    class Failing(requests.Session):
        def get(self, url, **kwargs):  # type: ignore[override]
            if url.endswith(PLACES):
                raise RuntimeError("transport bug")
            return super().get(url, **kwargs)

    for path in (STATEMENT, INSPECTION):
        server.inject("/api/content" + path, 200, fixture_bytes(1, path), delay=0.3)
    client, _ = make_client(server, session=Failing())
    pages = [ContentRequest(p) for p in (PLACES, STATEMENT, INSPECTION, CAPITAL_PLAN, ANNEX, GONE, DELETED)]
    with pytest.raises(RuntimeError, match="transport bug"):
        client.fetch_each(pages, workers=2)
    # Pages in flight beside the failing one finish; those still queued are never asked for.
    assert len(paths_seen(server)) <= 2, paths_seen(server)


def test_fetch_each_sends_validators(server):
    client, _ = make_client(server)
    first = client.fetch_content(PLACES)
    again = client.fetch_each([ContentRequest(PLACES, etag=first.etag)], workers=4)
    assert [(r.outcome, r.body) for r in again] == [("not_modified", None)]


def test_client_search_uses_the_dfe_recipe_shape(server):
    client, _ = make_client(server)
    page = client.search({
        "filter_organisations": "department-for-education",
        "filter_content_purpose_subgroup": ["news", "speeches_and_statements"],
        "filter_part_of_taxonomy_tree": SEND_TAXON_ID,
        "order": "-public_timestamp", "count": 100, "start": 0,
        "fields": "link,title,public_timestamp,content_store_document_type,content_id,organisations",
    })
    assert [(r["link"], r["content_store_document_type"], [o["content_id"] for o in r["organisations"]])
            for r in page["results"]] == [(PLACES, "press_release", [DFE_ID]),
                                          (STATEMENT, "written_statement", [DFE_ID])]


# The environment: proxies are honoured, ~/.netrc is not sent

def test_client_sends_requests_through_the_proxy_the_environment_names(server, monkeypatch):
    # The replay stands in for the proxy: it receives the absolute URL a proxy is sent.
    monkeypatch.setenv("HTTP_PROXY", server.base_url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = GovukClient("http://send-monitor-proxied.test:9", requests_per_second=1000.0, max_retries=0)
    assert client.fetch_content(PLACES).status_code == 200  # no such host: only the proxy could answer
    assert paths_seen(server)[-1] == f"http://send-monitor-proxied.test:9/api/content{PLACES}"


def test_client_skips_the_proxy_for_hosts_in_no_proxy(server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens: using it would fail
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    client, _ = make_client(server)
    assert client.fetch_content(PLACES).status_code == 200


def test_client_never_sends_netrc_credentials(server, monkeypatch, tmp_path):
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login someone password secret\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("HOME", str(tmp_path))
    client, _ = make_client(server)
    client.fetch_content(PLACES)
    _method, _path, headers = server.requests_seen[-1]
    assert "authorization" not in {k.lower() for k in dict(headers)}


def test_walks_on_two_threads_each_count_only_their_own_requests(server):
    # Discovery searches every profile at once on one client: a walk's request count (the dry run
    # reports it) must not take in the other walk's requests made meanwhile.
    from foundation.settings import Profile
    from govuk.discovery import search_profile

    client, _ = make_client(server)
    barrier = threading.Barrier(2)
    found = {}

    def walk(name: str, page_size: int) -> None:
        barrier.wait()
        found[name] = search_profile(client, Profile(name), DFE_NEWS, page_size=page_size)

    threads = [threading.Thread(target=walk, args=("ones", 1)), threading.Thread(target=walk, args=("all", 10))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ({n: (len(s.hits), s.requests) for n, s in found.items()}, client.requests_made) == (
        {"ones": (3, 3), "all": (3, 1)}, 4)
