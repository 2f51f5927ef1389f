"""Shared bits for tests that talk HTTP to the loopback replay server."""

from __future__ import annotations

from pathlib import Path

MINI_SNAPSHOT = Path(__file__).resolve().parent / "fixtures" / "replay_mini"

# Identifiers used by the mini snapshot (our own invented ids, except GOV.UK's real DfE and /education ids).
EDUCATION_TAXON_ID = "c58fdadd-7743-46d6-9629-90bb3ccc4ef0"
SEND_TAXON_ID = "5e0d7a1c-0000-4000-8000-000000005e0d"
SEND_TAXON_PATH = "/education/special-educational-needs-and-disability-send-and-high-needs"
DFE_ID = "ebd15ade-73b2-4eaf-b1c3-43034a42eb37"

PLACES = "/government/news/extra-places-for-pupils-with-send"
STATEMENT = "/government/speeches/statement-on-send-reform"
CAPITAL_PLAN = "/government/publications/send-capital-plan"
INSPECTION = "/government/news/inspection-findings-for-alternative-provision"
WITHDRAWN = "/government/news/old-transport-pilot"
GONE = "/government/news/retired-funding-notice"
MOVED = "/government/news/moved-guidance-note"
ANNEX = "/government/publications/send-capital-plan/annex-a"
DELETED = "/government/news/deleted-story"
NEW_SITES = "/government/news/new-specialist-school-sites"  # round 2 only


def fixture_bytes(round_no: int, base_path: str) -> bytes:
    """The snapshot file the server should send for base_path as it stood in that round's folder."""
    return (MINI_SNAPSHOT / f"round-{round_no}" / "content" / (base_path.lstrip("/") + ".json")).read_bytes()
