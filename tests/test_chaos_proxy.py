"""The campaign's fault proxy, over real loopback HTTP in front of the replay server.

Each fault kind is injected and seen by a plain HTTP client as it would be by GOV.UK's clients;
with no faults the proxy is transparent (redirects back through itself, 304s, search); and the
project's GovukClient gets every page right through a proxy failing half its requests.
"""

from __future__ import annotations

import sys
import time

import pytest
import requests

from conftest import REPO, SNAPSHOT

sys.path.insert(0, str(REPO))  # chaos/ is not an installed package: import it from the checkout

from chaos.proxy import FAULT_KINDS, FaultProxy  # noqa: E402
from govuk.client import GovukClient  # noqa: E402
from replay.server import ReplayServer  # noqa: E402

SEED = "/government/news/government-responds-to-national-audit-office-report-on-send"
ANNEX = "/government/publications/send-and-alternative-provision-improvement-plan/annex-a"


@pytest.fixture(scope="module")
def replay():
    with ReplayServer(SNAPSHOT, round=1) as server:
        yield server


def fetch(proxy: FaultProxy, path: str = SEED, **kwargs):
    return requests.get(proxy.base_url + "/api/content" + path, timeout=(1, 0.5), **kwargs)


def test_every_fault_kind_is_injected_as_described(replay):
    full = requests.get(replay.base_url + "/api/content" + SEED, timeout=5).content
    seen = {}
    for kind in FAULT_KINDS:
        with FaultProxy(replay.base_url, rate=1.0, kinds=[kind], hang_seconds=1.0, trickle_seconds=0.4) as proxy:
            started = time.monotonic()
            try:
                response = fetch(proxy)
                seen[kind] = (response.status_code, response.headers.get("Retry-After"), response.content)
            except requests.RequestException as exc:
                seen[kind] = type(exc).__name__
            seen[kind + " seconds"] = time.monotonic() - started
            assert proxy.counts == {kind: 1}
    assert seen["429"][:2] == (429, None)
    assert seen["429-retry-after"][:2] == (429, "1")
    assert seen["5xx"][0] in (500, 502, 503, 504)
    assert seen["hang"] == "ReadTimeout"
    assert seen["trickle"][0] == 200 and seen["trickle"][2] == full and seen["trickle seconds"] >= 0.3
    assert seen["truncate-length"] == "ChunkedEncodingError"  # IncompleteRead: the client can tell
    assert seen["truncate-close"][0] == 200 and seen["truncate-close"][2] == full[:len(full) // 2]  # it cannot
    assert seen["reset"] == "ConnectionError"


def test_without_faults_the_proxy_is_transparent(replay):
    with FaultProxy(replay.base_url, rate=0.0) as proxy:
        session = requests.Session()
        first = session.get(proxy.base_url + "/api/content" + SEED, timeout=5)
        direct = requests.get(replay.base_url + "/api/content" + SEED, timeout=5)
        assert first.status_code == 200 and first.content == direct.content
        assert first.headers["ETag"] == direct.headers["ETag"]
        again = session.get(proxy.base_url + "/api/content" + SEED, headers={"If-None-Match": first.headers["ETag"]},
                            timeout=5)
        assert again.status_code == 304 and again.content == b""
        moved = session.get(proxy.base_url + "/api/content" + ANNEX, allow_redirects=False, timeout=5)
        assert moved.status_code == 303 and moved.headers["Location"].startswith(proxy.base_url + "/api/content/")
        search = session.get(proxy.base_url + "/api/search.json", params={"q": "special", "count": 3}, timeout=5)
        assert search.status_code == 200 and len(search.json()["results"]) == 3
        assert proxy.requests == 4 and not proxy.counts


def test_the_proxy_refuses_anything_but_loopback():
    with pytest.raises(ValueError, match="loopback"):
        FaultProxy("http://www.gov.uk", rate=0.0)
    with pytest.raises(ValueError, match="loopback"):
        FaultProxy("http://127.0.0.1:9", host="0.0.0.0")
    with pytest.raises(ValueError, match="unknown fault"):
        FaultProxy("http://127.0.0.1:9", kinds=["meteor"])


def test_the_client_recovers_every_page_through_a_proxy_failing_half_its_requests(replay):
    detectable = [k for k in FAULT_KINDS if k != "truncate-close"]  # a close-delimited cut looks complete
    paths = [SEED, ANNEX, "/government/news/teachers-to-receive-5-5-pay-award"]
    with FaultProxy(replay.base_url, rate=0.5, kinds=detectable, seed=7, hang_seconds=0.6,
                    trickle_seconds=0.2, retry_after=0) as proxy:
        client = GovukClient(proxy.base_url, allowed_hosts=(), requests_per_second=0, read_timeout=0.4,
                             max_retries=8, backoff_base=0.01, backoff_cap=0.05)
        for path in paths:
            result = client.fetch_content(path)
            direct = requests.get(replay.base_url + "/api/content" + result.final_path, timeout=5)
            assert result.status_code == 200 and result.body == direct.content, path
        assert sum(proxy.counts.values()) >= 2
