"""Issue 9 D1, D13, D14: one URL-safety check for the base URL, every redirect hop and every search link.

Real HTTP on loopback: the replay server answers with crafted redirects, and an "off-list" server
(another address or port) records whether anything ever reached it.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from urllib3.util import parse_url

from foundation.errors import ConfigError, FetchError
from foundation.settings import DEFAULT_CONFIG, load_settings
from foundation.urls import Origin, allowed_origins, safe_url
from govuk.client import GovukClient
from replay.server import ReplayServer

from replay_helpers import MINI_SNAPSHOT, PLACES

OFF_LIST_BODY = b'{"content_id": "evil", "base_path": "/evil", "title": "Off the allow-list"}'


class _OffListHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.server.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(OFF_LIST_BODY)))
        self.end_headers()
        self.wfile.write(OFF_LIST_BODY)

    def log_message(self, *args) -> None:
        pass


class OffListServer(ThreadingHTTPServer):
    """A server the client must never reach: it records every request it gets."""

    daemon_threads = True

    def __init__(self, host: str) -> None:
        super().__init__((host, 0), _OffListHandler)
        self.seen: list[str] = []
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()


@pytest.fixture
def server():
    with ReplayServer(MINI_SNAPSHOT) as running:
        yield running


@pytest.fixture
def off_list_other_address():
    # All of 127.0.0.0/8 is loopback on Linux: 127.0.0.2 is another host as far as an allow-list goes.
    running = OffListServer("127.0.0.2")
    yield running
    running.shutdown()
    running.server_close()


@pytest.fixture
def off_list_other_port():
    running = OffListServer("127.0.0.1")
    yield running
    running.shutdown()
    running.server_close()


def client_for(server: ReplayServer, **options) -> GovukClient:
    return GovukClient(server.base_url, requests_per_second=1000.0, sleep=lambda _s: None, max_retries=0,
                       **options)


def replay_port(server: ReplayServer) -> int:
    return server.server_address[1]


def test_d1_backslash_userinfo_redirect_is_refused_and_never_followed(server, off_list_other_address):
    evil = f"127.0.0.2:{off_list_other_address.port}"
    # urlsplit reads this as host 127.0.0.1 (after the "@"); urllib3 connects to 127.0.0.2.
    location = f"http://{evil}\\@127.0.0.1:{replay_port(server)}/api/content/x"
    server.inject("/api/content" + PLACES, 302, None, headers={"Location": location})
    with pytest.raises(FetchError, match="backslash") as caught:
        client_for(server).fetch_content(PLACES)
    assert off_list_other_address.seen == []
    assert caught.value.url == location


def test_d1_userinfo_redirect_is_refused(server, off_list_other_address):
    location = f"http://user:pw@127.0.0.2:{off_list_other_address.port}/api/content/x"
    server.inject("/api/content" + PLACES, 302, None, headers={"Location": location})
    with pytest.raises(FetchError, match="user information"):
        client_for(server).fetch_content(PLACES)
    assert off_list_other_address.seen == []


def test_d13_redirect_to_another_port_on_an_allowed_host_is_refused(server, off_list_other_port):
    location = f"http://127.0.0.1:{off_list_other_port.port}/api/content/x"
    server.inject("/api/content" + PLACES, 302, None, headers={"Location": location})
    with pytest.raises(FetchError, match=f"port {off_list_other_port.port} is not allowed"):
        client_for(server).fetch_content(PLACES)
    assert off_list_other_port.seen == []


def test_d13_https_to_http_downgrade_is_refused(server):
    # The client was configured for https; the same host and port over plain http is another origin.
    client = GovukClient(f"https://127.0.0.1:{replay_port(server)}", requests_per_second=1000.0, max_retries=0)
    with pytest.raises(FetchError, match="scheme http is not allowed"):
        client.fetch_content(f"http://127.0.0.1:{replay_port(server)}/api/content{PLACES}")
    assert server.requests_seen == []


@pytest.mark.parametrize("link", [
    "/../etc/passwd",
    "/government/../../etc/passwd",
    "/%2e%2e/etc/passwd",
    "/%2E%2e/%2e%2E/etc/passwd",
    "/%252e%252e/etc/passwd",
    "/government/./news",
    "/government\\..\\..\\etc",
    "/government/news/x\r\nX-Injected: 1",
    "/government/news/x%00",
])
def test_d14_search_link_cannot_escape_the_content_api(server, link):
    with pytest.raises(FetchError):
        client_for(server).fetch_content(link)
    assert server.requests_seen == []


def test_d14_redirect_hop_cannot_leave_the_content_api(server):
    server.inject("/api/content" + PLACES, 302, None, headers={"Location": "/api/content/../../etc/passwd"})
    with pytest.raises(FetchError, match="dot segment"):
        client_for(server).fetch_content(PLACES)
    assert len(server.requests_seen) == 1


def test_a_plain_redirect_on_the_same_origin_is_still_followed(server):
    server.inject("/api/content/old-slug", 301, None, headers={"Location": f"{server.base_url}/api/content{PLACES}"})
    result = client_for(server).fetch_content("/old-slug")
    assert (result.outcome, result.final_path) == ("ok", PLACES)


@pytest.mark.parametrize("url, problem", [
    ("http://a\\@www.gov.uk/x", "backslash"),
    ("https://u@www.gov.uk/x", "user information"),
    ("https://:@www.gov.uk/x", "user information"),
    ("https://www.gov.uk:8443/x", "port 8443 is not allowed"),
    ("http://www.gov.uk/x", "scheme http is not allowed"),
    ("ftp://www.gov.uk/x", "scheme ftp is not allowed"),
    ("https://www.gov.uk.evil.example/x", "host www.gov.uk.evil.example is not on the allow-list"),
    ("https://www.gov.uk/a/../b", "dot segment"),
    ("https://www.gov.uk/a/%2E%2E/b", "dot segment"),
    ("https://www.gov.uk/a/.%2e/b", "dot segment"),
    ("https://www.gov.uk/a%2f..%2fb", "dot segment"),
    ("https://www.gov.uk/a\tb", "control character"),
    ("https://www.gov.uk/a b", "control character"),
    ("https://www.gov.uk/a%0d%0ab", "control character"),
    ("https://www.gov\u3002uk/x", "not ASCII"),
    ("https://[::1]/x", "host ::1 is not on the allow-list"),
    ("https:///x", "no host"),
    ("https://www.gov.uk:0/x", "port"),
    ("https://www.gov.uk:99999/x", "port"),
    ("https://www.gov.uk:443a/x", "invalid port"),
    ("http://[127.0.0.1]/x", "invalid port or address"),
    # urlsplit keeps the %2e in the host, urllib3 decodes it: they disagree, so it is refused.
    ("https://www.gov.uk%2eevil.example/x", "read differently by urlsplit and urllib3"),
])
def test_safe_url_refuses(url, problem):
    with pytest.raises(FetchError, match=problem) as caught:
        safe_url(url, allowed_origins("https://www.gov.uk", ("www.gov.uk",)))
    assert caught.value.url == url


@pytest.mark.parametrize("url, expected", [
    ("https://www.gov.uk/api/content/a", "https://www.gov.uk/api/content/a"),
    ("https://WWW.GOV.UK:443/api/content/a?x=1#frag", "https://www.gov.uk/api/content/a?x=1"),
    ("https://www.gov.uk", "https://www.gov.uk/"),
    ("https://www.gov.uk/api/content//elsewhere.example/x", "https://www.gov.uk/api/content//elsewhere.example/x"),
    ("https://www.gov.uk/a..b/.hidden/...", "https://www.gov.uk/a..b/.hidden/..."),
])
def test_safe_url_returns_the_url_urllib3_will_request(url, expected):
    origins = allowed_origins("https://www.gov.uk", ("www.gov.uk",))
    checked = safe_url(url, origins)
    assert checked == expected
    parsed = parse_url(checked)
    assert Origin(parsed.scheme, parsed.host, parsed.port or 443) in origins


def test_safe_url_joins_a_relative_location_and_checks_its_prefix():
    origins = allowed_origins("http://127.0.0.1:8000", ())
    assert safe_url("/api/content/b", origins, base="http://127.0.0.1:8000/api/content/a",
                    prefix="/api/content/") == "http://127.0.0.1:8000/api/content/b"
    with pytest.raises(FetchError, match="outside /api/content/"):
        safe_url("/etc/passwd", origins, base="http://127.0.0.1:8000/api/content/a", prefix="/api/content/")
    with pytest.raises(FetchError, match="port 80 is not allowed"):
        safe_url("http://127.0.0.1/api/content/b", origins)


def test_allowed_hosts_mean_https_on_the_default_port_and_the_base_url_its_own_origin():
    origins = allowed_origins("http://127.0.0.1:8000", ("www.gov.uk",))
    assert origins == frozenset({Origin("http", "127.0.0.1", 8000), Origin("https", "www.gov.uk", 443)})


@pytest.mark.parametrize("base_url", [
    "http://a\\@www.gov.uk", "https://user@www.gov.uk", "https://www.gov.uk/../x", "ftp://www.gov.uk",
    "https://www.gov.uk/api?x=1",
])
def test_base_url_is_checked_by_the_same_function(base_url):
    with pytest.raises(ConfigError, match="base_url"):
        load_settings(DEFAULT_CONFIG, env={}, base_url=base_url)
    with pytest.raises(FetchError):
        GovukClient(base_url)


def test_a_url_checked_again_gets_the_same_answer_and_a_refusal_names_each_page():
    # Accepted URLs are remembered (a run checks each page's URL three times); refusals never are.
    origins = allowed_origins("https://www.gov.uk", ("www.gov.uk",))
    url = "https://www.gov.uk/api/content/government/news/x"
    assert safe_url(url, origins, prefix="/api/content/") == safe_url(url, origins, prefix="/api/content/") == url
    for page in ("/first-page", "/second-page"):
        with pytest.raises(FetchError) as refused:
            safe_url("https://www.gov.uk.evil.example/api/content/x", origins, base_path=page)
        assert refused.value.base_path == page and "not on the allow-list" in refused.value.problem
    with pytest.raises(FetchError, match="outside /api/content/"):
        safe_url("https://www.gov.uk/search?q=x", origins, prefix="/api/content/")
