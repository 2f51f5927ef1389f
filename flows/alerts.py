"""Slack-compatible webhook alerts: a run that flagged a major change, or a run that failed.

Alerts never fail the monitor: a dead or slow webhook is logged as a warning and the run goes on.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import requests
from prefect.exceptions import MissingContextError
from prefect.logging import get_run_logger

from flows.reporting import govuk_url

TIMEOUT = (5.0, 10.0)  # connect, read (seconds)
MAX_CHANGES = 10  # Slack allows 50 blocks per message; a long list belongs in the Prefect artifact
MAX_SECTION = 2900  # Slack's limit for a section's text is 3000 characters


def escape_slack(text: Any) -> str:
    """Text safe in Slack mrkdwn: &, < and > as entities (so no links or mentions), one line."""
    value = " ".join(str(text or "").split())
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _link(url: str | None, label: str) -> str:
    # A URL we built ourselves; `|` and `>` would end Slack's <url|label> syntax early.
    if not url or any(ch in url for ch in "|<> "):
        return label
    return f"<{url}|{label}>"


def build_alert_payload(summary: dict[str, Any], *, flow_run_url: str | None = None, failed: bool = False,
                        error: str | None = None) -> dict[str, Any] | None:
    """The webhook JSON ({"text", "blocks"}) for a failed run or one with major changes; None if nothing to say."""
    flagged = list(summary.get("flagged") or [])
    major = [c for c in flagged if c.get("significance") == "major"]
    if not failed and not major:
        return None
    run = summary.get("run_id", "?")
    source = escape_slack(summary.get("source") or "")
    if failed:
        text = f"SEND monitor run {run} FAILED"
        detail = f":x: *SEND monitor run {escape_slack(run)} failed* ({source})"
        if error:
            detail += f"\n```{escape_slack(_short(str(error), 1500)).replace('`', chr(39))}```"
    else:
        pages = len({c.get("base_path") for c in major})
        text = f"SEND monitor: {len(major)} major change(s) on {pages} page(s) (run {run})"
        detail = f":rotating_light: *{escape_slack(text)}*"
    counts = ", ".join(
        f"{label} {int(summary.get(key) or 0)}" for key, label in (
            ("fetched", "fetched"), ("new_documents", "new documents"), ("new_versions", "new versions"),
            ("flagged_changes", "flagged changes"), ("errors", "errors"))
    )
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": _short(detail, MAX_SECTION)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": escape_slack(counts)}]},
    ]
    for change in major[:MAX_CHANGES]:
        title = escape_slack(change.get("title") or change.get("base_path") or "(untitled)")
        silent = " · *silent edit*" if change.get("silent") else ""
        line = (f"*{_link(govuk_url(change.get('base_path')), title)}*{silent}\n"
                f"{escape_slack(change.get('kind', '')).replace('_', ' ')}: {escape_slack(change.get('summary', ''))}")
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _short(line, MAX_SECTION)}})
    if len(major) > MAX_CHANGES:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"…and {len(major) - MAX_CHANGES} more major change(s)"}]})
    if flow_run_url:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": _link(flow_run_url, "Open the run in Prefect")}]})
        text += f" {flow_run_url}"
    return {"text": text, "blocks": blocks}


def send_alerts(webhook_url: str | None, summary: dict[str, Any], *, flow_run_url: str | None = None,
                failed: bool = False, error: str | None = None,
                logger: logging.Logger | logging.LoggerAdapter | None = None) -> bool:
    """POST the alert when there is a webhook and something to say; True if one was delivered. Never raises."""
    if not webhook_url:
        return False
    log = logger or _default_logger()
    try:
        payload = build_alert_payload(summary, flow_run_url=flow_run_url, failed=failed, error=error)
        if payload is None:
            return False
        response = requests.post(webhook_url, json=payload, timeout=TIMEOUT)
        response.raise_for_status()
    except Exception as exc:  # noqa: BLE001 - an alert must never fail the run it reports on
        log.warning("Alert webhook failed (%s): %s", type(exc).__name__, _redact(str(exc), webhook_url))
        return False
    return True


def notify_run(settings: Any, summary: dict[str, Any], *, flow_run_url: str | None = None,
               failed: bool = False, error: str | None = None) -> bool:
    """Alert on a finished run through every channel the settings configure; never raises."""
    return send_alerts(settings.webhook_url, summary, flow_run_url=flow_run_url, failed=failed, error=error)


def _redact(message: str, webhook_url: str) -> str:
    """Webhook URLs carry their secret in the path: keep it out of the logs."""
    path = urlsplit(webhook_url).path
    message = message.replace(webhook_url, "<webhook>")
    return message.replace(path, "/<redacted>") if len(path) > 1 else message


def _default_logger() -> logging.Logger | logging.LoggerAdapter:
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)
