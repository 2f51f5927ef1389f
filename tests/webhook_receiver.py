"""A loopback HTTP server that records the JSON POSTed to it: a Slack webhook, or an Apprise json:// endpoint, in tests."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with self.server.lock:
            self.server.posts.append({"path": self.path, "content_type": self.headers.get("Content-Type"),
                                      "user_agent": self.headers.get("User-Agent"), "json": body})
        status = self.server.status
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        reply = b"ok" if status < 400 else b"error"
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    posts: list[dict[str, Any]]
    lock: threading.Lock
    status: int


class WebhookReceiver:
    """`with WebhookReceiver() as hook:` → POST to `hook.url` (or `hook.apprise_url`); read `hook.posts`
    (path, content_type, user_agent, json)."""

    def __init__(self, status: int = 200) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.posts = []
        self._server.lock = threading.Lock()
        self._server.status = status
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/services/T000/B000/secret-token"

    @property
    def apprise_url(self) -> str:
        """The same endpoint as an Apprise generic JSON URL (json:// posts over plain http)."""
        host, port = self._server.server_address[:2]
        return f"json://{host}:{port}/hooks/forum-secret"

    @property
    def posts(self) -> list[dict[str, Any]]:
        with self._server.lock:
            return list(self._server.posts)

    def __enter__(self) -> "WebhookReceiver":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
