"""Webhook alerts against a real loopback receiver: major changes and failures alert, nothing else does."""

from __future__ import annotations

import logging
import socket

from webhook_receiver import WebhookReceiver

from flows.alerts import build_alert_payload, escape_slack, send_alerts
from govuk.client import DEFAULT_USER_AGENT

RUN_URL = "http://127.0.0.1:4200/runs/flow-run/0b5e0000-0000-4000-8000-000000000001"
RECOSTED = {
    "base_path": "/government/news/capital-funding-for-send-places", "title": "Capital funding for SEND places",
    "kind": "modified", "significance": "major", "fields": ["money"], "tags": [], "silent": True,
    "summary": "re-costed: £740m → £700m", "old": {"text": "£740 million"}, "new": {"text": "£700 million"},
    "change_note": None, "new_public_updated_at": None,
}
REWORDED = {**RECOSTED, "kind": "quote_changed", "significance": "minor", "summary": "quote reworded"}
SUMMARY = {"run_id": 4, "source": "replay", "fetched": 12, "new_documents": 1, "new_versions": 3,
           "flagged_changes": 2, "errors": 0, "flagged": [RECOSTED, REWORDED]}


def test_build_alert_payload_for_a_major_change_lists_it_with_links():
    assert build_alert_payload(SUMMARY, flow_run_url=RUN_URL) == {
        "text": f"SEND monitor: 1 major change(s) on 1 page(s) (run 4) {RUN_URL}",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn",
                                         "text": ":rotating_light: *SEND monitor: 1 major change(s) on 1 page(s) (run 4)*"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "fetched 12, new documents 1, new versions 3, "
                                                                        "flagged changes 2, errors 0"}]},
            {"type": "section", "text": {"type": "mrkdwn", "text": (
                "*<https://www.gov.uk/government/news/capital-funding-for-send-places|Capital funding for SEND places>*"
                " · *silent edit*\nmodified: re-costed: £740m → £700m\n*was:* £740 million\n*now:* £700 million")}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"<{RUN_URL}|Open the run in Prefect>"}]},
        ],
    }


def test_build_alert_payload_is_none_without_a_major_change_or_failure():
    assert build_alert_payload({**SUMMARY, "flagged": [REWORDED]}) is None
    assert build_alert_payload({"run_id": 5, "flagged": []}) is None


def test_build_alert_payload_escapes_page_text_for_slack():
    hostile = {**RECOSTED, "title": "<!channel> <https://evil.example|click> & co", "summary": "a > b <@U123>",
               "old": {"text": "was <!here>\n*now:* forged"}, "new": {"text": "£700m & <@U1>"}}
    payload = build_alert_payload({**SUMMARY, "flagged": [hostile]})
    text = payload["blocks"][2]["text"]["text"]
    assert text == ("*<https://www.gov.uk/government/news/capital-funding-for-send-places|"
                    "&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co>* · *silent edit*\n"
                    "modified: a &gt; b &lt;@U123&gt;\n"
                    "*was:* was &lt;!here&gt; *now:* forged\n"
                    "*now:* £700m &amp; &lt;@U1&gt;")
    assert escape_slack("line\nbreak <x>") == "line break &lt;x&gt;"


def test_send_alerts_posts_one_message_for_a_major_change():
    with WebhookReceiver() as hook:
        assert send_alerts(hook.url, SUMMARY, flow_run_url=RUN_URL) is True
        posts = hook.posts
    assert posts == [{"path": "/services/T000/B000/secret-token", "content_type": "application/json",
                      "user_agent": DEFAULT_USER_AGENT, "json": build_alert_payload(SUMMARY, flow_run_url=RUN_URL)}]


def test_send_alerts_posts_a_failure_with_its_error():
    with WebhookReceiver() as hook:
        assert send_alerts(hook.url, {"run_id": 9, "source": "live"}, flow_run_url=None, failed=True,
                           error="FetchError: <boom> while fetching /x") is True
        posts = hook.posts
    assert [p["json"] for p in posts] == [{
        "text": "SEND monitor run 9 FAILED",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": (
                ":x: *SEND monitor run 9 failed* (live)\n```FetchError: &lt;boom&gt; while fetching /x```")}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "fetched 0, new documents 0, new versions 0, "
                                                                        "flagged changes 0, errors 0"}]},
        ],
    }]


def test_send_alerts_sends_nothing_without_a_webhook_or_anything_to_say():
    with WebhookReceiver() as hook:
        assert send_alerts(None, SUMMARY, flow_run_url=RUN_URL) is False
        assert send_alerts("", SUMMARY, flow_run_url=RUN_URL, failed=True) is False
        assert send_alerts(hook.url, {**SUMMARY, "flagged": [REWORDED]}, flow_run_url=RUN_URL) is False
        posts = hook.posts
    assert posts == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_send_alerts_never_raises_on_a_dead_or_failing_webhook_and_keeps_the_secret_out_of_logs(caplog):
    logger = logging.getLogger("alerts-test")
    dead = f"http://127.0.0.1:{free_port()}/services/T000/B000/secret-token"
    with caplog.at_level(logging.WARNING, logger="alerts-test"):
        assert send_alerts(dead, SUMMARY, logger=logger) is False
        with WebhookReceiver(status=500) as hook:
            assert send_alerts(hook.url, SUMMARY, logger=logger) is False
            assert len(hook.posts) == 1
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert messages[0].startswith("Alert webhook failed (ConnectionError)")
    assert messages[1].startswith("Alert webhook failed (HTTPError): 500 Server Error")
    assert not any("secret-token" in m for m in messages)
