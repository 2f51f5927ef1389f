"""The differ: every change between two parsed versions of one GOV.UK page (pure; no DuckDB)."""

from differ.change import COSMETIC, MAJOR, MINOR, Change, is_flagged
from differ.changes import diff_announcements

__all__ = ["COSMETIC", "MAJOR", "MINOR", "Change", "diff_announcements", "is_flagged"]
