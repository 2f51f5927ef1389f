"""Loopback replay of GOV.UK's Content API and Search API from a snapshot folder, round by round.

The Search API's emulation lives in `replay.search`; this module loads rounds and serves HTTP.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass
from datetime import timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from replay.search import SearchParamError, build_search_docs, parse_timestamp, run_search

CONTENT_PREFIX = "/api/content"
SEARCH_PATH = "/api/search.json"
JSON_TYPE = "application/json; charset=utf-8"
CACHE_CONTROL = "max-age=300, public"


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
            responses.update(json.loads(responses_file.read_text(encoding="utf-8")))
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


# ---- HTTP ----------------------------------------------------------------------------------

def _http_date(value: str | None) -> str | None:
    stamp = parse_timestamp(value)
    return email.utils.format_datetime(stamp, usegmt=True) if stamp else None


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    # Weak comparison, as RFC 9110 asks for If-None-Match.
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return etag in tags


def _not_modified(request_headers, etag: str, last_modified: str | None) -> bool:
    if_none_match = request_headers.get("If-None-Match")
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)  # takes precedence over If-Modified-Since
    since = request_headers.get("If-Modified-Since")
    if since and last_modified:
        try:
            since_dt = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if since_dt.tzinfo is None:
            since_dt = since_dt.replace(tzinfo=timezone.utc)
        return email.utils.parsedate_to_datetime(last_modified) <= since_dt
    return False


class ReplayHandler(BaseHTTPRequestHandler):
    server: "ReplayServer"
    protocol_version = "HTTP/1.1"

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
        match = re.fullmatch(r"/_replay/round/(\d+)", urllib.parse.urlsplit(self.path).path)
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
        elif path == "/_replay/health":
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
        status = int(override.get("status", 200))
        if status in (301, 302, 303, 307, 308):
            location = override.get("location") or "/"
            if not location.startswith(("http://", "https://")):
                if not location.startswith("/api/"):
                    location = CONTENT_PREFIX + location
                # Absolute, as GOV.UK sends it; the Host header keeps it right behind any bind address.
                location = f"http://{self.headers.get('Host') or self.server.base_url[7:]}{location}"
            self._send(status, b"", {"Location": location, "Cache-Control": CACHE_CONTROL}, send_body)
            return
        body = state.bodies.get(base_path)
        if status == 404 or body is None:
            self._send_json(404, {"error": f"Content item not found: {base_path}"}, send_body)
            return
        etag = '"' + hashlib.sha256(body).hexdigest() + '"'
        headers = {"Content-Type": JSON_TYPE, "Cache-Control": CACHE_CONTROL, "ETag": etag}
        last_modified = _http_date((state.items.get(base_path) or {}).get("updated_at"))
        if last_modified:
            headers["Last-Modified"] = last_modified
        if status == 200 and _not_modified(self.headers, etag, last_modified):
            headers.pop("Content-Type")
            self._send(304, b"", headers, send_body)
            return
        self._send(status, body, headers, send_body)

    def _send_injection(self, injection: Injection, send_body: bool) -> None:
        if injection.delay:
            time.sleep(injection.delay)
        headers = {"Content-Type": JSON_TYPE, **injection.headers}
        body = injection.body or b""
        if not injection.chunked:
            self._send(injection.status, body, headers, send_body)
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
        self._send(status, body, {"Content-Type": JSON_TYPE}, send_body)

    def _send(self, status: int, body: bytes, headers: dict[str, str], send_body: bool) -> None:
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

    def __init__(self, snapshot_dir: str | Path, round: int = 1, host: str = "127.0.0.1",  # noqa: A002
                 port: int = 0) -> None:
        self.snapshot_dir = Path(snapshot_dir)
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

    def inject(self, path: str, status: int, body: bytes | None = None, headers: dict | None = None,
               times: int = 1, *, chunked: bool = False, delay: float = 0.0) -> None:
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
