"""The differ: every change between two parsed versions of one GOV.UK page (pure; no DuckDB)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from differ.change import COSMETIC, MAJOR, MINOR, Change, is_flagged
from foundation.lazy import lazy_exports

if TYPE_CHECKING:
    from differ.changes import diff_announcements

# `diff_announcements` loads on first use: it pulls in the whole parser (see parsers/__init__.py).
_LAZY = {"diff_announcements": "differ.changes"}
__all__ = ["COSMETIC", "MAJOR", "MINOR", "Change", "diff_announcements", "is_flagged"]


__getattr__ = lazy_exports("differ", _LAZY, globals())
