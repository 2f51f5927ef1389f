"""A run's counts, one contract for ingest, flows, the terminal summary, artifacts and the `runs` columns."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping


@dataclass
class RunCounts:
    """What one run did, page by page; each field is a column of `runs`."""

    discovered: int = 0
    fetched: int = 0
    not_modified: int = 0
    unchanged: int = 0
    new_documents: int = 0
    new_versions: int = 0
    changes: int = 0
    flagged_changes: int = 0
    errors: int = 0
    left_for_backfill: int = 0
    rate_limit_pauses: int = 0

    def add(self, other: "RunCounts") -> None:
        """Add another count (a batch's, a page's) into this one."""
        for name in NAMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> "RunCounts":
        """The counts found in a mapping (a flow's summary); other keys are ignored, missing ones are 0."""
        return cls(**{name: int(values.get(name) or 0) for name in NAMES})


NAMES = tuple(f.name for f in dataclasses.fields(RunCounts))
# The same measures, in the same words, on the terminal and in the Prefect UI.
LABELS = {
    "discovered": "discovered in search",
    "fetched": "fetched",
    "not_modified": "not modified (304)",
    "unchanged": "unchanged",
    "new_documents": "new documents",
    "new_versions": "new versions",
    "changes": "changes (all, cosmetic included)",
    "flagged_changes": "flagged changes",
    "errors": "errors",
    "left_for_backfill": "left for backfill",
    "rate_limit_pauses": "429 pauses",
}
# Shown on the terminal only when they happened: most runs leave nothing for backfill and meet no 429.
WHEN_ANY = ("left_for_backfill", "rate_limit_pauses")
