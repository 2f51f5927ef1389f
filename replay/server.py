"""Loopback replay of GOV.UK's Content API and Search API from a snapshot folder, round by round."""

from __future__ import annotations

import email.utils
import hashlib
import html
import json
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass
from datetime import date, datetime, time as dtime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CONTENT_PREFIX = "/api/content"
SEARCH_PATH = "/api/search.json"
MAX_COUNT = 1500
MAX_QUERY_CHARS = 512

SUBGROUPS = {
    "news": ("press_release", "news_story", "case_study", "world_news_story", "fatality_notice"),
    "speeches_and_statements": (
        "speech", "written_statement", "oral_statement", "authored_article", "correspondence",
        "government_response",
    ),
    "policy": ("policy_paper", "impact_assessment"),
    "consultations": ("open_consultation", "closed_consultation", "consultation_outcome"),
}
SUBGROUP_OF = {doc_type: group for group, types in SUBGROUPS.items() for doc_type in types}

RETURN_FIELDS = (
    "link", "title", "description", "content_id", "public_timestamp", "updated_at",
    "latest_change_note", "content_store_document_type", "content_purpose_subgroup",
    "organisations", "people", "taxons", "part_of_taxonomy_tree", "is_withdrawn",
)
DEFAULT_FIELDS = ("description", "link", "organisations", "public_timestamp", "title",
                  "content_store_document_type")
# Multi-valued (or single) keyword fields that filter_/reject_ accept; values compared exactly.
FILTER_FIELDS = ("organisations", "content_purpose_subgroup", "content_store_document_type",
                 "part_of_taxonomy_tree", "content_id", "link", "people", "taxons")
SORT_FIELDS = ("public_timestamp", "title")
# Items that never appear in search: unpublished or navigation-only schemas.
UNSEARCHABLE_SCHEMAS = ("gone", "redirect", "taxon")
JSON_TYPE = "application/json; charset=utf-8"
CACHE_CONTROL = "max-age=300, public"


class SearchParamError(ValueError):
    """A search parameter GOV.UK would answer with 422."""


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


# ---- search index -------------------------------------------------------------------------

def _slug(base_path: str | None) -> str | None:
    return base_path.rstrip("/").rsplit("/", 1)[-1] if base_path else None


def _links(item: dict, name: str) -> list[dict]:
    value = (item.get("links") or {}).get(name) or []
    return [link for link in value if isinstance(link, dict)]


def _taxonomy_tree(item: dict, taxon_items: dict[str, dict]) -> list[str]:
    """Taxon ids of the item plus every ancestor, from expanded links or the round's taxon items."""
    seen: list[str] = []
    stack = list(_links(item, "taxons"))
    while stack:
        taxon = stack.pop(0)
        taxon_id = taxon.get("content_id")
        if not taxon_id or taxon_id in seen:
            continue
        seen.append(taxon_id)
        stack.extend(_links(taxon, "parent_taxons"))
        if taxon_id in taxon_items:
            stack.extend(_links(taxon_items[taxon_id], "parent_taxons"))
    return seen


def _body_text(item: dict) -> str:
    details = item.get("details") or {}
    chunks = []
    body = details.get("body")
    if isinstance(body, str):
        chunks.append(body)
    elif isinstance(body, list):  # multi-format bodies: [{"content_type", "content"}]
        chunks.extend(str(part.get("content", "")) for part in body if isinstance(part, dict))
    for part in details.get("parts") or []:
        if isinstance(part, dict) and isinstance(part.get("body"), str):
            chunks.append(part["body"])
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(chunks)))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def parse_timestamp(value: str | None) -> datetime | None:
    """Parse GOV.UK's ISO 8601 timestamps (with Z or an offset) to aware UTC datetimes."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def search_document(item: dict, taxon_items: dict[str, dict]) -> dict:
    """The fields search-api would index for one content item."""
    doc_type = item.get("document_type")
    history = (item.get("details") or {}).get("change_history") or []
    organisations = [
        {
            "slug": _slug(org.get("base_path")),
            "title": org.get("title"),
            "acronym": (org.get("details") or {}).get("acronym") or org.get("acronym") or org.get("title"),
            "content_id": org.get("content_id"),
            "link": org.get("base_path"),
        }
        for org in _links(item, "organisations")
    ]
    fields = {
        "link": item.get("base_path"),
        "title": item.get("title"),
        "description": item.get("description"),
        "content_id": item.get("content_id"),
        "public_timestamp": item.get("public_updated_at"),
        "updated_at": item.get("updated_at"),
        "latest_change_note": history[0].get("note") if history and isinstance(history[0], dict) else None,
        "content_store_document_type": doc_type,
        "content_purpose_subgroup": SUBGROUP_OF.get(doc_type),
        "organisations": organisations,
        "people": [_slug(p.get("base_path")) for p in _links(item, "people") if p.get("base_path")],
        "taxons": [t["content_id"] for t in _links(item, "taxons") if t.get("content_id")],
        "part_of_taxonomy_tree": _taxonomy_tree(item, taxon_items),
        "is_withdrawn": bool(item.get("withdrawn_notice")),
    }
    text_words = _words(" ".join(filter(None, [item.get("title"), item.get("description"), _body_text(item)])))
    return {
        "fields": fields,
        "words": text_words,
        "word_set": frozenset(text_words),
        "title_words": frozenset(_words(item.get("title") or "")),
        "timestamp": parse_timestamp(item.get("public_updated_at")),
        # Filter values for every filterable field, organisations and people by slug.
        "values": {
            "organisations": {o["slug"] for o in organisations if o["slug"]},
            "people": set(fields["people"]),
            "taxons": set(fields["taxons"]),
            "part_of_taxonomy_tree": set(fields["part_of_taxonomy_tree"]),
            "content_purpose_subgroup": {fields["content_purpose_subgroup"]} - {None},
            "content_store_document_type": {doc_type} - {None},
            "content_id": {fields["content_id"]} - {None},
            "link": {fields["link"]} - {None},
        },
    }


def build_search_docs(items: dict[str, dict], responses: dict[str, dict]) -> tuple[dict, ...]:
    """Index the round's live (status 200) items that search would hold."""
    taxon_items = {i["content_id"]: i for i in items.values() if i.get("schema_name") == "taxon" and i.get("content_id")}
    docs = []
    for base_path, item in sorted(items.items()):
        if responses.get(base_path, {}).get("status", 200) != 200:
            continue
        if item.get("schema_name") in UNSEARCHABLE_SCHEMAS:
            continue
        docs.append(search_document(item, taxon_items))
    return tuple(docs)


# ---- search parameters ------------------------------------------------------------------

def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise SearchParamError(f'Multiple values for parameter "{name}" (must occur at most once)')
    return values[0]


def _integer(params: dict[str, list[str]], name: str, default: int) -> int:
    raw = _single(params, name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise SearchParamError(f'Invalid value "{raw}" for parameter "{name}" (expected positive integer)')
    return int(raw)


def _date_bound(raw: str, name: str, end_of_day: bool) -> datetime:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            day = date.fromisoformat(raw)
            moment = datetime.combine(day, dtime.max if end_of_day else dtime.min, tzinfo=timezone.utc)
            return moment
        parsed = parse_timestamp(raw)
    except ValueError:
        parsed = None
    if parsed is None:
        raise SearchParamError(f'Invalid value "{raw}" for parameter "{name}" (expected ISO8601 date)')
    return parsed


def _date_filter(name: str, values: list[str]) -> tuple[datetime | None, datetime | None]:
    if len(values) > 1:
        raise SearchParamError(f'Too many values ({len(values)}) for parameter "{name}" (must occur at most once)')
    bounds: dict[str, datetime] = {}
    for part in values[0].split(","):
        key, sep, raw = part.partition(":")
        if not sep or key not in ("from", "to") or not raw:
            raise SearchParamError(f'Invalid value "{values[0]}" for parameter "{name}" (expected from:DATE,to:DATE)')
        bounds[key] = _date_bound(raw, name, end_of_day=(key == "to"))
    return bounds.get("from"), bounds.get("to")


def parse_search_params(pairs: list[tuple[str, str]]) -> dict:
    """Validate a search query string the way search-api does; raise SearchParamError with every problem."""
    params: dict[str, list[str]] = {}
    for name, value in pairs:
        params.setdefault(name, []).append(value)
    errors: list[str] = []
    parsed: dict[str, Any] = {"filters": [], "dates": []}

    def attempt(fn):
        try:
            return fn()
        except SearchParamError as err:
            errors.append(str(err))
            return None

    parsed["start"] = attempt(lambda: _integer(params, "start", 0)) or 0
    count = attempt(lambda: _integer(params, "count", 10))
    if count is not None and count > MAX_COUNT:
        errors.append(f"Maximum result set size (as specified in 'count') is {MAX_COUNT}")
    parsed["count"] = count if count is not None else 10
    query = attempt(lambda: _single(params, "q"))
    if query is not None and len(query) > MAX_QUERY_CHARS:
        errors.append(f"Query (q) is longer than {MAX_QUERY_CHARS} characters")
    parsed["words"] = _words(query or "")
    order = attempt(lambda: _single(params, "order"))
    parsed["order"] = None
    if order:
        sort_field = order.removeprefix("-")
        if sort_field not in SORT_FIELDS:
            errors.append(f'"{sort_field}" is not a valid sort field')
        else:
            parsed["order"] = (sort_field, order.startswith("-"))
    fields = [f for raw in params.get("fields", []) for f in raw.split(",") if f]
    bad_fields = [f for f in fields if f not in RETURN_FIELDS]
    if bad_fields:
        errors.append(f"Some requested fields are not valid return fields: {bad_fields}")
    parsed["fields"] = list(dict.fromkeys(fields)) or list(DEFAULT_FIELDS)
    debug = [d for raw in params.get("debug", []) for d in raw.split(",") if d]
    for option in debug:
        if option != "include_withdrawn":
            errors.append(f'Unknown debug option "{option}"')
    parsed["include_withdrawn"] = "include_withdrawn" in debug

    unexpected = []
    for name, values in params.items():
        if name in ("start", "count", "q", "order", "fields", "debug"):
            continue
        match = re.fullmatch(r"(filter|reject)_(?:(any|all)_)?(.+)", name)
        if not match:
            unexpected.append(name)
            continue
        kind, mode, field_name = match.group(1), match.group(2) or "any", match.group(3)
        if field_name == "public_timestamp" and match.group(2) is None:
            bounds = attempt(lambda: _date_filter(name, values))
            if bounds:
                parsed["dates"].append((kind == "reject", *bounds))
        elif field_name in FILTER_FIELDS:
            parsed["filters"].append((kind == "reject", mode, field_name, set(values)))
        else:
            errors.append(f'"{field_name}" is not a valid {kind} field')
    if unexpected:
        errors.append(f"Unexpected parameters: {', '.join(unexpected)}")
    if errors:
        raise SearchParamError(". ".join(errors))
    return parsed


def _matches(doc: dict, parsed: dict) -> bool:
    if doc["fields"]["is_withdrawn"] and not parsed["include_withdrawn"]:
        return False
    if any(word not in doc["word_set"] for word in parsed["words"]):
        return False
    for reject, mode, field_name, wanted in parsed["filters"]:
        have = doc["values"][field_name]
        hit = wanted <= have if mode == "all" else bool(wanted & have)
        if hit == reject:
            return False
    for reject, start, end in parsed["dates"]:
        stamp = doc["timestamp"]
        inside = stamp is not None and (start is None or stamp >= start) and (end is None or stamp <= end)
        if inside == reject:
            return False
    return True


def _score(doc: dict, words: list[str]) -> float | None:
    # A crude relevance: term frequency with title hits counted thrice.
    if not words:
        return None
    return float(sum(doc["words"].count(w) + 2 * (w in doc["title_words"]) for w in words))


def run_search(docs: tuple[dict, ...], pairs: list[tuple[str, str]]) -> dict:
    """Answer one /api/search.json query over a round's documents; raises SearchParamError for 422s."""
    parsed = parse_search_params(pairs)
    hits = [doc for doc in docs if _matches(doc, parsed)]
    scores = {id(doc): _score(doc, parsed["words"]) for doc in hits}
    hits.sort(key=lambda d: d["fields"]["link"] or "")
    if parsed["order"]:
        sort_field, descending = parsed["order"]
        if sort_field == "public_timestamp":
            floor = datetime.min.replace(tzinfo=timezone.utc)
            hits.sort(key=lambda d: d["timestamp"] or floor, reverse=descending)
        else:
            hits.sort(key=lambda d: (d["fields"]["title"] or "").lower(), reverse=descending)
    elif parsed["words"]:
        hits.sort(key=lambda d: scores[id(d)], reverse=True)
    else:
        floor = datetime.min.replace(tzinfo=timezone.utc)
        hits.sort(key=lambda d: d["timestamp"] or floor, reverse=True)
    page = hits[parsed["start"]:parsed["start"] + parsed["count"]]
    results = []
    for doc in page:
        result = {name: doc["fields"][name] for name in parsed["fields"]}
        result.update({
            "index": "government",
            "es_score": scores[id(doc)],
            "_id": doc["fields"]["link"],
            "elasticsearch_type": "edition",
            "document_type": "edition",
        })
        results.append(result)
    return {"results": results, "total": len(hits), "start": parsed["start"], "aggregates": {},
            "suggested_queries": []}


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
