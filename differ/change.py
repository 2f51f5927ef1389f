"""The differ's contract: one Change, its significance levels and the fields it can name."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum

from parsers.record import plain


class Significance(StrEnum):
    MAJOR = "major"  # a promised value moved: money, dates, quantities, modality, actor, status, programme
    MINOR = "minor"  # wording only
    COSMETIC = "cosmetic"  # typography and spacing: stored, never flagged


class Scope(StrEnum):
    COMMITMENT = "commitment"
    QUOTE = "quote"
    STATEMENT = "statement"  # any sentence, list item, table row or heading, promise or not
    DOCUMENT = "document"


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    QUOTE_ADDED = "quote_added"
    QUOTE_REMOVED = "quote_removed"
    QUOTE_CHANGED = "quote_changed"
    SPEAKER_CHANGED = "speaker_changed"
    TITLE_CHANGED = "title_changed"
    SUMMARY_CHANGED = "summary_changed"
    CHANGE_NOTE_ADDED = "change_note_added"
    WITHDRAWN = "withdrawn"
    UNWITHDRAWN = "unwithdrawn"
    GONE = "gone"
    REDIRECTED = "redirected"
    VANISHED = "vanished"  # 404: the page is no longer there (recorded by the warehouse)
    REAPPEARED = "reappeared"  # a vanished page answered again


MAJOR, MINOR, COSMETIC = Significance.MAJOR, Significance.MINOR, Significance.COSMETIC

# Fields whose change alters what the government promised, so any change is major.
MAJOR_FIELDS = ("money", "quantity", "date", "modality", "firmness", "actor", "status", "programme")
FIELD_ORDER = MAJOR_FIELDS + ("wording",)


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    scope: Scope
    significance: Significance
    fields: tuple[str, ...] = ()
    silent: bool = False
    tags: tuple[str, ...] = ()
    old: dict | None = None
    new: dict | None = None
    details: dict = field(default_factory=dict)
    summary: str = ""

    def __post_init__(self) -> None:
        # Plain strings are accepted and checked: an unknown kind fails here, not in a report.
        object.__setattr__(self, "kind", ChangeKind(self.kind))
        object.__setattr__(self, "scope", Scope(self.scope))
        object.__setattr__(self, "significance", Significance(self.significance))

    def to_dict(self) -> dict:
        return plain(dataclasses.asdict(self))


def is_flagged(change: Change) -> bool:
    """A change people should see: anything that is not cosmetic."""
    return change.significance != COSMETIC


def significance_of(fields: tuple[str, ...] | list[str]) -> Significance:
    """Major when a promised value moved, minor for wording alone, cosmetic for nothing."""
    if any(f in MAJOR_FIELDS for f in fields):
        return MAJOR
    return MINOR if fields else COSMETIC
