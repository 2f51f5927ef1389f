"""Emulation of GOV.UK's Search API (/api/search.json) over one replay round's content items.

`build_search_docs` indexes the round's live items as search would hold them; `run_search` answers
a query string with GOV.UK's parameters, filters, ordering, paging and 422 errors.

What `q` matches follows alphagov/search-api (the files named beside each rule below):
`parse_query` in lib/parameter_parser/search_parameter_parser.rb splits q into "quoted phrases" and
the unquoted rest; lib/search/query_components/core_query.rb (`mixed_quoted_unquoted_query`) then
asks for ANY of the unquoted words (`match_any_terms`, operator "or"), each quoted phrase as a
`match_phrase` (words adjacent and in order) in title, description or body (indexable_content),
ALL quoted phrases when there are several (`bool must`), and the unquoted words beside quoted
phrases only as `should` (score, not match). Known simplification: GOV.UK's analyser
(config/schema/elasticsearch_schema.yml `searchable_text`) also folds accents and stems English
words, so on GOV.UK "needs" also finds "need" and "needed"; here words are matched exactly
(lowercase \\w+ tokens, punctuation ignored), which can only make the replay's flood smaller.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time as dtime, timezone
from typing import Any

from foundation.timestamps import parse_time

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
# Boolean filter fields (search-api config/schema/field_definitions.json with field_types.json's
# "boolean" filter_type): values must be "true" or "false" (BooleanFieldFilter).
BOOLEAN_FILTER_FIELDS = ("is_withdrawn",)
# The fields a word or phrase is looked for in (core_query.rb `priority_fields`; acronym is
# only set on organisation pages, which the replay does not index).
TEXT_FIELDS = ("title", "description", "body")
SORT_FIELDS = ("public_timestamp", "title")
# Items that never appear in search: unpublished or navigation-only schemas.
UNSEARCHABLE_SCHEMAS = ("gone", "redirect", "taxon")


class SearchParamError(ValueError):
    """A search parameter GOV.UK would answer with 422."""


# Search index

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
    """GOV.UK's ISO 8601 timestamps as aware UTC datetimes (None when missing or unreadable)."""
    parsed = parse_time(value)
    return parsed.astimezone(timezone.utc) if parsed else None


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
    field_words = {
        "title": _words(item.get("title") or ""),
        "description": _words(item.get("description") or ""),
        "body": _words(_body_text(item)),
    }
    text_words = [w for name in TEXT_FIELDS for w in field_words[name]]
    return {
        "fields": fields,
        "words": text_words,
        "word_set": frozenset(text_words),
        "title_words": frozenset(field_words["title"]),
        # Each field's words joined by single spaces, padded: a phrase is a ' '-joined substring.
        "field_text": {name: " " + " ".join(words) + " " for name, words in field_words.items()},
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
            "is_withdrawn": {"true" if fields["is_withdrawn"] else "false"},
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


# Search parameters

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
    parsed.update(parse_query(query))
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
        elif field_name in BOOLEAN_FILTER_FIELDS:
            # search-api's BooleanFieldFilter: anything but "true"/"false" is an error, and
            # user_filter.rb's `bool_must_filter` needs every value (any/all make no difference).
            if any(value not in ("true", "false") for value in values):
                errors.append(f"{field_name} requires a boolean (true or false)")
            else:
                parsed["filters"].append((kind == "reject", "all", field_name, set(values)))
        else:
            errors.append(f'"{field_name}" is not a valid {kind} field')
    if unexpected:
        errors.append(f"Unexpected parameters: {', '.join(unexpected)}")
    if errors:
        raise SearchParamError(". ".join(errors))
    return parsed


def parse_query(query: str | None) -> dict:
    """q as search-api reads it: {"query": q or None, "phrases": [[words], ...], "words": [words]}.

    Mirrors `parse_query` in search-api's lib/parameter_parser/search_parameter_parser.rb: text
    between pairs of double quotes is a phrase, the rest (with an unterminated quote's tail)
    is the unquoted part. Words are lowercase \\w+ tokens, so punctuation is ignored.
    """
    if query is None or not query.strip():
        return {"query": None, "phrases": [], "words": []}
    quoted: list[str] = []
    unquoted: list[str] = []
    current, inside = "", False
    for char in query:
        if char == '"':
            if current.strip():
                (quoted if inside else unquoted).append(current.strip())
            inside, current = not inside, ""
        else:
            current += char
    if current.strip():  # "treats an unterminated quote as an unquoted phrase"
        unquoted.append(current.strip())
    return {"query": query, "phrases": [_words(p) for p in quoted], "words": _words(" ".join(unquoted))}


def _has_phrase(doc: dict, phrase: list[str]) -> bool:
    """match_phrase: the words adjacent and in this order within one of the text fields."""
    if not phrase:
        return False  # nothing left after analysis: Elasticsearch's match matches no document
    needle = " " + " ".join(phrase) + " "
    return any(needle in doc["field_text"][name] for name in TEXT_FIELDS)


def query_matches(doc: dict, parsed: dict) -> bool:
    """Whether a search document matches q (core_query.rb `mixed_quoted_unquoted_query`)."""
    if parsed["query"] is None:
        return True  # no q: query_builder.rb's match_all
    if parsed["phrases"]:
        # Every phrase must match (`bool must`); unquoted words are `should` (scoring only).
        return all(_has_phrase(doc, phrase) for phrase in parsed["phrases"])
    # Unquoted words only: `match_any_terms` (operator "or") - any one word is enough.
    return any(word in doc["word_set"] for word in parsed["words"])


def _matches(doc: dict, parsed: dict) -> bool:
    # visibility_filter.rb: withdrawn pages are rejected unless debug=include_withdrawn.
    if doc["fields"]["is_withdrawn"] and not parsed["include_withdrawn"]:
        return False
    if not query_matches(doc, parsed):
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


def _score(doc: dict, parsed: dict) -> float | None:
    # A crude relevance: term frequency with title hits counted thrice, phrases counted per word.
    if parsed["query"] is None:
        return None
    words = parsed["words"] + [w for phrase in parsed["phrases"] for w in phrase]
    return float(sum(doc["words"].count(w) + 2 * (w in doc["title_words"]) for w in words))


def run_search(docs: tuple[dict, ...], pairs: list[tuple[str, str]]) -> dict:
    """Answer one /api/search.json query over a round's documents; raises SearchParamError for 422s."""
    parsed = parse_search_params(pairs)
    hits = [doc for doc in docs if _matches(doc, parsed)]
    scores = {id(doc): _score(doc, parsed) for doc in hits}
    hits.sort(key=lambda d: d["fields"]["link"] or "")
    if parsed["order"]:
        sort_field, descending = parsed["order"]
        if sort_field == "public_timestamp":
            floor = datetime.min.replace(tzinfo=timezone.utc)
            hits.sort(key=lambda d: d["timestamp"] or floor, reverse=descending)
        else:
            hits.sort(key=lambda d: (d["fields"]["title"] or "").lower(), reverse=descending)
    elif parsed["query"] is not None:
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
