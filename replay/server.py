"""Loopback replay of GOV.UK's Content API and Search API from a snapshot folder, round by round.

The Search API's emulation lives in `replay.search`; this module loads rounds and serves HTTP.
The Content API answers as alphagov/content-store does (app/controllers/content_items_controller.rb,
app/controllers/application_controller.rb, app/models/content_item.rb): 200 with the item, 410 for
a `gone` item without details, 303 from a sub-path to its parent item, 404 with an empty body,
a weak ETag (Rails' Rack::ETag) and no Last-Modified.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from replay.search import SearchParamError, build_search_docs, run_search

CONTENT_PREFIX = "/api/content"
SEARCH_PATH = "/api/search.json"
JSON_TYPE = "application/json; charset=utf-8"
CACHE_CONTROL = "max-age=300, public"
# content-store never answers /api/content with these: its one redirect is the 303 of
# `redirect_canonical` (a sub-path routed to its parent item). A redirect item is a 200.
REFUSED_STATUSES = (301, 302, 307, 308)
# The replay's own endpoints (health, round control): outside /api/, where every GOV.UK API path lives.
CONTROL_PREFIX = "/_replay"


def is_loopback(address: str) -> bool:
    return address == "::1" or address.startswith("127.") or address == "::ffff:127.0.0.1"


class ReplayControlError(Exception):
    """A running replay could not be reached or refused the order; the message says which and why."""

    def __init__(self, message: str, *, reached: bool) -> None:
        super().__init__(message)
        self.reached = reached  # a replay answered (and refused), rather than none at all


def switch_round(base_url: str, number: int, *, timeout: float = 5.0) -> dict:
    """Tell the replay at `base_url` to serve round `number`; returns its health (round, documents)."""
    url = f"{base_url.rstrip('/')}{CONTROL_PREFIX}/round/{number}"
    request = urllib.request.Request(url, data=b"", method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as err:
        try:
            reason = json.loads(err.read()).get("error") or err.reason
        except ValueError:
            reason = err.reason
        raise ReplayControlError(f"the replay at {base_url} refused round {number}: {reason}", reached=True) from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise ReplayControlError(f"no replay server answers at {base_url} ({reason})", reached=False) from None


@dataclass(frozen=True)
class RoundState:
    """Everything one round serves: raw bodies, parsed items and status overrides."""

    number: int
    bodies: dict[str, bytes]
    items: dict[str, dict]
    responses: dict[str, dict]
    search_docs: tuple[dict, ...]


@dataclass
class Injection:
    status: int
    body: bytes | None
    headers: dict[str, str]
    remaining: int
    chunked: bool = False
    delay: float = 0.0


def available_rounds(snapshot_dir: Path) -> list[int]:
    """Round numbers present in a snapshot folder, ascending."""
    found = []
    for child in snapshot_dir.glob("round-*"):
        suffix = child.name.removeprefix("round-")
        if child.is_dir() and suffix.isdigit():
            found.append(int(suffix))
    return sorted(found)


def load_round(snapshot_dir: Path, number: int) -> RoundState:
    """Round N = round 1 overlaid with rounds 2..N (files replace files; responses merge)."""
    rounds = available_rounds(snapshot_dir)
    if number not in rounds:
        raise ValueError(f"{snapshot_dir} has no round-{number} (rounds: {rounds})")
    bodies: dict[str, bytes] = {}
    responses: dict[str, dict] = {}
    for n in rounds:
        if n > number:
            break
        round_dir = snapshot_dir / f"round-{n}"
        content_dir = round_dir / "content"
        if content_dir.is_dir():
            for path in sorted(content_dir.rglob("*.json")):
                rel = path.relative_to(content_dir).as_posix()
                bodies["/" + rel.removesuffix(".json")] = path.read_bytes()
        responses_file = round_dir / "responses.json"
        if responses_file.is_file():
            listed = json.loads(responses_file.read_text(encoding="utf-8"))
            for base_path, override in listed.items():
                if int(override.get("status", 200)) in REFUSED_STATUSES:
                    raise ValueError(
                        f"{responses_file}: {base_path} asks for status {override['status']}, which GOV.UK's "
                        "content store never sends (its only redirect is a 303 to the parent item; "
                        "a moved page is a 200 redirect item)")
            responses.update(listed)
    items = {}
    for base_path, body in bodies.items():
        try:
            parsed = json.loads(body)
        except ValueError:
            continue  # a deliberately broken body is still served, just never searched
        if isinstance(parsed, dict):
            items[base_path] = parsed
    docs = build_search_docs(items, responses)
    return RoundState(number, bodies, items, responses, docs)


def is_gone(item: dict | None) -> bool:
    """content-store's `ContentItem#gone?`: schema "gone" and every details value blank (then 410)."""
    if not isinstance(item, dict) or item.get("schema_name") != "gone":
        return False
    details = item.get("details")
    if details is None:
        return True
    if not isinstance(details, dict):
        return False
    return all(value in (None, "", [], {}) or (isinstance(value, str) and not value.strip())
               for value in details.values())


def content_status(state: RoundState, base_path: str) -> int:
    """The status /api/content<base_path> answers with: responses.json's override, else from the item."""
    override = state.responses.get(base_path) or {}
    if "status" in override:
        return int(override["status"])
    if base_path not in state.bodies:
        return 404
    return 410 if is_gone(state.items.get(base_path)) else 200


# HTTP

def weak_etag(body: bytes) -> str:
    """Rails' Rack::ETag marks the digest of the body weak: W/"<hex>"."""
    return 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    # Weak comparison, as RFC 9110 asks for If-None-Match.
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return etag.removeprefix("W/") in tags


def _not_modified(request_headers, etag: str) -> bool:
    # Only If-None-Match counts: content-store sends no Last-Modified, so an If-Modified-Since
    # (whatever it holds) can never make a 304 and is ignored.
    if_none_match = request_headers.get("If-None-Match")
    return if_none_match is not None and _etag_matches(if_none_match, etag)


class ReplayHandler(BaseHTTPRequestHandler):
    server: "ReplayServer"
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; with Nagle on, a kept-alive connection
        # waited for the client's delayed ACK (~40 ms) on every response, capping any client
        # near 23 requests a second and making every benchmark measure the replay (issue 13).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # tests and the demo would drown in access lines

    def do_GET(self) -> None:
        self._dispatch(send_body=True)

    def do_HEAD(self) -> None:
        self._dispatch(send_body=False)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.record(self.command, self.path, self.headers)
        if not is_loopback(self.client_address[0]):
            # Bound to another address (--host), the replay still takes orders only from this machine.
            self._send_json(403, {"error": "the replay's control endpoints answer loopback clients only"})
            return
        match = re.fullmatch(CONTROL_PREFIX + r"/round/(\d+)", urllib.parse.urlsplit(self.path).path)
        if not match:
            self._send_json(404, {"error": f"no such admin endpoint: {self.path}"})
            return
        try:
            self.server.set_round(int(match.group(1)))
        except ValueError as err:
            self._send_json(404, {"error": str(err)})
            return
        self._send_json(200, self.server.health())

    def _dispatch(self, send_body: bool) -> None:
        self.server.record(self.command, self.path, self.headers)
        split = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(split.path)
        injection = self.server.take_injection(split.path, self.path)
        if injection is not None:
            self._send_injection(injection, send_body)
        elif path == CONTROL_PREFIX + "/health":
            self._send_json(200, self.server.health(), send_body)
        elif path == SEARCH_PATH:
            self._search(split.query, send_body)
        elif path.startswith(CONTENT_PREFIX + "/"):
            self._content(path.removeprefix(CONTENT_PREFIX), send_body)
        else:
            self._send_json(404, {"error": f"not found: {path}"}, send_body)

    def _search(self, query: str, send_body: bool) -> None:
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        try:
            answer = run_search(self.server.state.search_docs, pairs)
        except SearchParamError as err:
            self._send_json(422, {"error": str(err)}, send_body)
            return
        self._send_json(200, answer, send_body)

    def _content(self, base_path: str, send_body: bool) -> None:
        state = self.server.state
        base_path = base_path.rstrip("/") or "/"
        override = state.responses.get(base_path) or {}
        status = content_status(state, base_path)
        if status in (301, 302, 303, 307, 308):
            location = override.get("location") or "/"
            if not location.startswith(("http://", "https://")):
                if not location.startswith("/api/"):
                    location = CONTENT_PREFIX + location
                # Absolute, as GOV.UK sends it; the Host header keeps it right behind any bind address.
                location = f"http://{self.headers.get('Host') or self.server.base_url[7:]}{location}"
            self._send(status, b"", {"Location": location, "Cache-Control": CACHE_CONTROL}, send_body=send_body)
            return
        body = state.bodies.get(base_path)
        if status == 404 or body is None:
            # content_items_controller.rb `error_404` is `head :not_found`: no body at all.
            self._send(404, b"", {"Cache-Control": CACHE_CONTROL}, send_body=send_body)
            return
        etag = weak_etag(body)
        headers = {"Content-Type": JSON_TYPE, "Cache-Control": CACHE_CONTROL, "ETag": etag}
        if status == 200 and _not_modified(self.headers, etag):
            headers.pop("Content-Type")
            self._send(304, b"", headers, send_body=send_body)
            return
        self._send(status, body, headers, send_body=send_body)

    def _send_injection(self, injection: Injection, send_body: bool) -> None:
        if injection.delay:
            time.sleep(injection.delay)
        headers = {"Content-Type": JSON_TYPE, **injection.headers}
        body = injection.body or b""
        if not injection.chunked:
            self._send(injection.status, body, headers, send_body=send_body)
            return
        self.send_response(injection.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if send_body:
            for offset in range(0, len(body), 65536):
                chunk = body[offset:offset + 65536]
                try:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client stopped reading: expected for size caps
                    return
            self.wfile.write(b"0\r\n\r\n")

    def _send_json(self, status: int, payload: dict, send_body: bool = True) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._send(status, body, {"Content-Type": JSON_TYPE}, send_body=send_body)

    def _send(self, status: int, body: bytes, headers: dict[str, str], *, send_body: bool) -> None:
        self.send_response(status)
        lowered = {name.lower() for name in headers}
        for name, value in headers.items():
            self.send_header(name, value)
        if "content-length" not in lowered and status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body and status != 304:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True


class ReplayServer(ThreadingHTTPServer):
    """Serves a snapshot on loopback; `set_round` switches rounds, `inject` overrides next responses."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, snapshot_dir: str | Path, round: int = 1, *, host: str = "127.0.0.1",  # noqa: A002
                 port: int = 0) -> None:
        self.snapshot_dir = Path(snapshot_dir)
        if not self.snapshot_dir.is_dir():
            raise ValueError(f"snapshot folder {self.snapshot_dir} does not exist")
        self.state = load_round(self.snapshot_dir, round)
        self.requests_seen: list[tuple[str, str, dict[str, str]]] = []
        self._injections: dict[str, list[Injection]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        super().__init__((host, port), ReplayHandler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def round(self) -> int:
        return self.state.number

    def set_round(self, n: int) -> None:
        """Serve round n (round 1 overlaid with rounds 2..n) from now on."""
        self.state = load_round(self.snapshot_dir, n)  # one reference swap: in-flight requests see old or new

    def health(self) -> dict:
        return {"round": self.state.number, "documents": len(self.state.bodies)}

    def inject(self, path: str, status: int, body: bytes | None = None, *, headers: dict | None = None,
               times: int = 1, chunked: bool = False, delay: float = 0.0) -> None:
        """Answer the next `times` requests for `path` (with or without query) with this response."""
        with self._lock:
            self._injections.setdefault(path, []).append(
                Injection(status, body, dict(headers or {}), times, chunked, delay))

    def take_injection(self, path: str, path_with_query: str) -> Injection | None:
        with self._lock:
            for key in (path_with_query, path):
                queue = self._injections.get(key)
                if queue:
                    injection = queue[0]
                    injection.remaining -= 1
                    if injection.remaining <= 0:
                        queue.pop(0)
                    return injection
        return None

    def record(self, method: str, path: str, headers) -> None:
        with self._lock:
            self.requests_seen.append((method, path, dict(headers.items())))

    def start(self) -> "ReplayServer":
        """Serve in a daemon thread; returns self."""
        if self._thread is None:
            # A short poll interval makes stop() take ~50 ms instead of up to 0.5 s (tests stop it often).
            self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                            name="replay-server", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.server_close()

    def __enter__(self) -> "ReplayServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
