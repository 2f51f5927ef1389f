"""Shared test set-up: quiet, offline Prefect in a throw-away home, and the bundled snapshot."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before anything imports prefect: a private PREFECT_HOME and the settings STACK-NOTES asks for.
# Always a fresh home: tests must not see (or fill) the user's .prefect/ that the Makefile exports.
from foundation.settings import PREFECT_DEFAULTS  # noqa: E402 - imports nothing of Prefect's

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="send-monitor-prefect-")
os.environ.update(PREFECT_DEFAULTS)
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
for leaked in ("SEND_MONITOR_DB", "SEND_MONITOR_CONFIG", "SEND_MONITOR_BASE_URL",
               "SEND_MONITOR_REQUESTS_PER_SECOND", "SEND_MONITOR_WEBHOOK_URL", "SEND_MONITOR_CONTACT",
               "SEND_MONITOR_UI_URL", "PREFECT_UI_URL"):
    os.environ.pop(leaked, None)

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "replay" / "snapshot"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for every flow-level test (it costs ~15 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield
