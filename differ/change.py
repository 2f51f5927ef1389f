"""The differ's contract: one Change, its significance levels and the fields it can name."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from parsers.record import plain

MAJOR = "major"
MINOR = "minor"
COSMETIC = "cosmetic"

# Fields whose change alters what the government promised, so any change is major.
MAJOR_FIELDS = ("money", "quantity", "date", "modality", "firmness", "actor", "status", "programme")
FIELD_ORDER = MAJOR_FIELDS + ("wording",)


@dataclass(frozen=True)
class Change:
    kind: str
    scope: str  # commitment, quote, document
    significance: str  # major, minor, cosmetic
    fields: tuple[str, ...] = ()
    silent: bool = False
    tags: tuple[str, ...] = ()
    old: dict | None = None
    new: dict | None = None
    details: dict = field(default_factory=dict)
    summary: str = ""

    def to_dict(self) -> dict:
        return plain(dataclasses.asdict(self))


def is_flagged(change: Change) -> bool:
    """A change people should see: anything that is not cosmetic."""
    return change.significance != COSMETIC


# ---------------------------------------------------------------------------------------------
# The differ


def significance_of(fields: tuple[str, ...] | list[str]) -> str:
    """Major when a promised value moved, minor for wording alone, cosmetic for nothing."""
    if any(f in MAJOR_FIELDS for f in fields):
        return MAJOR
    return MINOR if fields else COSMETIC
