"""The differ: every change between two parsed versions of one GOV.UK page (pure; no DuckDB)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from differ.change import COSMETIC, MAJOR, MINOR, Change, is_flagged

if TYPE_CHECKING:
    from differ.changes import diff_announcements

# `diff_announcements` loads on first use: it pulls in the whole parser (see parsers/__init__.py).
_LAZY = {"diff_announcements": "differ.changes"}
__all__ = ["COSMETIC", "MAJOR", "MINOR", "Change", "diff_announcements", "is_flagged"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'differ' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
