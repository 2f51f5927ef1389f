"""Content API item (dict) to the record's metadata fields, its body HTML and its problems."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

from foundation.errors import ParseError
from foundation.settings import LIVE_BASE_URL
from foundation.timestamps import parse_time
from parsers.record import (DOC_GONE, DOC_LIVE, DOC_REDIRECT, DOC_WITHDRAWN, KEY_DATE_FIELDS, Attachment, ChangeNote,
                            Link)

GOVUK = LIVE_BASE_URL  # links in records always point at GOV.UK itself, whichever host served the page
# Schemas whose details.body is the page's text.
BODY_SCHEMAS = frozenset({
    "news_article", "speech", "publication", "html_publication", "consultation", "call_for_evidence",
    "detailed_guide", "case_study", "fatality_notice", "corporate_information_page", "document_collection",
    "statistical_data_set", "worldwide_corporate_information_page",
})
# Extra HTML fields, rendered after the body under the heading GOV.UK gives them.
_EXTRA_BODIES = (
    ("final_outcome_detail", "Detail of outcome"),
    ("public_feedback_detail", "Detail of feedback received"),
)
# Lists of attachment HTML (publications, consultations).
_DOCUMENT_LISTS = ("documents", "final_outcome_documents", "public_feedback_documents", "featured_attachments_html")
_LINK_LISTS = ("organisations", "people", "roles", "taxons", "topical_events")


@dataclass
class ItemParts:
    fields: dict[str, Any] = field(default_factory=dict)  # Announcement keyword arguments
    body_html: str = ""  # every body fragment, joined for one parse
    attachment_html: str = ""  # attachment sections (documents lists), parsed with the body
    speaker: str | None = None  # a speech's speaker
    withdrawn_html: str | None = None  # withdrawn_notice.explanation, made plain text by the caller
    problems: list[str] = field(default_factory=list)


MAX_DEPTH = 64  # GOV.UK's deepest real items nest about 8 levels; anything far past that is hostile


def read_json(body: bytes | str, *, url: str | None = None, base_path: str | None = None) -> Any:
    """A response body as JSON; ParseError naming the page when it is not JSON or nested too deeply."""
    if json_depth(body) > MAX_DEPTH:
        raise ParseError(f"JSON nested too deeply (over {MAX_DEPTH} levels): not a Content API item",
                         url=url, base_path=base_path)
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as err:
        raise ParseError(f"not JSON: {str(err)[:80]}", url=url, base_path=base_path) from None


def json_depth(body: bytes | str) -> int:
    """Deepest bracket nesting of a JSON text in one pass (0 when it has too few brackets to matter)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return 0
    depth = deepest = 0
    for m in _BRACKETS.finditer(text):
        token = m.group()
        if token[0] == '"':
            continue
        depth += 1 if token in "{[" else -1
        deepest = max(deepest, depth)
    return deepest


_BRACKETS = re.compile(r'[{}\[\]]|"(?:[^"\\]|\\.)*"')
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(item: Any, problems: list[str]) -> Any:
    """Lone UTF-16 surrogates (valid JSON, not encodable text) become U+FFFD; a valid pair its character.

    Walked with a stack, not recursion, so no item can exhaust the interpreter's stack.
    """
    try:
        orjson.dumps(item)  # refuses any lone surrogate, in C: most items need no walk at all
        return item
    except (TypeError, ValueError):
        pass  # a surrogate, or something else orjson will not write (deep nesting, huge integers)
    found = False

    def clean(value: Any) -> Any:
        nonlocal found
        if isinstance(value, str) and _SURROGATE.search(value):
            fixed = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            found = found or fixed.count("\ufffd") > value.count("\ufffd")
            return fixed
        return value

    root = [clean(item)]
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        keys = range(len(node)) if isinstance(node, list) else list(node)
        for k in keys:
            v = node[k]
            if isinstance(v, (dict, list)):
                stack.append(v)
            else:
                node[k] = clean(v)
            if isinstance(node, dict) and isinstance(k, str) and _SURROGATE.search(k):
                node[clean(k)] = node.pop(k)
    if found:
        problems.append("text held lone surrogate code points (not valid Unicode): replaced with U+FFFD")
    return root[0]


def read_content_item(item: Any, *, url: str | None = None) -> ItemParts:
    """Split a Content API item into metadata, body HTML and problems; raise ParseError if unusable."""
    if not isinstance(item, dict):
        raise ParseError(f"Content API item is a {type(item).__name__}, not a JSON object", url=url)
    parts = ItemParts()
    item = _without_surrogates(item, parts.problems)
    p = parts.problems
    f = parts.fields
    content_id = _str(item, "content_id", p)
    base_path = _str(item, "base_path", p)
    details_raw = item.get("details")
    if not (content_id or base_path or item.get("title") or details_raw):
        raise ParseError("no content_id, base_path, title or details: not a Content API item", url=url)
    f["content_id"] = content_id
    f["base_path"] = base_path
    f["url"] = url or (GOVUK + base_path if base_path and base_path.startswith("/") else None)
    for key in ("title", "description", "document_type", "schema_name", "first_published_at",
                "public_updated_at", "updated_at"):
        f[key] = _str(item, key, p)
    locale = _str(item, "locale", p)
    if locale:
        f["locale"] = locale
    # gone and redirect items carry no title by design, and on GOV.UK their content_id is null
    # (the content store keeps the unpublished path, not the document): ingest takes the id it
    # already knows for the page (warehouse.parsing.fill_identity).
    required = ("base_path",) if f["schema_name"] in ("gone", "redirect") else ("content_id", "base_path", "title")
    for key in required:
        if not f[key] and item.get(key) is None:
            p.append(f"missing {key}")

    if details_raw is None:
        details: dict[str, Any] = {}
    elif isinstance(details_raw, dict):
        details = details_raw
    else:
        p.append(f"details is a {type(details_raw).__name__}, not an object: body and details skipped")
        details = {}
    links_raw = item.get("links")
    if links_raw is None:
        links: dict[str, Any] = {}
    elif isinstance(links_raw, dict):
        links = links_raw
    else:
        p.append(f"links is a {type(links_raw).__name__}, not an object: links skipped")
        links = {}

    _status(item, details, parts)
    for name in _LINK_LISTS:
        f[name] = _links(links, name, p)
    _government(details, links, parts)
    f["change_history"] = _change_history(details, p)
    f["attachments"] = _attachments(details, p)
    _key_dates(details, parts)
    _body(item, details, parts)
    _speaker(details, links, parts)
    return parts


def _key_dates(details: dict, parts: ItemParts) -> None:
    """A consultation's opening and closing dates and a speech's delivery date, as GOV.UK sends them."""
    for name in KEY_DATE_FIELDS:
        value = _str(details, name, parts.problems, "details.")
        if value is not None and parse_time(value) is None:
            parts.problems.append(f"details.{name} is not a date: {value[:40]!r}")
            value = None
        parts.fields[name] = value


def _str(obj: dict, key: str, problems: list[str], where: str = "") -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value or None
    problems.append(f"{where}{key} is a {type(value).__name__}, not a string")
    return None


def _status(item: dict, details: dict, parts: ItemParts) -> None:
    f, p = parts.fields, parts.problems
    schema = f.get("schema_name")
    f["status"] = DOC_LIVE
    if schema == "gone":
        f["status"] = DOC_GONE
        f["redirect_to"] = _str(details, "alternative_path", p, "details.") or None
        if isinstance(details.get("explanation"), str) and details["explanation"].strip():
            parts.withdrawn_html = details["explanation"]  # shown like a withdrawal explanation
    elif schema == "redirect":
        f["status"] = DOC_REDIRECT
        redirects = item.get("redirects")
        if isinstance(redirects, list) and redirects and isinstance(redirects[0], dict):
            f["redirect_to"] = _str(redirects[0], "destination", p, "redirects[0].")
        else:
            p.append("redirect without redirects[0].destination")
    notice = item.get("withdrawn_notice")
    if notice and isinstance(notice, dict):
        f["status"] = DOC_WITHDRAWN
        f["withdrawn_at"] = _str(notice, "withdrawn_at", p, "withdrawn_notice.")
        explanation = notice.get("explanation")
        if isinstance(explanation, str):
            parts.withdrawn_html = explanation
        elif explanation is not None:
            p.append("withdrawn_notice.explanation is not a string")
    elif notice and not isinstance(notice, dict):
        p.append(f"withdrawn_notice is a {type(notice).__name__}, not an object")


def _links(links: dict, name: str, problems: list[str]) -> tuple[Link, ...]:
    raw = links.get(name)
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(f"links.{name} is a {type(raw).__name__}, not a list")
        return ()
    out = []
    for i, entry in enumerate(raw):
        if isinstance(entry, dict) and isinstance(entry.get("title"), str) and entry["title"].strip():
            out.append(Link(entry["title"].strip(), _opt_str(entry.get("content_id")), _opt_str(entry.get("base_path"))))
        else:
            problems.append(f"links.{name}[{i}] has no title")
    return tuple(out)


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _government(details: dict, links: dict, parts: ItemParts) -> None:
    f, p = parts.fields, parts.problems
    political = details.get("political")
    f["political"] = political is True
    government = details.get("government")
    current = None
    if isinstance(government, dict):
        f["government"] = _opt_str(government.get("title"))
        current = government.get("current")
    elif government is not None:
        p.append("details.government is not an object")
    linked = links.get("government")
    if isinstance(linked, list) and linked and isinstance(linked[0], dict):
        if not f.get("government"):
            f["government"] = _opt_str(linked[0].get("title"))
        if current is None and isinstance(linked[0].get("details"), dict):
            current = linked[0]["details"].get("current")
    f.setdefault("government", None)
    # A political page from a past government shows GOV.UK's history-mode banner.
    f["history_mode"] = bool(f["political"] and current is False)


def _change_history(details: dict, problems: list[str]) -> tuple[ChangeNote, ...]:
    raw = details.get("change_history")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append("details.change_history is not a list")
        return ()
    notes = []
    for i, entry in enumerate(raw):
        if isinstance(entry, dict) and isinstance(entry.get("note"), str):
            notes.append(ChangeNote(_opt_str(entry.get("public_timestamp")), entry["note"].strip()))
        else:
            problems.append(f"details.change_history[{i}] has no note")
    # Newest first: GOV.UK sends them so, but sort to be sure (ISO timestamps, missing ones last).
    notes.sort(key=lambda n: n.public_timestamp or "", reverse=True)
    return tuple(notes)


def _attachments(details: dict, problems: list[str]) -> tuple[Attachment, ...]:
    raw = details.get("attachments")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append("details.attachments is not a list")
        return ()
    out = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict) or not isinstance(entry.get("title"), str):
            problems.append(f"details.attachments[{i}] has no title")
            continue
        url = _opt_str(entry.get("url"))
        if url and url.startswith("/"):
            url = GOVUK + url
        kind = _opt_str(entry.get("content_type")) or _opt_str(entry.get("attachment_type"))
        out.append(Attachment(entry["title"].strip(), url, kind))
    return tuple(out)


def _body(item: dict, details: dict, parts: ItemParts) -> None:
    f, p = parts.fields, parts.problems
    schema = f.get("schema_name")
    if schema in ("gone", "redirect"):
        return
    fragments: list[str] = []
    if schema in BODY_SCHEMAS:
        body = details.get("body")
        if isinstance(body, str):
            fragments.append(body)
        elif isinstance(body, list):  # multi-format bodies: [{"content_type": "text/html", "content": ...}]
            html = [b.get("content") for b in body if isinstance(b, dict) and b.get("content_type") == "text/html"]
            if html and isinstance(html[0], str):
                fragments.append(html[0])
            else:
                p.append("details.body has no text/html part")
        elif body is None:
            if not isinstance(item.get("details"), (dict, type(None))):
                pass  # already reported: details is not an object
            else:
                p.append("no details.body")
        else:
            p.append(f"details.body is a {type(body).__name__}, not HTML")
        for key, heading in _EXTRA_BODIES:
            extra = details.get(key)
            if isinstance(extra, str) and extra.strip():
                fragments.append(f"<h2>{heading}</h2>")
                fragments.append(extra if "<" in extra else f"<p>{_escape(extra)}</p>")
        attachments: list[str] = []
        for key in _DOCUMENT_LISTS:
            docs = details.get(key)
            if isinstance(docs, list):
                attachments.extend(d for d in docs if isinstance(d, str))
        if attachments:
            parts.attachment_html = "".join(attachments)
    elif schema is not None or details:
        p.append(f"unknown schema {schema}: generic body extraction")
        _generic(details, fragments)
    parts.body_html = "".join(f'<div class="sm-part">{x}</div>' for x in fragments)


def _generic(value: Any, out: list[str]) -> None:
    """Every HTML-looking string under details, in document order."""
    if isinstance(value, str):
        s = value.lstrip()
        if s.startswith("<") and ">" in s:
            out.append(value)
    elif isinstance(value, dict):
        for v in value.values():
            _generic(v, out)
    elif isinstance(value, list):
        for v in value:
            _generic(v, out)


def _speaker(details: dict, links: dict, parts: ItemParts) -> None:
    if parts.fields.get("schema_name") != "speech":
        return
    speaker = links.get("speaker")
    if isinstance(speaker, list) and speaker and isinstance(speaker[0], dict):
        parts.speaker = _opt_str(speaker[0].get("title"))
    if not parts.speaker:
        parts.speaker = _opt_str(details.get("speaker_without_profile"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
