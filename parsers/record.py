"""The parsed record of one GOV.UK announcement: frozen dataclasses, JSON-serialisable.

Every record is plain data. `Announcement.to_dict()` gives the documented JSON shape
(`send-monitor parse --json`); `Announcement.from_dict()` reads it back, so the warehouse can
store a record as JSON and the differ can compare two stored records.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any, Iterator

import orjson

# Firmness classes a commitment's modality maps to.
FIRMNESS_FIRM = "firm"  # will, shall, is going to, commits to, announces
FIRMNESS_HEDGED = "hedged"  # would, plans, aims, expects, consider, may, could, intends
FIRMNESS_DONE = "done"  # has, have, announced, published, restructured (reports doing)

STATUS_PLANNED = "planned"
STATUS_ONGOING = "ongoing"
STATUS_DONE = "done"

# Document statuses as the parser sees them (the warehouse adds "vanished" for 404s).
DOC_LIVE = "live"
DOC_WITHDRAWN = "withdrawn"
DOC_GONE = "gone"
DOC_REDIRECT = "redirect"


KEY_DATE_FIELDS = ("opening_date", "closing_date", "delivered_on")


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the input of every content hash."""
    if _orjson_alike(value):  # every commitment key, figure list and change: orjson, ~10x faster
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
        except TypeError:
            pass  # a lone surrogate or an integer beyond 64 bits: json's own answer, or error, below
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _orjson_alike(value: Any) -> bool:
    """Whether orjson (keys sorted) writes `value` exactly as json.dumps does: plain dicts with str
    keys, lists, tuples, strings, ints, bools, None and floats written alike (see _alike)."""
    cls = type(value)
    if cls is str or cls is int or cls is bool or value is None:
        return True
    if cls is float:
        return _alike(value)
    if cls is dict:
        return all(type(k) is str and _orjson_alike(v) for k, v in value.items())
    if cls is list or cls is tuple:
        return all(_orjson_alike(v) for v in value)
    return False


def stable_hash(value: Any, length: int = 16) -> str:
    """A short sha256 hex digest of the canonical JSON of `value`."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True)
class Money:
    text: str  # as written: "nearly £60 million"
    amount_gbp: float | None  # 60000000.0
    qualifier: str | None = None  # "nearly", "over", "up to", "at least", ...
    period: str | None = None  # "2025 to 2026", "over three years", "per year"


@dataclass(frozen=True)
class Quantity:
    text: str  # "over 50 local authorities"
    value: float
    unit: str  # "local authorities", "schools", "places", "per cent"
    qualifier: str | None = None


@dataclass(frozen=True)
class DateRef:
    text: str  # "July 2024", "2024-25", "by 2028", "later this year"
    start: str | None  # ISO date, inclusive
    end: str | None  # ISO date, inclusive (same as start for a single day)
    kind: str = "date"  # date, month, year, range, financial_year, academic_year, deadline, relative


@dataclass(frozen=True)
class Programme:
    name: str  # "Nuffield Early Language Intervention"
    acronym: str | None = None  # "NELI"
    kind: str = "programme"  # programme, review, fund, body, report, plan


@dataclass(frozen=True)
class Figure:
    """A number in the body outside any commitment (a statistic), or inside one."""

    kind: str  # money, quantity, date, duration, proportion
    text: str
    value: float | None
    unit: str | None
    sentence: str
    section: str | None = None


@dataclass(frozen=True)
class SectionItem:
    text: str
    kind: str = "paragraph"  # paragraph, bullet, numbered, table_row
    level: int = 0  # nesting depth of a bullet


@dataclass(frozen=True)
class Section:
    heading: str | None  # None for the body before the first heading
    kind: str  # body, background, contact, quote
    items: tuple[SectionItem, ...] = ()


@dataclass(frozen=True)
class Quote:
    speaker: str | None
    role: str | None
    text: str  # full text, paragraphs joined by "\n\n"
    paragraphs: tuple[str, ...] = ()
    position: int = 0  # index of the quote's first block in the body
    lead_in: str | None = None  # "Education Secretary Bridget Phillipson said:"


@dataclass(frozen=True)
class Commitment:
    key: str  # stable across versions: hash of the text with figures and modality masked
    text: str
    actor: str | None  # "Department for Education", "the Government", "Curriculum and Assessment Review"
    action: str | None  # main verb phrase: "strengthen accountability on mainstream settings"
    modality: str | None  # will, would, plans, aims, expects, consider, has, ...
    firmness: str  # firm, hedged, done
    status: str  # planned, ongoing, done
    section: str | None  # heading of the section it came from ("Background"), or "quote"
    money: tuple[Money, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateRef, ...] = ()
    programmes: tuple[str, ...] = ()  # names as written, acronyms expanded where known
    position: int = 0  # order within the document
    speaker: str | None = None  # when the commitment was made inside a quote

    @property
    def content_hash(self) -> str:
        return stable_hash(dataclasses.asdict(self))


@dataclass(frozen=True)
class Link:
    title: str
    content_id: str | None = None
    base_path: str | None = None


@dataclass(frozen=True)
class ChangeNote:
    public_timestamp: str | None
    note: str


@dataclass(frozen=True)
class Attachment:
    title: str
    url: str | None
    type: str | None = None  # file, html, external; or the content type


@dataclass(frozen=True)
class Announcement:
    """Everything send-monitor knows about one version of one GOV.UK page."""

    title: str | None = None
    content_id: str | None = None
    base_path: str | None = None
    url: str | None = None
    locale: str = "en"
    description: str | None = None
    document_type: str | None = None
    schema_name: str | None = None
    first_published_at: str | None = None
    public_updated_at: str | None = None
    updated_at: str | None = None
    status: str = DOC_LIVE  # live, withdrawn, gone, redirect
    withdrawn_explanation: str | None = None
    withdrawn_at: str | None = None
    redirect_to: str | None = None  # destination path of a redirect or gone alternative_path
    # Dates in the Content API's details that are promises too: when a consultation opens and
    # closes, when a speech was delivered.
    opening_date: str | None = None
    closing_date: str | None = None
    delivered_on: str | None = None
    organisations: tuple[Link, ...] = ()
    people: tuple[Link, ...] = ()
    roles: tuple[Link, ...] = ()
    government: str | None = None
    political: bool = False
    history_mode: bool = False  # political and from a past government
    taxons: tuple[Link, ...] = ()
    topical_events: tuple[Link, ...] = ()
    change_history: tuple[ChangeNote, ...] = ()  # newest first
    attachments: tuple[Attachment, ...] = ()
    sections: tuple[Section, ...] = ()
    quotes: tuple[Quote, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    figures: tuple[Figure, ...] = ()
    problems: tuple[str, ...] = ()
    source_format: str = "content_api"  # content_api, html, govspeak, text

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (`send-monitor parse --json`)."""
        return as_plain(self)

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @property
    def latest_change_note(self) -> str | None:
        return self.change_history[0].note if self.change_history else None

    def content_hash(self) -> str:
        """Hash of what a reader sees; capture details (url, updated_at, problems) left out."""
        return self.stored_form()[1]

    @staticmethod
    def hash_of(record: dict[str, Any]) -> str:
        """`content_hash` of a record already in its `to_dict()` shape (left unchanged)."""
        return stable_hash(_hashed_part(record), 64)

    def stored_form(self) -> tuple[str, str]:
        """The record's JSON (the `to_dict()` shape) and its `content_hash`, as a load stores them.

        Through orjson, about ten times faster than `to_dict` + `json.dumps` (a first run pays this
        for every page), and the same: `json.loads` of it equals `to_dict()`, and the hash is
        byte for byte the one `content_hash` gives. Records orjson would write differently (NaN,
        infinities, tiny floats, integers beyond 64 bits, lone surrogates) take the slow path.
        """
        if _floats_alike(self):
            try:
                raw = orjson.dumps(self, default=_not_plain)
                hashed = orjson.dumps(_hashed_part(orjson.loads(raw)), option=orjson.OPT_SORT_KEYS)
                return raw.decode("utf-8"), hashlib.sha256(hashed).hexdigest()
            except TypeError:
                pass
        plain = self.to_dict()
        return json.dumps(plain, ensure_ascii=False), self.hash_of(plain)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Announcement":
        """Rebuild a record from `to_dict()` output (unknown keys are ignored)."""
        return _build(cls, data)


def _hashed_part(record: dict[str, Any]) -> dict[str, Any]:
    """What a content hash covers: capture details (url, updated_at, problems) left out."""
    d = {k: v for k, v in record.items() if k not in ("url", "updated_at", "problems", "source_format")}
    for later in KEY_DATE_FIELDS:  # absent on records made before these fields: same hash
        if d.get(later) is None:
            d.pop(later, None)
    return d


def _not_plain(value: Any) -> Any:
    raise TypeError(f"not plain record data: {type(value).__name__}")


def _alike(x: float | None) -> bool:
    # orjson and json write every other float the same (checked over 900,000 random ones).
    return x is None or (math.isfinite(x) and (x == 0 or not 1e-10 <= abs(x) < 1e-4))


# Every float a record holds, as paths of attributes through its tuples (tests/test_record_json.py
# keeps this complete by reading the dataclasses' type hints).
FLOAT_FIELDS = (("commitments", "money", "amount_gbp"), ("commitments", "quantities", "value"), ("figures", "value"))


def _values_at(value: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if not path:
        yield value
        return
    inner = getattr(value, path[0])
    for item in (inner if isinstance(inner, tuple) else (inner,)):
        yield from _values_at(item, path[1:])


def _floats_alike(record: "Announcement") -> bool:
    """Whether every float of the record (FLOAT_FIELDS) is one orjson writes as json does."""
    return all(_alike(x) for path in FLOAT_FIELDS for x in _values_at(record, path))


_NOT_A_RECORD = ()
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def as_plain(value: Any) -> Any:
    """`plain(dataclasses.asdict(value))` in one pass and without deep copies (records are immutable
    all the way down): a fifth of the time, which a run pays twice a page (hash and stored JSON)."""
    cls = type(value)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else _NOT_A_RECORD
        _FIELD_NAMES[cls] = names
    if names:
        return {name: as_plain(getattr(value, name)) for name in names}
    if cls is tuple or cls is list:
        return [as_plain(v) for v in value]
    if cls is dict:
        return {k: as_plain(v) for k, v in value.items()}
    return value


def plain(value: Any) -> Any:
    """Tuples as lists, all the way down: the JSON shape of a dataclass's asdict()."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


# Which dataclass each nested list holds, for from_dict.
_NESTED: dict[str, type] = {
    "organisations": Link,
    "people": Link,
    "roles": Link,
    "taxons": Link,
    "topical_events": Link,
    "change_history": ChangeNote,
    "attachments": Attachment,
    "sections": Section,
    "items": SectionItem,
    "quotes": Quote,
    "commitments": Commitment,
    "figures": Figure,
    "money": Money,
    "quantities": Quantity,
    "dates": DateRef,
}


def _build(cls: type, data: dict[str, Any]) -> Any:
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            continue
        if isinstance(value, list):
            inner = _NESTED.get(key)
            value = tuple(_build(inner, v) if inner and isinstance(v, dict) else v for v in value)
        kwargs[key] = value
    return cls(**kwargs)
