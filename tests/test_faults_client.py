"""Issue 9 D10: a server that trickles its body cannot hold a fetch past the client's deadline.

A tiny http.server on loopback sends its headers at once, then one byte at a time, well inside
the read timeout, so only a wall-clock deadline checked after every read can stop it.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from foundation.errors import FetchError
from govuk.client import GovukClient

BODY = b'{"title": "' + b"x" * 200 + b'"}'
GAP_SECONDS = 0.02  # 200+ bytes at 50 bytes/s: about 4.3 s for the whole body


class _TrickleHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.server.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        try:
            for byte in BODY:
                piece = bytes([byte])
                self.wfile.write(b"1\r\n" + piece + b"\r\n" if self.server.chunked else piece)
                self.wfile.flush()
                time.sleep(self.server.gap)
            if self.server.chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should
        self.close_connection = True

    def log_message(self, *args) -> None:
        pass


class TrickleServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, chunked: bool, gap: float = GAP_SECONDS) -> None:
        super().__init__(("127.0.0.1", 0), _TrickleHandler)
        self.chunked = chunked
        self.gap = gap
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture(params=[False, True], ids=["content-length", "chunked"])
def trickle(request):
    server = TrickleServer(chunked=request.param)
    yield server
    server.shutdown()
    server.server_close()


def test_d10_trickled_body_stops_at_the_deadline_not_at_a_64kb_chunk(trickle):
    client = GovukClient(trickle.base_url, requests_per_second=1000.0, read_timeout=5.0, max_seconds=0.5,
                         max_retries=0)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"body took longer than 0.5 s to arrive") as caught:
        client.fetch_content("/government/news/slow")
    elapsed = time.monotonic() - started
    assert elapsed < 1.5, f"held for {elapsed:.1f} s on a 0.5 s deadline"
    assert caught.value.url == trickle.base_url + "/api/content/government/news/slow"


def test_d10_a_long_pause_between_bytes_is_cut_at_the_deadline_not_the_read_timeout():
    server = TrickleServer(chunked=False, gap=3.0)
    try:
        client = GovukClient(server.base_url, requests_per_second=1000.0, read_timeout=10.0, max_seconds=0.5,
                             max_retries=2, sleep=lambda _s: None)
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"body took longer than 0.5 s to arrive"):
            client.fetch_content("/government/news/slow")
        elapsed = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
    # Not retried either: a server this slow would only be this slow again.
    assert elapsed < 1.5, f"held for {elapsed:.1f} s on a 0.5 s deadline"


def test_d10_a_body_that_arrives_in_time_is_read_whole(trickle):
    client = GovukClient(trickle.base_url, requests_per_second=1000.0, read_timeout=5.0, max_seconds=30.0,
                         max_retries=0)
    assert client.fetch_content("/government/news/slow").body == BODY
