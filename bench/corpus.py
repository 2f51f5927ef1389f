"""A scaled GOV.UK corpus for the replay: N distinct pages cloned from our own fixture shapes, in rounds.

Run: .venv/bin/python bench/corpus.py OUT --size 1000 [--seed 13]. OUT becomes a snapshot folder
`replay.server.ReplayServer` serves unchanged:
  round-1  N announcement-like pages every one of which a discovery profile of send-monitor.toml
           finds, plus the two taxon items the taxon profile resolves;
  round-2  an overlay: a known share re-costed, re-counted or re-dated with a change note (major
           updates, which search re-orders), silently edited (only updated_at moves), withdrawn,
           gone (410) and redirected, and a few new pages dated newest;
  round-3  an empty overlay: nothing changed since round 2.
manifest.json says which path changed how and what a run should therefore find.
Deterministic: the same size and seed give byte-identical files.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # run as a script from anywhere

from foundation.settings import load_settings  # noqa: E402
from replay.search import build_search_docs, run_search  # noqa: E402
from replay.server import load_round  # noqa: E402

SNAPSHOT = REPO / "replay" / "snapshot"
LONG_RELEASES = REPO / "bench" / "fixtures" / "long-press-releases"
CONFIG = REPO / "send-monitor.toml"
SEND_TAXON_PATH = "/education/special-educational-needs-and-disability-send-and-high-needs"
CORPUS_VERSION = "1"  # bump when the output format changes, so cached corpora are rebuilt

# Round 1 spreads publication over these dates; round 2's edits and new pages come after both.
ROUND_1_FROM = datetime(2015, 1, 5, 9, 30, tzinfo=timezone.utc)
ROUND_1_TO = datetime(2025, 6, 30, 17, 0, tzinfo=timezone.utc)
ROUND_2_FROM = datetime(2025, 9, 1, 9, 0, tzinfo=timezone.utc)
ROUND_2_TO = datetime(2025, 11, 20, 17, 0, tzinfo=timezone.utc)

# Share of round 1's pages each round-2 change touches (at least one page each).
SHARES = {
    "money": 0.02,      # major update: the lead's £ amount
    "figure": 0.015,    # major update: the lead's number of places
    "date": 0.015,      # major update: the lead's opening date
    "silent": 0.02,     # the number of places changes, no change note, public_updated_at kept
    "withdrawn": 0.01,
    "gone": 0.005,
    "redirected": 0.005,
    "new": 0.01,
}
MAJOR_KINDS = ("money", "figure", "date")
NOTES = {
    "money": "Updated the allocation following confirmation of final figures.",
    "figure": "Corrected the number of new places.",
    "date": "Updated the date the first places open.",
}

# Invented places (not real councils) to make titles, slugs and leads distinct.
AREAS = (
    "Ashcombe", "Brackenfold", "Caldermere", "Dunhollow", "Eastwick Vale", "Fernhythe", "Glenbarrow",
    "Harrowdene", "Ivelford", "Kestlemoor", "Larkspur Downs", "Marrowby", "Netherstow", "Oakhurst Fen",
    "Pellingford", "Quarrendon", "Rushmere", "Saltbridge", "Thornwick", "Underby", "Wexcombe",
    "Yarrowdale", "Westmarch", "Brindlecote", "Coldharbour Weald", "Ellerbeck", "Foxley Magna",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
# Each lead holds three editable fragments: {money}, {places} and {opens}; our own sentences.
LEADS = (
    "{area} will receive {money} to open {places} new specialist places by {opens}.",
    "Under this announcement {area} is allocated {money}, enough for {places} additional places, "
    "with the first open by {opens}.",
    "The {area} share is {money}, which will fund {places} places in resourced provision by {opens}.",
    "Schools across {area} will share {money} for {places} places, the first of them ready by {opens}.",
)
_MONEY = re.compile(r"£(\d+(?:\.\d+)?) million")
_GOVSPEAK_OPEN = '<div class="govspeak">'


@dataclass(frozen=True)
class Change:
    """One round-2 change: what the page's lead said, what it says now, and whether search can see it."""

    path: str
    kind: str
    old: str | None = None
    new: str | None = None
    major_update: bool = False
    redirect_to: str | None = None


@dataclass
class Manifest:
    """What the corpus holds and what a run over its rounds should find."""

    size: int
    seed: int
    version: str
    templates: int
    rounds: list[int]
    round_1_paths: int
    taxon_items: list[str]
    counts: dict[str, int]  # round-2 change kind -> pages
    changes: list[Change] = field(default_factory=list)
    # What each monitor run should report, given a warehouse that saw the previous rounds in turn.
    expected: dict[str, dict[str, int]] = field(default_factory=dict)
    fingerprint: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def read(cls, path: Path) -> "Manifest":
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw["changes"] = [Change(**c) for c in raw.get("changes", [])]
        return cls(**raw)

    def paths(self, kind: str) -> list[str]:
        return [c.path for c in self.changes if c.kind == kind]


@dataclass(frozen=True)
class Templates:
    """Fixture pages every clone starts from, the taxon items, and the profiles' search parameters."""

    items: tuple[dict, ...]
    taxons: dict[str, dict]
    profile_params: dict[str, list[tuple[str, str]]]
    fingerprint: str


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000+00:00")


def _iso_z(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _found_by_profiles(items: dict[str, dict], profile_params: dict[str, list[tuple[str, str]]]) -> set[str]:
    docs = build_search_docs(items, {})
    found: set[str] = set()
    for params in profile_params.values():
        answer = run_search(docs, params + [("count", "1500"), ("fields", "link")])
        found |= {r["link"] for r in answer["results"]}
    return found


def load_templates() -> Templates:
    """The snapshot's round-1 pages and the long press releases that a profile finds (the seed release left out)."""
    expected = json.loads((SNAPSHOT / "expected.json").read_text(encoding="utf-8"))["round-1"]
    state = load_round(SNAPSHOT, 1)
    taxons = {p: i for p, i in state.items.items() if i.get("schema_name") == "taxon"}
    send_taxon = taxons[SEND_TAXON_PATH]
    settings = load_settings(CONFIG, env={})
    params = {p.name: [(k, v) for k, v in p.search_params(send_taxon["content_id"]) if k != "fields"]
              for p in settings.profiles}
    # The seed release quotes a fixture word for word; every other page is our own writing.
    candidates = {p: i for p, i in state.items.items()
                  if p in expected["announcement_paths"] and p != expected["seed_path"]}
    taxon_link = next(t for t in state.items[expected["announcement_paths"][1]]["links"]["taxons"]
                      if t.get("base_path") == SEND_TAXON_PATH)
    for file in sorted(LONG_RELEASES.glob("*.json")):
        item = json.loads(file.read_text(encoding="utf-8"))
        links = item.setdefault("links", {})
        # Their SEND taxon link carries another made-up id: point it at the snapshot's.
        links["taxons"] = [copy.deepcopy(taxon_link) if t.get("base_path") == SEND_TAXON_PATH else t
                           for t in links.get("taxons", [])]
        candidates[item["base_path"]] = item
    found = _found_by_profiles({**candidates, **taxons}, params)
    chosen = tuple(candidates[p] for p in sorted(candidates) if p in found)
    digest = hashlib.sha256(CORPUS_VERSION.encode())
    digest.update(Path(__file__).read_bytes())
    for item in chosen + tuple(taxons[p] for p in sorted(taxons)):
        digest.update(json.dumps(item, sort_keys=True).encode())
    digest.update(json.dumps(params, sort_keys=True).encode())
    return Templates(chosen, taxons, params, digest.hexdigest()[:16])


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _money(amount: float) -> str:
    return f"£{amount:g} million"


@dataclass
class _Page:
    item: dict
    area: str
    lead_template: str
    money: str
    places: str
    opens: str

    def lead(self) -> str:
        return self.lead_template.format(area=self.area, money=self.money, places=self.places, opens=self.opens)


class _Builder:
    """Clones templates into distinct pages; one seeded random source keeps every choice reproducible."""

    def __init__(self, templates: Templates, seed: int) -> None:
        self.templates = templates
        self.rng = random.Random(seed)
        self.seed = seed
        self.sources = [json.dumps(t) for t in templates.items]

    def content_id(self, index: int) -> str:
        return str(uuid.UUID(int=random.Random(f"{self.seed}:{index}").getrandbits(128), version=4))

    def page(self, index: int, published: datetime) -> _Page:
        rng = self.rng
        template = self.templates.items[index % len(self.templates.items)]
        item = json.loads(self.sources[index % len(self.sources)])  # much faster than deepcopy at 10k pages
        area = AREAS[index % len(AREAS)]
        title = f"{template['title']}: {area}, wave {index // len(AREAS) + 1}"
        prefix, _, slug = template["base_path"].rpartition("/")
        item["base_path"] = f"{prefix}/{slug[:60].rstrip('-')}-{_slugify(area)}-{index + 1}"
        item["content_id"] = self.content_id(index)
        item["title"] = title
        scale = 0.5 + rng.random()  # every page's own £ figures, so no two bodies read alike
        details = item.setdefault("details", {})
        body = details.get("body") or f"{_GOVSPEAK_OPEN}<p>{template.get('description') or ''}</p></div>"
        body = _MONEY.sub(lambda m: _money(max(1, round(float(m.group(1)) * scale))), body)
        year = published.year + rng.randint(1, 3)
        page = _Page(item, area, LEADS[index % len(LEADS)], _money(rng.randint(2, 400)),
                     f"{rng.randint(20, 3000):,}", f"{MONTHS[rng.randrange(12)]} {year}")
        body = body[len(_GOVSPEAK_OPEN):] if body.startswith(_GOVSPEAK_OPEN) else body + "</div>"
        details["body"] = f"{_GOVSPEAK_OPEN}<p>{page.lead()}</p>\n\n{body}"
        stamp = _iso(published)
        item["first_published_at"] = stamp
        item["public_updated_at"] = stamp
        item["updated_at"] = _iso_z(published + timedelta(minutes=7, milliseconds=rng.randrange(1000)))
        details["first_public_at"] = stamp
        details["change_history"] = [{"public_timestamp": stamp, "note": "First published."}]
        item["withdrawn_notice"] = {}
        return page


def _spread(rng: random.Random, count: int, start: datetime, end: datetime) -> list[datetime]:
    """`count` distinct minute-resolution moments between start and end, ascending."""
    span = int((end - start).total_seconds() // 60)
    if count > span:
        raise ValueError(f"cannot place {count} distinct dates in {span} minutes")
    return [start + timedelta(minutes=m) for m in sorted(rng.sample(range(span), count))]


def _share(size: int, kind: str) -> int:
    return max(1, round(size * SHARES[kind]))


def _write(root: Path, base_path: str, item: dict) -> None:
    target = root / "content" / (base_path.lstrip("/") + ".json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(item, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _edit(page: _Page, kind: str, rng: random.Random) -> tuple[str, str]:
    """Change one fragment of the page's lead; returns (old fragment, new fragment)."""
    if kind == "money":
        old = page.money
        page.money = _money(float(old[1:].split()[0]) + rng.randint(1, 40))
        return old, page.money
    if kind in ("figure", "silent"):
        old = page.places
        page.places = f"{int(old.replace(',', '')) + rng.randint(5, 400):,}"
        return old, page.places
    old = page.opens
    month, year = old.split()
    page.opens = f"{month} {int(year) + 1}"
    return old, page.opens


def generate(out_dir: str | Path, size: int, *, seed: int = 13, templates: Templates | None = None) -> Manifest:
    """Write the corpus of `size` round-1 pages into out_dir (replaced) and return its manifest."""
    if size < len(SHARES) * 2:
        raise ValueError(f"size must be at least {len(SHARES) * 2} so every change kind has a page")
    templates = templates or load_templates()
    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    round_dirs = {n: out / f"round-{n}" for n in (1, 2, 3)}
    builder = _Builder(templates, seed)
    rng = builder.rng
    dates = _spread(rng, size, ROUND_1_FROM, ROUND_1_TO)
    order = list(range(size))
    rng.shuffle(order)  # template and date are independent: each template's clones span the years
    pages = [builder.page(i, dates[order[i]]) for i in range(size)]
    for page in pages:
        _write(round_dirs[1], page.item["base_path"], page.item)
    for path, item in templates.taxons.items():
        _write(round_dirs[1], path, item)

    counts = {kind: _share(size, kind) for kind in SHARES}
    picked = list(range(size))
    rng.shuffle(picked)
    by_kind: dict[str, list[int]] = {}
    cursor = 0
    for kind in SHARES:
        if kind == "new":
            continue
        by_kind[kind] = picked[cursor:cursor + counts[kind]]
        cursor += counts[kind]
    untouched = picked[cursor:]
    moments = iter(_spread(rng, cursor + counts["new"], ROUND_2_FROM, ROUND_2_TO))
    changes: list[Change] = []
    for kind, indices in by_kind.items():
        for index in indices:
            page, when = pages[index], next(moments)
            item = copy.deepcopy(page.item)
            path = item["base_path"]
            if kind in MAJOR_KINDS or kind == "silent":
                old_lead = page.lead()
                old, new = _edit(page, kind, rng)
                item["details"]["body"] = item["details"]["body"].replace(old_lead, page.lead(), 1)
                item["updated_at"] = _iso_z(when + timedelta(minutes=3))
                major = kind in MAJOR_KINDS
                if major:
                    item["public_updated_at"] = _iso(when)
                    item["details"]["change_history"].insert(0, {"public_timestamp": _iso(when), "note": NOTES[kind]})
                changes.append(Change(path, kind, old, new, major_update=major))
            elif kind == "withdrawn":
                item["withdrawn_notice"] = {
                    "explanation": f'{_GOVSPEAK_OPEN}<p>This announcement for {page.area} has been replaced by '
                                   "later allocations and is kept for reference only.</p>\n</div>",
                    "withdrawn_at": _iso_z(when),
                }
                item["updated_at"] = _iso_z(when + timedelta(minutes=3))
                changes.append(Change(path, kind))
            elif kind == "gone":
                item = {"base_path": path, "content_id": None, "description": None,
                        "details": {"explanation": "", "alternative_path": ""}, "document_type": "gone",
                        "links": {}, "locale": "en", "public_updated_at": _iso(when), "publishing_app": "whitehall",
                        "schema_name": "gone", "title": None, "updated_at": _iso_z(when), "withdrawn_notice": {}}
                changes.append(Change(path, kind))
            else:
                target = pages[untouched[index % len(untouched)]].item["base_path"]
                item = {"base_path": path, "content_id": None, "description": None, "details": {},
                        "document_type": "redirect", "links": {}, "locale": "en", "public_updated_at": _iso(when),
                        "publishing_app": "whitehall", "schema_name": "redirect", "title": None,
                        "updated_at": _iso_z(when), "withdrawn_notice": {},
                        "redirects": [{"destination": target, "path": path, "type": "exact"}]}
                changes.append(Change(path, kind, redirect_to=target))
            _write(round_dirs[2], path, item)
    for offset in range(counts["new"]):
        page = builder.page(size + offset, next(moments))
        _write(round_dirs[2], page.item["base_path"], page.item)
        changes.append(Change(page.item["base_path"], "new"))
    for number, folder in round_dirs.items():
        (folder / "content").mkdir(parents=True, exist_ok=True)
        (folder / "responses.json").write_text("{}\n", encoding="utf-8")

    majors = sum(counts[k] for k in MAJOR_KINDS)
    manifest = Manifest(
        size=size, seed=seed, version=CORPUS_VERSION, templates=len(templates.items), rounds=[1, 2, 3],
        round_1_paths=size, taxon_items=sorted(templates.taxons), counts=counts, changes=changes,
        expected={
            # First run: every page is new. Same round again: search lists nothing newer, so nothing is fetched.
            "first": {"new_documents": size, "fetched": size, "new_versions": 0},
            "same": {"new_documents": 0, "fetched": 0, "new_versions": 0},
            # Round 2: search re-orders the major updates and lists the new pages. Withdrawals come
            # on top when the withdrawn sweep is due (it runs once per withdrawn_sweep_hours); silent
            # edits, gone and redirected pages wait for re-checks (none is due minutes after the first run).
            "changed": {"new_documents": counts["new"], "fetched": counts["new"] + majors,
                        "new_versions": majors,
                        "updated_by_search": majors, "withdrawn": counts["withdrawn"],
                        "awaiting_recheck": counts["silent"] + counts["gone"] + counts["redirected"]},
            "after_change": {"new_documents": 0, "fetched": 0, "new_versions": 0},
        },
        fingerprint=templates.fingerprint,
    )
    (out / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def cached_corpus(cache_root: str | Path, size: int, *, seed: int = 13) -> tuple[Path, Manifest]:
    """The corpus for (size, seed) under cache_root, generated once per version of this file and its templates."""
    templates = load_templates()
    root = Path(cache_root)
    folder = root / f"corpus-{size}-seed{seed}-{templates.fingerprint}"
    manifest_file = folder / "manifest.json"
    if manifest_file.is_file():
        return folder, Manifest.read(manifest_file)
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".corpus-{size}-", dir=root))
    try:
        manifest = generate(scratch / "corpus", size, seed=seed, templates=templates)
        try:
            os.replace(scratch / "corpus", folder)  # atomic: a half-written corpus is never cached
        except OSError:
            if not manifest_file.is_file():  # another process won the race with the same bytes
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder, manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="folder to write (replaced if it exists)")
    parser.add_argument("--size", type=int, default=1000, help="round-1 pages (default 1000)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    try:
        manifest = generate(args.out, args.size, seed=args.seed)
    except (ValueError, OSError) as exc:
        print(f"corpus: {exc}", file=sys.stderr)
        return 2
    print(f"{args.out}: {manifest.size} pages from {manifest.templates} templates; round 2: "
          + ", ".join(f"{k} {v}" for k, v in manifest.counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
