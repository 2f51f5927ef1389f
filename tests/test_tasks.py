"""Flow wiring details that users notice: no warning spam without the shared GOV.UK rate limit."""

from __future__ import annotations

import pytest

from foundation.settings import DEFAULT_CONFIG, load_settings


@pytest.mark.usefixtures("prefect_harness")
def test_live_client_skips_the_shared_rate_limit_when_the_api_has_none(monkeypatch):
    from flows import tasks

    assert tasks.govuk_limit_exists() is False
    live = load_settings(DEFAULT_CONFIG, env={})
    assert tasks.make_client(live).before_request is None
