"""A polite, bounded HTTP client for GOV.UK's Search API and Content API."""

from __future__ import annotations

import contextvars
import email.utils
import json
import os
import random
import re
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum
from typing import Callable, Iterator, Sequence

import requests
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError
from urllib3.util import parse_url

from foundation import __version__
from foundation.errors import FetchError, ParseError
from foundation.settings import ALLOWED_HOSTS, DEFAULT_CONTACT, LIVE_BASE_URL
from foundation.timestamps import parse_time
from foundation.urls import allowed_origins, safe_url
from govuk.ratelimit import RATE_LIMITER, RateLimited, RateLimitBreaker, SharedRateLimiter


def user_agent(contact: str = DEFAULT_CONTACT) -> str:
    """`send-monitor/<version> (+<contact>)`: who is asking, and how GOV.UK can reach them."""
    return f"send-monitor/{__version__} (+{contact})"


DEFAULT_USER_AGENT = user_agent()
CONTENT_PREFIX = "/api/content"
SEARCH_PATH = "/api/search.json"
MAX_REDIRECTS = 5
MAX_PAGE_SIZE = 1500  # search-api answers 422 above this
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
TOO_MANY_REQUESTS = 429
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class Unreachable(FetchError):
    """No answer at all from the host (connection refused, DNS failure, timeouts): nothing to retry soon."""


class GaveUp(FetchError):
    """The host kept answering badly (5xx, 429) through every retry: an outage a later try may outlast."""


class SlowAnswer(FetchError):
    """The body did not arrive within the time allowed: a later try may well be quicker."""


_REASON = re.compile(r"\[Errno -?\d+\] [^'\")(]+|Name or service not known|timed out|Read timed out")


def short_reason(err: BaseException) -> str:
    """The useful end of a requests error ("[Errno 111] Connection refused"), not its nested reprs."""
    text = str(err)
    found = _REASON.findall(text)
    return f"{type(err).__name__}: {found[-1].strip()}" if found else f"{type(err).__name__}: {text[:200]}"


class Outcome(StrEnum):
    """What a Content API answer means for the page."""

    OK = "ok"  # 200: the item (live, withdrawn, a gone item with an explanation, or a redirect item)
    NOT_MODIFIED = "not_modified"  # 304 to our If-None-Match
    VANISHED = "vanished"  # 404
    GONE = "gone"  # 410: unpublished, with an empty gone item as the body


OUTCOMES = {200: Outcome.OK, 304: Outcome.NOT_MODIFIED, 404: Outcome.VANISHED, 410: Outcome.GONE}
CHUNK_BYTES = 65536


@dataclass(frozen=True)
class FetchResult:
    """One Content API answer: status, outcome and body, with where a redirect ended."""

    url: str
    base_path: str
    final_path: str
    status_code: int
    outcome: Outcome
    body: bytes | None
    headers: dict[str, str]
    fetched_at: str
    etag: str | None
    last_modified: str | None
    elapsed_ms: float

    def json(self) -> dict:
        """The body as JSON; ParseError naming the path when it is missing or malformed."""
        if self.body is None:
            raise ParseError(f"no body to parse (HTTP {self.status_code})", base_path=self.base_path, url=self.url)
        try:
            return json.loads(self.body)
        except ValueError as err:
            raise ParseError(f"body is not valid JSON: {err}", base_path=self.base_path, url=self.url) from err


@dataclass
class _Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes | None


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _count(value: object) -> int:
    """search's `total` as a count (0 when missing or not a number)."""
    try:
        return max(0, int(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


def _param_list(params: list[tuple[str, str]] | dict) -> list[tuple[str, str]]:
    if isinstance(params, dict):
        pairs = []
        for name, value in params.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            pairs.extend((name, str(v)) for v in values)
        return pairs
    return [(name, str(value)) for name, value in params]


def _body_reads(response: requests.Response, deadline: float, read_timeout: float) -> Iterator[bytes]:
    """The body as it arrives, one socket read per piece, each read waiting no longer than the time left.

    requests' iter_content waits to fill a whole chunk, so a body trickled a byte at a time held
    a fetch far past its deadline (issue 9, D10). Stops early, without error, once the deadline
    passes: the caller checks it. Other urllib3 errors become the requests errors the retry loop
    already knows, as iter_content would raise them.
    """
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        sock = getattr(response.raw.connection, "sock", None)
        if sock is not None:
            sock.settimeout(min(read_timeout, remaining))
        try:
            piece = response.raw.read1(CHUNK_BYTES, decode_content=True)
        except ProtocolError as err:
            raise requests.exceptions.ChunkedEncodingError(err) from err
        except DecodeError as err:
            raise requests.exceptions.ContentDecodingError(err) from err
        except ReadTimeoutError as err:
            if time.monotonic() >= deadline:
                return
            raise requests.ConnectionError(err) from err
        except SSLError as err:
            raise requests.exceptions.SSLError(err) from err
        if not piece:
            return
        yield piece


class EnvironmentOnceSession(requests.Session):
    """A requests Session that reads the environment (proxies, CA bundle) once per origin, not per request.

    requests re-reads them on every request (~0.3 ms, a second of a 3,000-page run), and looks up
    ~/.netrc too: credentials there are never meant for GOV.UK, so they are not sent.
    """

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False  # no per-request environment or ~/.netrc; merge_environment_settings adds the rest
        self._environment: dict[str, tuple[dict[str, str], str | None]] = {}

    def merge_environment_settings(self, url, proxies, stream, verify, cert):  # type: ignore[no-untyped-def]
        parts = urllib.parse.urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._environment:
            bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
            self._environment[origin] = (requests.utils.get_environ_proxies(origin + "/"), bundle)
        env_proxies, bundle = self._environment[origin]
        proxies = dict(proxies or {})
        for key, value in env_proxies.items():
            proxies.setdefault(key, value)
        if (verify is True or verify is None) and bundle:
            verify = bundle
        return super().merge_environment_settings(url, proxies, stream, verify, cert)


@dataclass(frozen=True)
class ContentRequest:
    """One page for fetch_each: its base path and the validators of the version we hold."""

    base_path: str
    etag: str | None = None
    last_modified: str | None = None


class GovukClient:
    """Fetches search pages and content items with an allow-list, size cap, retries and rate limit."""

    def __init__(
        self,
        base_url: str = LIVE_BASE_URL,
        *,
        allowed_hosts: tuple[str, ...] | list[str] = ALLOWED_HOSTS,
        requests_per_second: float = 5.0,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        max_bytes: int = 5_000_000,
        max_retries: int = 4,
        backoff_base: float = 0.5,
        backoff_cap: float = 60.0,
        user_agent: str = DEFAULT_USER_AGENT,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        before_request: Callable[[], None] | None = None,
        max_seconds: float = 120.0,
        rate_budget: SharedRateLimiter | None = None,
        breaker: RateLimitBreaker | None = None,
    ) -> None:
        # The configured base_url is an explicit choice, so its origin is always allowed.
        self.origins = allowed_origins(base_url, allowed_hosts)
        self.base_url = safe_url(base_url, self.origins).rstrip("/")
        self.requests_per_second = requests_per_second
        self.timeout = (connect_timeout, read_timeout)
        self.max_bytes = max_bytes
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        # Its own generator: drawing from the global one moved state that other code (a property
        # test drawing in the same process while a run retried on a thread) relies on.
        self._jitter = random.Random()
        self.user_agent = user_agent
        self.session = session or EnvironmentOnceSession()
        self.sleep = sleep
        # A hook run before every request: flows use it to take a slot of a Prefect global
        # rate limit, so concurrent runs in other processes share one politeness budget.
        self.before_request = before_request
        # The read timeout bounds each read; this bounds the whole response, however the server
        # spaces out its bytes (each read waits at most for the time left).
        self.max_seconds = max_seconds
        self._taxon_ids: dict[str, str] = {}
        # Shared with other processes on this machine (a file beside the warehouse).
        self.rate_budget = rate_budget
        # Shared by every client of one run: a 429 that outlasts the retries pauses them all.
        self.breaker = breaker
        self.requests_made = 0  # HTTP requests sent, retries included (the dry run reports them)
        self._count_lock = threading.Lock()  # fetch_each's threads count requests too
        self._thread_counts = threading.local()  # the same count per thread: one walk's own requests

    @property
    def requests_on_this_thread(self) -> int:
        """The HTTP requests this client has sent from the calling thread, retries included."""
        return getattr(self._thread_counts, "made", 0)

    # Public API

    def search(self, params: list[tuple[str, str]] | dict) -> dict:
        """One page of /api/search.json as parsed JSON."""
        url = self.base_url + SEARCH_PATH
        response = self._get(url, params=_param_list(params), headers={}, prefix=SEARCH_PATH)
        if response.status != 200:
            raise FetchError(f"search answered HTTP {response.status}: {self._error_text(response)}", url=response.url)
        try:
            answer = json.loads(response.body or b"")
        except ValueError as err:
            raise ParseError(f"search answer is not valid JSON: {err}", url=response.url) from err
        if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
            raise ParseError("search answer has no results list", url=response.url)
        return answer

    def iter_search(self, params: list[tuple[str, str]] | dict, *, page_size: int = 100,
                    newer_than: str | None = None, on_total: Callable[[int], None] | None = None) -> Iterator[dict]:
        """Results newest first, page by page, stopping at the first one not newer than `newer_than`.

        `on_total` hears the `total` search reports for the query, once, from the first page.
        """
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1..{MAX_PAGE_SIZE}, got {page_size}")
        base = [(k, v) for k, v in _param_list(params) if k not in ("start", "count", "order")]
        fields = [f for k, v in base if k == "fields" for f in v.split(",") if f]
        if fields and "public_timestamp" not in fields:
            base.append(("fields", "public_timestamp"))  # the high-water mark needs it
        mark = parse_time(newer_than) if newer_than else None
        if newer_than and mark is None:
            raise ValueError(f"newer_than is not an ISO 8601 timestamp: {newer_than!r}")
        seen: set[str] = set()
        start = 0
        while True:
            page = self.search(base + [("order", "-public_timestamp"), ("count", str(page_size)),
                                       ("start", str(start))])
            results = page["results"]
            if start == 0 and on_total is not None:
                on_total(_count(page.get("total")))
            for result in results:
                stamp = parse_time(result.get("public_timestamp"))
                if mark is not None and stamp is not None and stamp <= mark:
                    return
                # A page published mid-walk pushes items down one slot; don't yield them twice.
                key = result.get("_id") or result.get("link") or result.get("content_id")
                if key is not None:
                    if key in seen:
                        continue
                    seen.add(key)
                yield result
            start += page_size
            if not results or start >= _count(page.get("total")):
                return

    def fetch_content(self, base_path: str, *, etag: str | None = None,
                      last_modified: str | None = None) -> FetchResult:
        """GET /api/content<base_path>; 404 and 410 are outcomes, errors raise FetchError."""
        started = time.monotonic()
        path = self._content_path(base_path)
        url = self.content_url(path)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response = self._get(url, params=None, headers=headers, base_path=path, prefix=CONTENT_PREFIX + "/",
                             checked=True)
        outcome = OUTCOMES.get(response.status)
        if outcome is None:
            raise FetchError(f"unexpected HTTP {response.status}: {self._error_text(response)}",
                             base_path=path, url=response.url)
        final_path = urllib.parse.unquote(urllib.parse.urlsplit(response.url).path)
        final_path = final_path.removeprefix(CONTENT_PREFIX) or "/"
        return FetchResult(
            url=response.url,
            base_path=path,
            final_path=final_path,
            status_code=response.status,
            outcome=outcome,
            body=response.body if response.status != 304 else None,
            headers=response.headers,
            fetched_at=datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            etag=response.headers.get("etag") or (etag if response.status == 304 else None),
            last_modified=response.headers.get("last-modified") or (last_modified if response.status == 304 else None),
            elapsed_ms=round((time.monotonic() - started) * 1000, 3),
        )

    def fetch_each(self, pages: Sequence[ContentRequest], *, workers: int = 1) -> list[FetchResult | FetchError | None]:
        """fetch_content of each page, in order: its result or its FetchError, up to `workers` requests in
        flight (the rate limit still spaces their starts). After a RateLimited, pages not begun are None."""
        stopped = threading.Event()

        def one(page: ContentRequest) -> FetchResult | FetchError | None:
            if stopped.is_set():
                return None
            try:
                return self.fetch_content(page.base_path, etag=page.etag, last_modified=page.last_modified)
            except RateLimited as exc:
                stopped.set()  # the run stops at the breaker: the rest are due next run
                return exc
            except FetchError as exc:
                return exc

        if workers <= 1 or len(pages) <= 1:
            return [one(page) for page in pages]
        # Each call in a copy of the caller's context: hooks it reaches, such as the breaker's message
        # through Prefect's run logger, find the run in context variables.
        contexts = [contextvars.copy_context() for _ in pages]
        with ThreadPoolExecutor(min(workers, len(pages)), thread_name_prefix="govuk-fetch") as pool:
            return list(pool.map(lambda context, page: context.run(one, page), contexts, pages))

    def content_url(self, base_path: str) -> str:
        """The checked Content API URL for a base path (or allowed full URL); FetchError if unsafe."""
        path = self._content_path(base_path)
        return safe_url(self.base_url + CONTENT_PREFIX + urllib.parse.quote(path, safe="/-_.~%"), self.origins,
                        prefix=CONTENT_PREFIX + "/", base_path=base_path)

    def resolve_taxon_id(self, base_path: str) -> str:
        """content_id of the taxon at base_path (cached per client)."""
        if base_path in self._taxon_ids:
            return self._taxon_ids[base_path]
        result = self.fetch_content(base_path)
        if result.outcome != Outcome.OK:
            raise FetchError(f"taxon is {result.outcome} (HTTP {result.status_code})", base_path=base_path,
                             url=result.url)
        content_id = result.json().get("content_id")
        if not isinstance(content_id, str) or not content_id:
            raise ParseError("taxon has no content_id", base_path=base_path, url=result.url)
        self._taxon_ids[base_path] = content_id
        return content_id

    # Transport

    def _content_path(self, base_path: str) -> str:
        """A base path, or a full URL on an allowed origin reduced to its path."""
        if base_path.startswith(("http://", "https://")):
            path = parse_url(safe_url(base_path, self.origins, base_path=base_path)).path or "/"
            return path.removeprefix(CONTENT_PREFIX) or "/"
        if not base_path.startswith("/"):
            raise FetchError("base path must start with '/'", base_path=base_path)
        return base_path

    def _get(self, url: str, *, params: list[tuple[str, str]] | None, headers: dict[str, str],
             base_path: str | None = None, prefix: str | None = None, checked: bool = False) -> _Response:
        """GET with manual redirects: every hop is checked by safe_url (origin, path, prefix).

        `checked`: url is safe_url's own answer for this prefix already (content_url's).
        """
        if not checked:
            url = safe_url(url, self.origins, prefix=prefix, base_path=base_path)
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._get_with_retries(url, params, headers, base_path=base_path)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            url = safe_url(location, self.origins, base=response.url, prefix=prefix, base_path=base_path)
            params = None  # the Location is complete
            # Validators describe the page first asked for, not the one redirected to.
            headers = {k: v for k, v in headers.items() if k not in ("If-None-Match", "If-Modified-Since")}
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", base_path=base_path, url=url)

    def _get_with_retries(self, url: str, params: list[tuple[str, str]] | None, headers: dict[str, str],
                          *, base_path: str | None) -> _Response:
        attempts = self.max_retries + 1
        while True:
            response, last_problem, last_status, retry_after, answered = self._attempts(
                url, params, headers, base_path=base_path, attempts=attempts)
            if response is not None:
                return response
            if not answered:
                host = urllib.parse.urlsplit(url).netloc
                raise Unreachable(f"could not reach {host} ({attempts} attempts; last: {last_problem})",
                                  base_path=base_path, url=url)
            if last_status != TOO_MANY_REQUESTS or self.breaker is None:
                raise GaveUp(f"gave up after {attempts} attempts; last: {last_problem}",
                             base_path=base_path, url=url)
            # The whole run waits (every client, via the limiters), then asks once more.
            self.breaker.trip(urllib.parse.urlsplit(url).netloc.lower(), retry_after, url=url, base_path=base_path)
            attempts = 1

    def _attempts(self, url: str, params: list[tuple[str, str]] | None, headers: dict[str, str],
                  *, base_path: str | None, attempts: int,
                  ) -> tuple[_Response | None, str, int | None, float | None, bool]:
        """Up to `attempts` tries with backoff: the response, or why the last try failed, its status and
        Retry-After; and whether the host answered at all (a body cut off mid-stream counts as an answer)."""
        last_problem, last_status, retry_after, answered = "", None, None, True
        for attempt in range(attempts):
            retry_after = last_status = None
            try:
                response = self._get_once(url, params, headers, base_path=base_path)
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as err:
                # A body cut off mid-stream is as transient as a dropped connection.
                last_problem = short_reason(err)
                answered = isinstance(err, requests.exceptions.ChunkedEncodingError)
            else:
                answered = True
                if response.status not in RETRY_STATUSES:
                    return response, "", response.status, None, True
                last_problem, last_status = f"HTTP {response.status}", response.status
                retry_after = _retry_after_seconds(response.headers.get("retry-after"))
            if attempt == attempts - 1:
                break
            if retry_after is not None:
                delay = min(retry_after, self.backoff_cap)
            else:
                # Full jitter: spreads retries from many clients instead of syncing them.
                delay = self._jitter.uniform(0, min(self.backoff_cap, self.backoff_base * 2 ** attempt))
            self.sleep(delay)
        return None, last_problem, last_status, retry_after, answered

    def _get_once(self, url: str, params: list[tuple[str, str]] | None, headers: dict[str, str],
                  *, base_path: str | None) -> _Response:
        host = urllib.parse.urlsplit(url).netloc.lower()
        if self.before_request is not None:
            self.before_request()
        RATE_LIMITER.wait(host, self.requests_per_second)
        if self.rate_budget is not None:
            self.rate_budget.wait(host, self.requests_per_second)
        # From the request on, so a server slow with its headers uses up the same allowance.
        deadline = time.monotonic() + self.max_seconds
        request_headers = {"User-Agent": self.user_agent, "Accept": "application/json", **headers}
        with self._count_lock:
            self.requests_made += 1
        self._thread_counts.made = self.requests_on_this_thread + 1
        response = self.session.get(url, params=params, headers=request_headers, timeout=self.timeout,
                                    allow_redirects=False, stream=True)
        try:
            status = response.status_code
            response_headers = {k.lower(): v for k, v in response.headers.items()}
            if status in RETRY_STATUSES or status in REDIRECT_STATUSES or status == 304:
                return _Response(response.url, status, response_headers, None)
            declared = response_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(f"Content-Length {declared} exceeds the cap of {self.max_bytes} bytes",
                                 base_path=base_path, url=response.url)
            body = bytearray()
            for chunk in _body_reads(response, deadline, self.timeout[1]):
                body.extend(chunk)
                if len(body) > self.max_bytes:
                    raise FetchError(f"body exceeds the cap of {self.max_bytes} bytes",
                                     base_path=base_path, url=response.url)
            if time.monotonic() >= deadline:
                raise SlowAnswer(f"body took longer than {self.max_seconds:g} s to arrive",
                                 base_path=base_path, url=response.url)
            return _Response(response.url, status, response_headers, bytes(body))
        finally:
            response.close()

    @staticmethod
    def _error_text(response: _Response) -> str:
        try:
            return str(json.loads(response.body or b"").get("error"))
        except (ValueError, AttributeError):
            return (response.body or b"")[:200].decode("utf-8", "replace")
