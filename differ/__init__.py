"""The differ: every change between two parsed versions of one GOV.UK page (pure; no DuckDB)."""

from differ.changes import COSMETIC, MAJOR, MINOR, Change, diff_announcements, is_flagged

__all__ = ["COSMETIC", "MAJOR", "MINOR", "Change", "diff_announcements", "is_flagged"]
