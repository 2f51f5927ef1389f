"""A fault-injecting HTTP/1.1 proxy on loopback, in front of the replay server.

At a configurable rate each request meets one fault (which requests is random, seeded; the kinds
take turns, so even a short run meets every kind) instead of (or on the way back from) the
upstream answer:

- `429`            429 Too Many Requests, no Retry-After
- `429-retry-after` 429 with `Retry-After: <seconds>`
- `5xx`            500, 502, 503 or 504
- `hang`           reads the request, answers nothing for `hang_seconds`, then closes
- `trickle`        the real answer, its body dribbled out in small pieces over `trickle_seconds`
- `truncate-length` the real headers (true Content-Length), half the body, then close
- `truncate-close` no Content-Length (close-delimited), half the body, then close
- `reset`          a TCP reset (SO_LINGER 0) instead of any answer

Everything else is forwarded unchanged, Host header included (so the replay's absolute redirect
`Location`s point back at the proxy). Loopback only, both sides. Plain functions and one small
class holding the counts; `python -m chaos.proxy --upstream URL` runs one in the foreground.
"""

from __future__ import annotations

import argparse
import http.client
import random
import signal
import socket
import socketserver
import struct
import sys
import threading
import time
import urllib.parse
from collections import Counter
from typing import Iterable

from foundation.urls import is_loopback_host

FAULT_KINDS = ("429", "429-retry-after", "5xx", "hang", "trickle", "truncate-length", "truncate-close", "reset")
BODY_FAULTS = frozenset({"trickle", "truncate-length", "truncate-close"})
HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection",
                        "te", "trailer", "upgrade"})
MAX_HEADER_BYTES = 65536
IDLE_SECONDS = 30.0


def read_request(rfile) -> tuple[str, str, list[tuple[str, str]], bytes] | None:
    """(method, target, headers, body) of the next request on a connection; None at a clean EOF."""
    line = rfile.readline(MAX_HEADER_BYTES)
    while line in (b"\r\n", b"\n"):  # tolerate stray blank lines between requests
        line = rfile.readline(MAX_HEADER_BYTES)
    if not line:
        return None
    parts = line.decode("latin-1").rstrip("\r\n").split(" ")
    if len(parts) != 3:
        raise ValueError(f"bad request line: {line!r}")
    method, target, _version = parts
    headers: list[tuple[str, str]] = []
    while True:
        raw = rfile.readline(MAX_HEADER_BYTES)
        if raw in (b"\r\n", b"\n", b""):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    length = next((v for k, v in headers if k.lower() == "content-length"), "0")
    body = rfile.read(int(length)) if length.isdigit() and int(length) else b""
    return method, target, headers, body


def forward(upstream: str, method: str, target: str, *, headers: list[tuple[str, str]], body: bytes,
            timeout: float = 30.0) -> tuple[int, str, list[tuple[str, str]], bytes]:
    """One request to the upstream (a fresh loopback connection): status, reason, headers, whole body."""
    split = urllib.parse.urlsplit(upstream)
    conn = http.client.HTTPConnection(split.hostname, split.port or 80, timeout=timeout)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            if name.lower() not in HOP_BY_HOP:
                conn.putheader(name, value)
        if body:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        response = conn.getresponse()
        data = response.read()
        return response.status, response.reason, [(k, v) for k, v in response.getheaders()], data
    finally:
        conn.close()


def head_bytes(status: int, reason: str, headers: Iterable[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def reset(sock: socket.socket) -> None:
    """Close with a TCP RST rather than a FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class FaultProxy(socketserver.ThreadingTCPServer):
    """The proxy: `rate` of requests (0..1) get one of `kinds`; `counts` says what was injected."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, upstream: str, *, rate: float = 0.2, kinds: Iterable[str] = FAULT_KINDS,
                 seed: int | None = None, hang_seconds: float = 3.0, trickle_seconds: float = 1.0,
                 retry_after: int = 1, host: str = "127.0.0.1", port: int = 0) -> None:
        if not is_loopback_host(host):
            raise ValueError(f"the chaos proxy binds loopback only, not {host}")
        self.kinds = tuple(kinds)
        unknown = set(self.kinds) - set(FAULT_KINDS)
        if unknown or not self.kinds:
            raise ValueError(f"unknown fault kinds {sorted(unknown)} (known: {', '.join(FAULT_KINDS)})")
        self.set_upstream(upstream)
        self.rate = rate
        self.hang_seconds = hang_seconds
        self.trickle_seconds = trickle_seconds
        self.retry_after = retry_after
        self.random = random.Random(seed)
        self._turn = self.random.randrange(len(self.kinds))
        self.counts: Counter[str] = Counter()
        self.requests = 0
        self.first_request_at: float | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        super().__init__((host, port), ProxyHandler)

    # Control

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def set_upstream(self, upstream: str) -> None:
        host = urllib.parse.urlsplit(upstream).hostname or ""
        if not is_loopback_host(host):
            raise ValueError(f"the chaos proxy forwards to loopback only, not {upstream}")
        self.upstream = upstream.rstrip("/")

    def reset_counts(self) -> None:
        with self._lock:
            self.counts.clear()
            self.requests = 0
            self.first_request_at = None

    def choose_fault(self) -> str | None:
        with self._lock:
            self.requests += 1
            if self.first_request_at is None:
                self.first_request_at = time.monotonic()
            if self.rate <= 0 or self.random.random() >= self.rate:
                return None
            # Which request fails is random; the kinds take turns, so a short run still meets each one.
            self._turn += 1
            return self.kinds[self._turn % len(self.kinds)]

    def count(self, kind: str) -> None:
        with self._lock:
            self.counts[kind] += 1

    def pick(self, options: list) -> object:
        with self._lock:
            return self.random.choice(options)

    def start(self) -> "FaultProxy":
        if self._thread is None:
            self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                            name="chaos-proxy", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.server_close()

    def __enter__(self) -> "FaultProxy":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ProxyHandler(socketserver.BaseRequestHandler):
    server: FaultProxy

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(IDLE_SECONDS)
        rfile = sock.makefile("rb")
        try:
            while not self.server._stopping.is_set():
                try:
                    request = read_request(rfile)
                except (OSError, ValueError):
                    return
                if request is None:
                    return
                method, target, headers, body = request
                if not self.answer(sock, method, target, headers=headers, body=body):
                    return
        finally:
            try:
                rfile.close()
            except OSError:
                pass

    def answer(self, sock: socket.socket, method: str, target: str, *, headers: list[tuple[str, str]],
               body: bytes) -> bool:
        """Serve one request; True to keep the connection for the next one."""
        proxy = self.server
        keep_alive = not any(k.lower() == "connection" and v.lower() == "close" for k, v in headers)
        fault = proxy.choose_fault()
        if fault in ("429", "429-retry-after", "5xx"):
            status, reason = (429, "Too Many Requests")
            extra = []
            if fault == "429-retry-after":
                extra = [("Retry-After", str(proxy.retry_after))]
            elif fault == "5xx":
                status, reason = proxy.pick([(500, "Internal Server Error"), (502, "Bad Gateway"),
                                             (503, "Service Unavailable"), (504, "Gateway Timeout")])
            payload = b'{"error": "injected by the chaos proxy"}'
            proxy.count(fault)
            sock.sendall(head_bytes(status, reason, [("Content-Type", "application/json"), *extra,
                                                     ("Content-Length", str(len(payload)))]) + payload)
            return keep_alive
        if fault == "hang":
            proxy.count(fault)
            proxy._stopping.wait(proxy.hang_seconds)
            return False
        if fault == "reset":
            proxy.count(fault)
            reset(sock)
            return False
        try:
            status, reason, up_headers, data = forward(proxy.upstream, method, target, headers=headers, body=body)
        except OSError:
            sock.sendall(head_bytes(502, "Bad Gateway", [("Content-Length", "0")]))
            return False
        kept = [(k, v) for k, v in up_headers if k.lower() not in HOP_BY_HOP]
        send_body = method != "HEAD" and status not in (204, 304) and not 100 <= status < 200
        if fault in BODY_FAULTS and not (send_body and len(data) >= 2):
            fault = "reset"  # nothing to cut or dribble: fail the request another way
            proxy.count(fault)
            reset(sock)
            return False
        if fault == "truncate-length":
            proxy.count(fault)
            sock.sendall(head_bytes(status, reason, kept + [("Content-Length", str(len(data)))]) + data[:len(data) // 2])
            return False
        if fault == "truncate-close":
            proxy.count(fault)
            sock.sendall(head_bytes(status, reason, kept + [("Connection", "close")]) + data[:len(data) // 2])
            return False
        if method == "HEAD":
            length = [(k, v) for k, v in up_headers if k.lower() == "content-length"]
        else:
            length = [] if status in (204, 304) else [("Content-Length", str(len(data)))]
        if fault == "trickle":
            proxy.count(fault)
            sock.sendall(head_bytes(status, reason, kept + length))
            pieces = 20
            step = max(1, -(-len(data) // pieces))
            for offset in range(0, len(data), step):
                if proxy._stopping.wait(proxy.trickle_seconds / pieces):
                    return False
                sock.sendall(data[offset:offset + step])
            return keep_alive
        sock.sendall(head_bytes(status, reason, kept + length) + (data if send_body else b""))
        return keep_alive


def main(argv: list[str] | None = None) -> int:
    """Run a proxy in the foreground; the first stdout line is its base URL."""
    parser = argparse.ArgumentParser(prog="python -m chaos.proxy", description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True, help="loopback base URL to forward to (a replay server)")
    parser.add_argument("--rate", type=float, default=0.2, help="share of requests that meet a fault (default 0.2)")
    parser.add_argument("--kinds", default=",".join(FAULT_KINDS), help="comma-separated fault kinds")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    proxy = FaultProxy(args.upstream, rate=args.rate, kinds=args.kinds.split(","), seed=args.seed, port=args.port)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    proxy.start()
    print(proxy.base_url, flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        proxy.stop()
        print(dict(proxy.counts), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
