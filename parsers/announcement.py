"""The parse pipeline: any input (Content API JSON, GOV.UK HTML, pasted text) to an Announcement."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

from bs4 import Tag

from foundation.errors import ParseError
from parsers.blocks import ATTACHMENT, Block, BodyBlocks, element_blocks, normalise_space, parse_fragment
from parsers.commitments import extract_commitments
from parsers.content_item import GOVUK, MAX_DEPTH, json_depth, read_content_item
from parsers.figures import extract_figures
from parsers.quotes import byline_person, find_quotes, is_person, person_name, speaker_name
from parsers.record import DOC_WITHDRAWN, Announcement, Attachment, ChangeNote, Link
from parsers.sections import build_sections
from parsers.text import ORGANISATION_LINE, read_header, text_blocks

_FIELDS = {f.name for f in dataclasses.fields(Announcement)}
_LINK_FIELDS = ("organisations", "people", "roles", "taxons", "topical_events")
_DERIVED = frozenset({"sections", "quotes", "commitments", "figures", "problems", "source_format"})


def parse_content_item(item: dict, *, url: str | None = None) -> Announcement:
    """A Content API item to a record; broken fields become problems, an unusable item a ParseError."""
    parts = read_content_item(item, url=url)
    # One bs4 parse for everything HTML in the item: the small parts first, the body last, so an
    # unclosed tag in the body cannot swallow them.
    html = ""
    if parts.withdrawn_html:
        html += f'<div id="sm-withdrawn">{parts.withdrawn_html}</div>'
    if parts.attachment_html:
        html += f'<div id="sm-attachments">{parts.attachment_html}</div>'
    html += f'<div id="sm-body">{parts.body_html}</div>'
    root = parse_fragment(html)
    pieces = {c.get("id"): c for c in (root.body or root).children if isinstance(c, Tag)}
    fields = parts.fields
    if "sm-withdrawn" in pieces:
        fields["withdrawn_explanation"] = _plain(element_blocks(pieces["sm-withdrawn"]).blocks)
    body = element_blocks(pieces["sm-body"]) if "sm-body" in pieces else element_blocks(root)
    if "sm-attachments" in pieces:
        body.attachments.extend(element_blocks(pieces["sm-attachments"]).attachments)
    fields["attachments"] = _merge_attachments(fields.get("attachments", ()), body.attachments)
    people = list(fields.get("people", ()))
    if parts.speaker and not any(person_name(p.title) == person_name(parts.speaker) for p in people):
        people.append(Link(parts.speaker))  # speaker_without_profile: keep who gave the speech
    fields["people"] = tuple(people)
    return _assemble(fields, body, parts.problems, "content_api", speaker=parts.speaker)


def parse_html(html: str, *, meta: dict | None = None) -> Announcement:
    """A rendered GOV.UK page (metadata from head, .gem-c-metadata, notices) or a bare govspeak body."""
    soup = parse_fragment(html)
    page = _scan_page(soup)
    problems: list[str] = []
    if page["is_page"]:
        fields = page["fields"]
        roots = page["govspeak"]
        if not roots:
            problems.append("no .govspeak body found: whole page text used")
            roots = [page["main"] or soup.body or soup]
        body = BodyBlocks()
        for root in roots:
            part = element_blocks(root)
            body.blocks.extend(part.blocks)
            body.attachments.extend(part.attachments)
            body.problems.extend(p for p in part.problems if p not in body.problems)
            for k, v in part.abbreviations.items():
                body.abbreviations.setdefault(k, v)
        fields["attachments"] = _merge_attachments((), body.attachments)
        source = "html"
    else:
        fields, body, source = {}, element_blocks(soup), "govspeak"
        fields["attachments"] = _merge_attachments((), body.attachments)
    fields.update(_meta_fields(meta, problems))
    return _assemble(fields, body, problems, source)


def parse_text(text: str, *, meta: dict | None = None) -> Announcement:
    """Pasted plain text, like a release copied from an email or a page copied from a browser.

    The page's own header lines (type, title, "From:", "Published") give the metadata; fields
    the caller passes in `meta` win over them."""
    problems: list[str] = []
    header, body = read_header(text)
    fields = _header_fields(header, body)
    fields.update(_meta_fields(meta, problems))
    # A statement's speaker named in its header, or the one person a speech is from, makes every
    # commitment in it theirs.
    speaker = header.get("speaker")
    people = fields.get("people", ())
    if not speaker and fields.get("document_type") in _SPOKEN and len(people) == 1:
        speaker = people[0].title
    blocks = text_blocks(body)
    titles = [(b.text, None) for b in blocks if b.kind == ATTACHMENT]
    if titles:
        fields["attachments"] = _merge_attachments(tuple(fields.get("attachments", ())), titles)
    return _assemble(fields, BodyBlocks(blocks), problems, "text", speaker=speaker)


_FROM_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+)?[A-Z])")


_SPOKEN = frozenset({"speech", "oral_statement", "written_statement", "authored_article"})


def _header_fields(header: dict[str, Any], body: str) -> dict[str, Any]:
    """Record fields from `read_header`: organisations and people from "From:" or a by-line."""
    fields = {k: v for k, v in header.items() if k not in ("from", "speaker")}
    organisations: list[Link] = []
    people: list[Link] = [Link(header["speaker"])] if header.get("speaker") else []
    for name in _FROM_SPLIT.split(str(header.get("from") or "")):
        name = normalise_space(name).strip(" .")
        if name:
            (people if is_person(name) else organisations).append(Link(name))
    lines = [normalise_space(line) for line in body.splitlines()[:12]]
    for line in (line for line in lines[:8] if line):
        if not organisations and ORGANISATION_LINE.match(line):
            organisations.append(Link(line))
            continue
        person = byline_person(line)
        if person and not any(person_name(p.title) == person for p in people):
            people.append(Link(person))
    if organisations:
        fields["organisations"] = tuple(organisations)
    if people:
        fields["people"] = tuple(people)
    return fields


def parse_document(raw: bytes | str, *, name: str = "<input>") -> Announcement:
    """Detect Content API JSON, HTML or plain text by content and parse it."""
    problems: list[str] = []
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = raw.decode("utf-8", errors="replace")
            problems.append(f"not valid UTF-8 (byte {exc.start}): undecodable bytes replaced")
    else:
        text = raw.lstrip("\ufeff")
    head = text.lstrip()[:2000]
    if head.startswith(("{", "[")):
        try:
            if json_depth(text) > MAX_DEPTH:
                raise ParseError(f"JSON nested too deeply (over {MAX_DEPTH} levels): not a Content API item", url=name)
            item = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParseError(f"broken or truncated JSON ({exc.msg} at line {exc.lineno} column {exc.colno})",
                             url=name) from None
        except (ValueError, RecursionError) as exc:  # an integer too long to read, nesting past the stack
            raise ParseError(f"JSON that no Content API item holds: {str(exc)[:80]}", url=name) from None
        if not isinstance(item, dict):
            raise ParseError(f"JSON is a {type(item).__name__}, not a Content API object", url=name)
        record = parse_content_item(item)
    elif _looks_like_html(head):
        record = parse_html(text)
    else:
        record = parse_text(text)
    if problems:
        record = dataclasses.replace(record, problems=tuple(problems) + record.problems)
    return record


_HTML_START = re.compile(r"<(?:!doctype|html|head|body|div|p|h[1-6]|ul|ol|blockquote|table|section|main|article)\b",
                         re.IGNORECASE)


def _looks_like_html(head: str) -> bool:
    return head.startswith("<") or bool(_HTML_START.search(head))


def _assemble(fields: dict[str, Any], body: BodyBlocks, problems: list[str], source: str,
              speaker: str | None = None) -> Announcement:
    blocks = body.blocks
    sections = build_sections(blocks)
    people = [p.title for p in fields.get("people", ())]
    quotes = find_quotes(blocks, people)
    published = fields.get("first_published_at") or fields.get("public_updated_at")
    # In a speech or statement every commitment is the speaker's, not only those inside quotes.
    commitments = extract_commitments(sections, quotes, published=published, abbreviations=body.abbreviations,
                                      speaker=speaker_name(speaker) if speaker else None)
    figures = extract_figures(sections, commitments, published=published)
    kwargs = {k: v for k, v in fields.items() if k in _FIELDS and k not in _DERIVED}
    return Announcement(**kwargs, sections=sections, quotes=quotes, commitments=commitments, figures=figures,
                        problems=(*problems, *body.problems), source_format=source)


def _plain(blocks: list[Block]) -> str | None:
    text = "\n\n".join(b.text for b in blocks)
    return text or None


def _merge_attachments(listed: tuple[Attachment, ...], embedded: list[tuple[str, str | None]]) -> tuple[Attachment, ...]:
    """details.attachments first, then attachment sections of the body not already listed."""
    out = list(listed)
    seen = {a.title for a in out}
    for title, href in embedded:
        if title not in seen:
            seen.add(title)
            url = GOVUK + href if href and href.startswith("/") else href
            out.append(Attachment(title, url, "html" if url and "/government/publications/" in url else "file"))
    return tuple(out)


def _meta_fields(meta: dict | None, problems: list[str]) -> dict[str, Any]:
    """Caller-given metadata for non-JSON inputs: record field names, links as names or dicts."""
    out: dict[str, Any] = {}
    for key, value in (meta or {}).items():
        if key not in _FIELDS or key in _DERIVED:
            problems.append(f"unknown meta key {key!r} ignored")
        elif key in _LINK_FIELDS:
            out[key] = tuple(_link(v) for v in (value or ()) if v)
        elif key == "change_history":
            out[key] = tuple(v if isinstance(v, ChangeNote) else ChangeNote(v.get("public_timestamp"), v.get("note", ""))
                             for v in value or ())
        elif key == "attachments":
            out[key] = tuple(v if isinstance(v, Attachment) else Attachment(v.get("title", ""), v.get("url"), v.get("type"))
                             for v in value or ())
        else:
            out[key] = value
    if out.get("base_path") and not out.get("url"):
        out["url"] = GOVUK + out["base_path"]
    return out


def _link(value: Any) -> Link:
    if isinstance(value, Link):
        return value
    if isinstance(value, dict):
        return Link(str(value.get("title", "")), value.get("content_id"), value.get("base_path"))
    return Link(str(value))


# A page saved from www.gov.uk has no Content API item behind it: its meta tags, metadata block
# and notices stand in for the item's fields.
_META_KEYS = {
    "govuk:content-id": "content_id",
    "govuk:format": "document_type",
    "govuk:schema-name": "schema_name",
    "govuk:first-published-at": "first_published_at",
    "govuk:public-updated-at": "public_updated_at",
    "govuk:updated-at": "updated_at",
    "description": "description",
    "og:description": "description",
}
_HISTORY = re.compile(r"published under the (.+? government)", re.IGNORECASE)
_WITHDRAWN_ON = re.compile(r"withdrawn on (\d{1,2} \w+ \d{4})", re.IGNORECASE)


def _scan_page(soup: Any) -> dict[str, Any]:
    """One pass over the page's tags: meta tags, title, canonical link, metadata block, notices, bodies."""
    meta: dict[str, str] = {}
    title_tag = h1 = canonical = main = None
    metadata: list[Tag] = []
    notices: list[Tag] = []
    govspeak: list[Tag] = []
    for el in soup.find_all(True):
        name = el.name
        if name == "meta":
            key = el.get("name") or el.get("property")
            if key and el.get("content") is not None:
                meta.setdefault(str(key), str(el["content"]))
        elif name == "title" and title_tag is None:
            title_tag = el
        elif name == "h1" and h1 is None:
            h1 = el
        elif name == "link" and "canonical" in (el.get("rel") or ()):
            canonical = el.get("href")
        elif name == "main" and main is None:
            main = el
        classes = el.get("class") or ()
        if "gem-c-metadata" in classes:
            metadata.append(el)
        elif "gem-c-notice" in classes or "govuk-notification-banner" in classes:
            notices.append(el)
        elif "govspeak" in classes and not any(_inside(el, g) for g in govspeak) and not any(_inside(el, n) for n in notices):
            govspeak.append(el)
    is_page = bool(meta or title_tag is not None or metadata or main is not None)
    fields: dict[str, Any] = {}
    for key, field in _META_KEYS.items():
        if key in meta and field not in fields:
            fields[field] = meta[key]
    title = meta.get("og:title") or (normalise_space(h1.get_text(" ")) if h1 is not None else None)
    if not title and title_tag is not None:
        title = re.sub(r"\s+-\s+GOV\.UK$", "", normalise_space(title_tag.get_text()))
    fields["title"] = title or None
    url = canonical or meta.get("og:url")
    if url:
        fields["url"] = url
        fields["base_path"] = urlparse(url).path or None
    fields["political"] = meta.get("govuk:political-status") == "political"
    for box in metadata:
        _read_metadata(box, fields)
    for notice in notices:
        text = normalise_space(notice.get_text(" "))
        history = _HISTORY.search(text)
        if history:
            fields["government"] = history.group(1)
            fields["history_mode"] = True
        withdrawn = _WITHDRAWN_ON.search(text)
        if withdrawn:
            fields["status"] = DOC_WITHDRAWN
            fields["withdrawn_at"] = _iso_date(withdrawn.group(1))
            explanation = [b.text for b in element_blocks(notice).blocks if "withdrawn on" not in b.text.lower()]
            fields["withdrawn_explanation"] = "\n\n".join(explanation) or None
    if meta.get("govuk:withdrawn"):
        fields["status"] = DOC_WITHDRAWN
    return {"is_page": is_page, "fields": fields, "govspeak": govspeak, "main": main}


def _inside(el: Tag, ancestor: Tag) -> bool:
    return any(p is ancestor for p in el.parents)


def _read_metadata(box: Tag, fields: dict[str, Any]) -> None:
    """'From:' links (organisations, people) and 'Published' / 'Last updated' dates."""
    term = None
    for el in box.find_all(("dt", "dd")):
        if el.name == "dt":
            term = normalise_space(el.get_text(" ")).rstrip(":").lower()
            continue
        if term == "from":
            for a in el.find_all("a"):
                href = a.get("href") or ""
                link = Link(normalise_space(a.get_text(" ")), None, urlparse(href).path or None)
                if "/government/people/" in href:
                    fields["people"] = fields.get("people", ()) + (link,)
                elif link.title:
                    fields["organisations"] = fields.get("organisations", ()) + (link,)
        elif term in ("published", "last updated"):
            date = _iso_date(normalise_space(el.get_text(" ")))
            key = "first_published_at" if term == "published" else "public_updated_at"
            if date and not fields.get(key):
                fields[key] = date


def _iso_date(text: str) -> str | None:
    m = re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}", text)
    if not m:
        return None
    try:
        return datetime.strptime(m.group(0), "%d %B %Y").date().isoformat()
    except ValueError:
        return None
