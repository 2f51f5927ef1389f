#!/usr/bin/env python3
"""Write the FIXTURE GOV.UK snapshot (round-1/, round-2/, expected.json) from documents.py.

Run `python replay/snapshot/build.py` to regenerate, `--check` to validate the committed files
(and that a rebuild reproduces them byte for byte). Deterministic: no clock, no randomness.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import shutil
import sys
import tempfile
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # keep the data folder free of __pycache__
sys.path.insert(0, str(HERE))

import documents as D  # noqa: E402  (sibling module holding the prose)

LONDON = ZoneInfo("Europe/London")
WWW = "https://www.gov.uk"
# Fixed namespace so every invented content_id is stable across rebuilds.
NAMESPACE = uuid.UUID("6f1c2a54-3d1e-4b57-9a0e-5e4d0c5e2d10")

SCHEMA_OF = {
    "press_release": "news_article", "news_story": "news_article", "government_response": "news_article",
    "speech": "speech", "written_statement": "speech", "oral_statement": "speech", "authored_article": "speech",
    "policy_paper": "publication", "consultation_outcome": "consultation", "closed_consultation": "consultation",
}
PREFIX_OF = {
    "news_article": "/government/news/", "speech": "/government/speeches/",
    "publication": "/government/publications/", "consultation": "/government/consultations/",
}
PHRASE = "special educational needs"
DFE_SLUG = "department-for-education"
# The document types send-monitor parses; every discovery profile is filtered to them.
DOCUMENT_TYPES = ("press_release", "news_story", "speech", "written_statement", "oral_statement",
                  "authored_article", "government_response", "policy_paper", "open_consultation",
                  "closed_consultation", "consultation_outcome")
# The discovery profiles of send-monitor.toml (tests/test_snapshot_profiles.py keeps them in step):
# name -> (quoted phrase or None, organisation filter or None, SEND taxon filter?).
PROFILES = {
    "dfe-send-taxon": (None, DFE_SLUG, True),
    "phrase-special-educational-needs": ("special educational needs", None, False),
    "phrase-ehcp": ("EHCP", None, False),
    "phrase-high-needs": ("high needs", DFE_SLUG, False),
    "phrase-alternative-provision": ("alternative provision", None, False),
}
PHRASES = tuple(phrase for phrase, _, _ in PROFILES.values() if phrase)
# The flood: what the old keyword profile's unquoted q finds (search-api: any of the words).
UNQUOTED_QUERY = "special educational needs"


def cid(kind: str, key: str) -> str:
    """A made-up but fixed content_id."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


# Dates

def _local(stamp: str) -> dt.datetime:
    return dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)


def ts(stamp: str, millis: bool = True) -> str:
    """'2024-10-24 00:01' (London time) -> '2024-10-24T00:01:00.000+01:00' as GOV.UK writes it."""
    d = _local(stamp)
    off = d.strftime("%z")
    return d.strftime("%Y-%m-%dT%H:%M:%S") + (".000" if millis else "") + off[:3] + ":" + off[3:]


def updated_z(stamp: str, salt: str) -> str:
    """updated_at: a few minutes after `stamp`, in UTC with milliseconds, like the content store."""
    digest = int(hashlib.sha1(f"{salt}|{stamp}".encode()).hexdigest()[:8], 16)
    d = (_local(stamp) + dt.timedelta(minutes=2 + digest % 7)).astimezone(dt.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + f".{digest % 1000:03d}Z"


# Govspeak-lite

def heading_id(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", html.unescape(re.sub(r"<[^>]+>", "", text)).lower()).strip("-")


def _ul(lines: list[str], indent: str = "") -> str:
    """Bullets ('- x'); lines indented by two more spaces nest under the previous bullet."""
    items: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("  "):
            items[-1][1].append(line[2:])
        else:
            items.append((line[2:], []))
    out = [f"{indent}<ul>"]
    for text, children in items:
        if children:
            out.append(f"{indent}  <li>{text}\n{_ul(children, indent + '    ')}\n{indent}  </li>")
        else:
            out.append(f"{indent}  <li>{text}</li>")
    out.append(f"{indent}</ul>")
    return "\n".join(out)


def govspeak(source: str) -> str:
    """Render our compact markup the way GOV.UK's govspeak renders the equivalent.

    Blocks are separated by blank lines: '<...' raw HTML, '## ' h2, '### ' h3, '- ' bullets,
    two or more '1. ' lines an <ol> (a single '1. ' line stays a numbered paragraph), '> ' lines a
    blockquote (one <p> per line, the last marked last-child), anything else a paragraph.
    """
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", source.strip("\n"))]
    out = []
    for block in blocks:
        lines = block.split("\n")
        if block.startswith("<"):
            out.append(block)
        elif block.startswith("## "):
            out.append(f'<h2 id="{heading_id(block[3:])}">{block[3:]}</h2>')
        elif block.startswith("### "):
            out.append(f'<h3 id="{heading_id(block[4:])}">{block[4:]}</h3>')
        elif all(line.lstrip().startswith("- ") for line in lines):
            out.append(_ul(lines))
        elif len(lines) > 1 and all(re.match(r"\d+\. ", line) for line in lines):
            body = "\n".join(f"  <li>{re.sub(r'^[0-9]+[.] ', '', line)}</li>" for line in lines)
            out.append(f"<ol>\n{body}\n</ol>")
        elif all(line.startswith("> ") for line in lines):
            paras = [f"  <p>{line[2:]}</p>" for line in lines]
            paras[-1] = paras[-1].replace("<p>", '<p class="last-child">', 1)
            out.append("<blockquote>\n" + "\n".join(paras) + "\n</blockquote>")
        else:
            out.append("<p>" + " ".join(line.strip() for line in lines) + "</p>")
    return '<div class="govspeak">' + "\n\n".join(out) + "\n</div>"


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# Links

def _link(content_id: str, title: str, base_path: str, document_type: str, schema: str | None = None,
          **extra) -> dict:
    link = {
        "api_path": "/api/content" + base_path,
        "base_path": base_path,
        "content_id": content_id,
        "document_type": document_type,
        "locale": "en",
        "schema_name": schema or document_type,
        "title": title,
        "withdrawn": False,
    }
    link.update(extra)
    link.setdefault("links", {})
    link["api_url"] = WWW + link["api_path"]
    link["web_url"] = WWW + base_path
    return link


def org_link(key: str) -> dict:
    title, slug, acronym, analytics, crest, content_id = D.ORGANISATIONS[key]
    return _link(content_id or cid("organisation", slug), title, f"/government/organisations/{slug}",
                 "organisation", analytics_identifier=analytics,
                 details={"acronym": acronym, "brand": slug,
                          "logo": {"crest": crest, "formatted_title": title},
                          "organisation_govuk_status": {"status": "live"}})


def person_link(key: str) -> dict:
    title, slug = D.PEOPLE[key]
    return _link(cid("person", slug), title, f"/government/people/{slug}", "person")


def role_link(key: str) -> dict:
    title, slug = D.ROLES[key]
    return _link(cid("role", slug), title, f"/government/ministers/{slug}", "ministerial_role")


def topical_link(key: str) -> dict:
    title, slug = D.TOPICAL_EVENTS[key]
    return _link(cid("topical_event", slug), title, f"/government/topical-events/{slug}", "topical_event")


def government_of(stamp: str) -> tuple[str, str, str, str | None]:
    """The government in office at a London date: (title, slug, started, ended or None)."""
    day = stamp[:10]
    for title, slug, started, ended in D.GOVERNMENTS:
        if started <= day and (ended is None or day < ended):
            return title, slug, started, ended
    raise ValueError(f"no government for {stamp}")


def government_link(stamp: str) -> dict:
    title, slug, started, ended = government_of(stamp)
    return _link(cid("government", slug), title, f"/government/{slug}", "government",
                 details={"current": ended is None, "ended_on": f"{ended}T00:00:00+00:00" if ended else None,
                          "started_on": f"{started}T00:00:00+00:00"})


def taxon_link(key: str, with_parents: bool = True) -> dict:
    title, path, parent, content_id, _description = D.TAXONS[key]
    # Children listed under a parent carry no links of their own (as in expanded child_taxons).
    links = {"parent_taxons": [taxon_link(parent)] if parent else []} if with_parents else {}
    return _link(content_id or cid("taxon", path), title, path, "taxon", links=links)


# Items

def base_path_of(doc: dict) -> str:
    return PREFIX_OF[SCHEMA_OF[doc["type"]]] + doc["slug"]


def build_item(doc: dict) -> dict:
    """One Content API item for a round-1 document definition."""
    doc_type = doc["type"]
    schema = SCHEMA_OF[doc_type]
    path = base_path_of(doc)
    history = list(doc.get("updates", [])) + [(doc["date"], "First published.")]
    first, latest = history[-1][0], history[0][0]
    gov_title, gov_slug, _, gov_ended = government_of(first)
    orgs = doc.get("orgs", ["dfe"])
    details: dict = {"body": govspeak(doc["body"])}
    if schema == "speech":
        details["delivered_on"] = ts(doc.get("delivered", doc["date"]), millis=False)
        if doc.get("location") is not None:
            details["location"] = doc["location"]
        if doc.get("speaker_without_profile"):
            details["speaker_without_profile"] = doc["speaker_without_profile"]
        if doc_type == "speech":
            details["speech_type_explanation"] = doc.get(
                "explanation", "Transcript of the speech, exactly as it was delivered")
    if schema == "consultation":
        details["opening_date"] = ts(doc["opening"])
        details["closing_date"] = ts(doc["closing"])
        if doc.get("outcome"):
            details["final_outcome_detail"] = govspeak(doc["outcome"])
            details["final_outcome_documents"] = []
    if schema == "publication":
        attachments = doc.get("attachments", [])
        details["documents"] = [_attachment_html(a) for a in attachments]
        details["attachments"] = attachments
        details["featured_attachments"] = [a["id"] for a in attachments]
    details["change_history"] = [{"public_timestamp": ts(when), "note": note} for when, note in history]
    details["emphasised_organisations"] = [org_link(orgs[0])["content_id"]]
    details["first_public_at"] = ts(first)
    details["government"] = {"current": gov_ended is None, "slug": gov_slug, "title": gov_title}
    details["political"] = doc.get("political", False)

    links: dict = {"government": [government_link(first)],
                   "organisations": [org_link(o) for o in orgs]}
    if doc.get("people"):
        links["people"] = [person_link(p) for p in doc["people"]]
    links["primary_publishing_organisation"] = [org_link(orgs[0])]
    if doc.get("roles"):
        links["roles"] = [role_link(r) for r in doc["roles"]]
    if doc.get("speaker"):
        links["speaker"] = [person_link(doc["speaker"])]
    if doc.get("taxons"):
        links["taxons"] = [taxon_link(t) for t in doc["taxons"]]
    if doc.get("topical_events"):
        links["topical_events"] = [topical_link(t) for t in doc["topical_events"]]

    return {
        "analytics_identifier": None,
        "base_path": path,
        "content_id": cid("document", doc["key"]),
        "description": doc["desc"],
        "details": details,
        "document_type": doc_type,
        "first_published_at": ts(first),
        "links": links,
        "locale": "en",
        "phase": "live",
        "public_updated_at": ts(latest),
        "publishing_app": "whitehall",
        "rendering_app": "frontend",
        "schema_name": schema,
        "title": doc["title"],
        "updated_at": updated_z(latest, path),
        "withdrawn_notice": {},
    }


def _attachment_html(attachment: dict) -> str:
    kind = "HTML" if attachment["attachment_type"] == "html" else "PDF"
    return (f'<section class="gem-c-attachment">\n<div class="gem-c-attachment__details">\n'
            f'<h3 class="gem-c-attachment__title"><a class="govuk-link" href="{attachment["url"]}">'
            f'{attachment["title"]}</a></h3>\n<p class="gem-c-attachment__metadata">{kind}</p>\n</div>\n</section>')


def taxon_item(key: str) -> dict:
    title, path, parent, content_id, description = D.TAXONS[key]
    links: dict = {}
    if parent:
        links["parent_taxons"] = [taxon_link(parent)]
    children = [taxon_link(k, with_parents=False) for k, v in D.TAXONS.items() if v[2] == key]
    if children:
        links["child_taxons"] = children
    return {
        "base_path": path,
        "content_id": content_id or cid("taxon", path),
        "description": description,
        "details": {"internal_name": title, "notes_for_editors": "", "visible_to_departmental_editors": True},
        "document_type": "taxon",
        "first_published_at": ts("2017-02-28 12:00"),
        "links": links,
        "locale": "en",
        "phase": "live",
        "public_updated_at": ts("2021-06-09 15:42"),
        "publishing_app": "content-tagger",
        "rendering_app": "collections",
        "schema_name": "taxon",
        "title": title,
        "updated_at": updated_z("2021-06-09 15:42", path),
        "withdrawn_notice": {},
    }


# Round 2

def apply_change(item: dict, change: dict) -> tuple[dict, dict]:
    """Apply one round-2 change to a copy of a round-1 item; return (new item, expected entry)."""
    new = json.loads(json.dumps(item))
    kind = change["kind"]
    entry: dict = {"kind": [], "old": "", "new": "", "major_update": False, "edits": []}
    if kind in ("withdrawn", "gone", "redirected"):
        entry["kind"] = [kind]
        when = change["when"]
        if kind == "withdrawn":
            explanation = govspeak(change["explanation"])
            new["withdrawn_notice"] = {"explanation": explanation, "withdrawn_at": updated_z(when, "w")}
            new["updated_at"] = updated_z(when, item["base_path"])
            entry["new"] = plain_text(explanation)
        else:
            new = {
                "base_path": item["base_path"],
                "content_id": None,  # as GOV.UK serves gone and redirect items
                "description": None,
                "details": {"explanation": "", "alternative_path": ""} if kind == "gone" else {},
                "document_type": "gone" if kind == "gone" else "redirect",
                "links": {},
                "locale": "en",
                "public_updated_at": ts(when),
                "publishing_app": "whitehall",
                "schema_name": "gone" if kind == "gone" else "redirect",
                "title": None,
                "updated_at": updated_z(when, item["base_path"]),
                "withdrawn_notice": {},
            }
            if kind == "redirected":
                new["redirects"] = [{"destination": change["destination"], "path": item["base_path"],
                                     "type": "exact"}]
                entry["new"] = change["destination"]
        entry["edits"].append({"kind": kind, "old": entry["old"], "new": entry["new"]})
        return new, entry

    body = new["details"]["body"]
    for edit in change["edits"]:
        edit_kind, old_html, new_html, old_text, new_text = _edit(edit)
        if body.count(old_html) != 1:
            raise ValueError(f"{item['base_path']}: {old_html!r} occurs {body.count(old_html)} times")
        body = body.replace(old_html, new_html)
        if edit_kind not in entry["kind"]:
            entry["kind"].append(edit_kind)
        entry["edits"].append({"kind": edit_kind, "old": old_text, "new": new_text})
    new["details"]["body"] = body
    entry["old"], entry["new"] = entry["edits"][0]["old"], entry["edits"][0]["new"]
    when = change["when"]
    if change.get("note"):
        entry["major_update"] = True
        new["public_updated_at"] = ts(when)
        new["details"]["change_history"].insert(0, {"public_timestamp": ts(when), "note": change["note"]})
    new["updated_at"] = updated_z(when, item["base_path"])
    return new, entry


def _edit(edit: tuple) -> tuple[str, str, str, str, str]:
    """Expand an edit spec to (kind, old html, new html, old text, new text)."""
    kind, op = edit[0], edit[1]
    if op == "replace":  # plain text in, plain text out
        _, _, old, new = edit
        return kind, old, new, old, new  # kept verbatim: cosmetic edits live in whitespace and quotes
    if op == "add_li":  # add a bullet after an existing one
        _, _, after, text = edit
        anchor = f"<li>{after}</li>"
        return kind, anchor, f"{anchor}\n  <li>{text}</li>", "", plain_text(text)
    if op == "drop_li":
        _, _, text = edit
        return kind, f"\n  <li>{text}</li>", "", plain_text(text), ""
    raise ValueError(op)


# Search profiles (search-api's reading of q, as replay/search.py emulates it)
# Unquoted words: any one of them in title, description or body. A quoted phrase: its words
# adjacent and in order within one of those fields, case-insensitively, punctuation ignored.
# `check` runs replay.search.run_search for every profile and makes sure it agrees.

def _field_words(item: dict) -> list[list[str]]:
    fields = [item.get("title") or "", item.get("description") or "",
              plain_text((item.get("details") or {}).get("body") or "")]
    return [re.findall(r"\w+", text.lower()) for text in fields]


def _words(item: dict) -> set[str]:
    return {w for words in _field_words(item) for w in words}


def says(item: dict, phrase: str) -> bool:
    """The phrase as search-api's match_phrase finds it (in title, description or body)."""
    needle = " " + " ".join(re.findall(r"\w+", phrase.lower())) + " "
    return any(needle in " " + " ".join(words) + " " for words in _field_words(item))


def mentions_phrase(item: dict) -> bool:
    return says(item, PHRASE)


def tagged_send(item: dict) -> bool:
    return any(t["content_id"] == D.TAXONS["send"][3] for t in item.get("links", {}).get("taxons", []))


def org_slugs(item: dict) -> set[str]:
    return {o["base_path"].rsplit("/", 1)[-1] for o in (item.get("links") or {}).get("organisations", [])}


def searchable(item: dict) -> bool:
    """In search at all, with the document-type filter every profile carries."""
    return (item.get("schema_name") not in ("gone", "redirect", "taxon") and not item.get("withdrawn_notice")
            and item.get("document_type") in DOCUMENT_TYPES)


def found_by(item: dict) -> list[str]:
    """The profiles that find this item, in PROFILES order."""
    if not searchable(item):
        return []
    names = []
    for name, (phrase, org, taxon) in PROFILES.items():
        if (phrase is None or says(item, phrase)) and (org is None or org in org_slugs(item)) and \
                (not taxon or tagged_send(item)):
            names.append(name)
    return names


def found_unquoted(item: dict) -> bool:
    return searchable(item) and bool(set(re.findall(r"\w+", UNQUOTED_QUERY)) & _words(item))


def profile_params(name: str) -> list[tuple[str, str]]:
    """A profile's Search API parameters, as send-monitor sends them (without paging)."""
    phrase, org, taxon = PROFILES[name]
    params = [("q", f'"{phrase}"')] if phrase else []
    if org:
        params.append(("filter_organisations", org))
    params += [("filter_content_store_document_type", t) for t in DOCUMENT_TYPES]
    if taxon:
        params.append(("filter_part_of_taxonomy_tree", D.TAXONS["send"][3]))
    return params + [("order", "-public_timestamp")]


def unquoted_params() -> list[tuple[str, str]]:
    return [("q", UNQUOTED_QUERY)] + [("filter_content_store_document_type", t) for t in DOCUMENT_TYPES]


# Writing

def dump(obj) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def build(out: Path) -> None:
    """Write round-1/, round-2/ and expected.json under `out` (replacing earlier output)."""
    for name in ("round-1", "round-2"):
        if (out / name).exists():
            shutil.rmtree(out / name)
    by_key = {doc["key"]: doc for doc in D.ROUND_1}
    items1 = {base_path_of(doc): build_item(doc) for doc in D.ROUND_1}
    files1 = dict(items1)
    for key in ("education", "send"):
        taxon = taxon_item(key)
        files1[taxon["base_path"]] = taxon
    for path, item in files1.items():
        _write(out / "round-1" / "content" / (path.lstrip("/") + ".json"), dump(item))
    _write(out / "round-1" / "responses.json", dump(D.RESPONSES_1))

    files2: dict[str, dict] = {}
    changes: dict[str, dict] = {}
    for change in D.ROUND_2_CHANGES:
        path = base_path_of(by_key[change["key"]])
        files2[path], changes[path] = apply_change(items1[path], change)
    new_paths = []
    for doc in D.ROUND_2_NEW:
        path = base_path_of(doc)
        files2[path] = build_item(doc)
        new_paths.append(path)
    for path, item in files2.items():
        _write(out / "round-2" / "content" / (path.lstrip("/") + ".json"), dump(item))
    # No overrides: the replay serves the gone item's 410 from the item itself (content-store's gone?).
    _write(out / "round-2" / "responses.json", dump(D.RESPONSES_2))

    merged = {**items1, **files2}
    found1 = sorted(p for p, i in items1.items() if found_by(i))
    found2 = sorted(p for p, i in merged.items() if found_by(i))
    expected = {
        "round-1": {
            "announcements": len(found1),
            "announcement_paths": found1,
            "profiles": {name: sorted(p for p, i in items1.items() if name in found_by(i)) for name in PROFILES},
            "near_miss": sorted(base_path_of(d) for d in D.ROUND_1 if d.get("near_miss")),
            "unquoted_keyword_query": UNQUOTED_QUERY,
            "unquoted_keyword_paths": sorted(p for p, i in items1.items() if found_unquoted(i)),
            "distractors": sorted(base_path_of(d) for d in D.ROUND_1 if d.get("distractor")),
            "seed_path": base_path_of(by_key[D.SEED_KEY]),
            "send_taxon": {"content_id": D.TAXONS["send"][3], "base_path": D.TAXONS["send"][1]},
            "documents": {
                path: {"content_id": item["content_id"], "document_type": item["document_type"],
                       "organisations": sorted(org_slugs(item)),
                       "tagged_send": tagged_send(item), "mentions_phrase": mentions_phrase(item),
                       "phrases": [phrase for phrase in PHRASES if says(item, phrase)],
                       "profiles": found_by(item)}
                for path, item in sorted(items1.items())
            },
        },
        "round-2": {
            "announcements": len(found2),
            "announcement_paths": found2,
            "profiles": {name: sorted(p for p, i in merged.items() if name in found_by(i)) for name in PROFILES},
            "new": new_paths,
            "changes": changes,
        },
    }
    _write(out / "expected.json", dump(expected))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# Check

def check(root: Path) -> list[str]:
    """Problems with the committed snapshot; empty when all is well."""
    problems: list[str] = []
    owners: dict[str, str] = {}
    rounds: dict[str, dict[str, dict]] = {}
    for rnd in ("round-1", "round-2"):
        rounds[rnd] = {}
        for file in sorted((root / rnd / "content").rglob("*.json")):
            rel = "/" + file.relative_to(root / rnd / "content").as_posix().removesuffix(".json")
            try:
                item = json.loads(file.read_text(encoding="utf-8"))
            except ValueError as exc:
                problems.append(f"{file}: not JSON ({exc})")
                continue
            rounds[rnd][rel] = item
            if item.get("base_path") != rel:
                problems.append(f"{file}: base_path {item.get('base_path')} != {rel}")
            if item.get("schema_name") in ("gone", "redirect"):
                if item.get("content_id") is not None:
                    problems.append(f"{rel}: a {item['schema_name']} item has content_id null on GOV.UK")
                continue
            owner = owners.setdefault(item["content_id"], rel)
            if owner != rel:
                problems.append(f"{rel}: content_id also used by {owner}")
        json.loads((root / rnd / "responses.json").read_text(encoding="utf-8"))
    r1, r2 = rounds["round-1"], rounds["round-2"]
    expected = json.loads((root / "expected.json").read_text(encoding="utf-8"))
    new = set(expected["round-2"]["new"])
    for path in r2:
        if path not in r1 and path not in new:
            problems.append(f"round-2 {path}: neither in round 1 nor listed as new")
    for path in new:
        if path in r1:
            problems.append(f"round-2 new {path} already exists in round 1")
    for path in list(expected["round-1"]["documents"]) + expected["round-1"]["distractors"] + \
            [expected["round-1"]["seed_path"]]:
        if path not in r1:
            problems.append(f"expected.json path {path} missing from round 1")
    for path, change in expected["round-2"]["changes"].items():
        if path not in r2:
            problems.append(f"expected change {path} missing from round 2")
            continue
        before, after = r1[path], r2[path]
        body_before = before["details"]["body"]
        body_after = (after.get("details") or {}).get("body") or ""
        for edit in change["edits"]:
            if edit["kind"] in ("withdrawn", "gone", "redirected"):
                continue
            if edit["old"] and (edit["old"] not in body_before or edit["old"] in body_after):
                problems.append(f"{path}: old fragment not replaced: {edit['old']!r}")
            if edit["new"] and (edit["new"] not in body_after or edit["new"] in body_before):
                problems.append(f"{path}: new fragment not introduced: {edit['new']!r}")
        moved = after.get("public_updated_at") != before["public_updated_at"]
        if "redirected" not in change["kind"] and "gone" not in change["kind"]:
            if moved != change["major_update"]:
                problems.append(f"{path}: major_update {change['major_update']} but moved={moved}")
            if after["updated_at"] <= before["updated_at"]:
                problems.append(f"{path}: updated_at did not move")
    for path, item in r1.items():
        if item["schema_name"] == "taxon":
            continue
        words = len(plain_text(item["details"]["body"]).split())
        if not 250 <= words <= 600:
            problems.append(f"{path}: body has {words} words (want 250-600)")
    words = set(re.findall(r"\w+", UNQUOTED_QUERY))
    for path in expected["round-1"]["distractors"]:
        hits = (words | {"send"}) & _words(r1[path])
        said = [phrase for phrase in PHRASES if says(r1[path], phrase)]
        if hits or said or found_by(r1[path]):
            problems.append(f"distractor {path} mentions {sorted(hits) + said} or is found")
    unquoted = set(expected["round-1"]["unquoted_keyword_paths"])
    for path in expected["round-1"]["near_miss"]:
        item = r1[path]
        said = [phrase for phrase in PHRASES if says(item, phrase)]
        if not words & _words(item) or said or tagged_send(item) or DFE_SLUG in org_slugs(item):
            problems.append(f"near miss {path}: needs one of {sorted(words)}, no phrase (has {said}), "
                            "no SEND tag and another department")
        if path not in unquoted or path in expected["round-1"]["announcement_paths"]:
            problems.append(f"near miss {path}: must be found by the unquoted query and by no profile")
    problems += _check_against_replay(root, expected)
    for path in new:
        newest_old = max(i["public_updated_at"] for i in {**r1, **r2}.values()
                         if i["base_path"] not in new and i.get("schema_name") not in ("gone", "redirect"))
        if r2[path]["public_updated_at"] <= newest_old:
            problems.append(f"new {path} is not newer than every other page")
    problems += _check_seed(r1[expected["round-1"]["seed_path"]])
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
        for file in sorted(Path(tmp).rglob("*.json")):
            committed = root / file.relative_to(tmp)
            if not committed.is_file() or committed.read_bytes() != file.read_bytes():
                problems.append(f"{committed}: differs from a fresh build")
        for file in sorted(list((root / "round-1").rglob("*.json")) + list((root / "round-2").rglob("*.json"))):
            if not (Path(tmp) / file.relative_to(root)).is_file():
                problems.append(f"{file}: stale file not produced by build")
    return problems


def _check_against_replay(root: Path, expected: dict) -> list[str]:
    """The paths expected.json lists for every profile are what replay.search.run_search returns."""
    sys.path.insert(0, str(HERE.parent.parent))
    from replay.search import run_search
    from replay.server import load_round

    problems = []
    for number in (1, 2):
        key = f"round-{number}"
        docs = load_round(root, number).search_docs

        def run(params: list[tuple[str, str]]) -> list[str]:
            answer = run_search(docs, params + [("count", "1500"), ("fields", "link")])
            return sorted(r["link"] for r in answer["results"])

        union: set[str] = set()
        for name in PROFILES:
            got = run(profile_params(name))
            union.update(got)
            if got != expected[key]["profiles"][name]:
                problems.append(f"{key} profile {name}: replay finds {len(got)} pages, expected.json lists "
                                f"{len(expected[key]['profiles'][name])}: "
                                f"{sorted(set(got) ^ set(expected[key]['profiles'][name]))}")
        if sorted(union) != expected[key]["announcement_paths"]:
            problems.append(f"{key}: announcement_paths is not the union of the profiles' pages")
        if number == 1 and run(unquoted_params()) != expected[key]["unquoted_keyword_paths"]:
            problems.append(f"{key}: unquoted_keyword_paths differ from the replay's unquoted search")
    return problems


def _check_seed(item: dict) -> list[str]:
    """Every sentence of the user's example release must appear verbatim in the seed body."""
    seed = HERE.parent.parent / "tests" / "fixtures" / "send-nao-response-2024.txt"
    if not seed.is_file():
        return [f"{seed} not found"]
    lines = seed.read_text(encoding="utf-8").splitlines()
    text = plain_text(item["details"]["body"])
    chunks, current = [], []
    for line in lines[1:]:
        if line.startswith(("“", "- ")) or line in ("-", "On background"):
            if current:
                chunks.append(" ".join(current))
            current = [] if line in ("-", "On background") else [line.lstrip("“- ")]
        else:
            current.append(line)
    chunks.append(" ".join(current))
    return [f"seed text missing: {c[:60]!r}" for c in (c.rstrip("”") for c in chunks) if c not in text]


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        found = check(HERE)
        print("\n".join(found) or "snapshot OK")
        sys.exit(1 if found else 0)
    build(HERE)
    print(f"wrote {HERE}")
