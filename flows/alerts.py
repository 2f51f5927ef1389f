"""Alerts on a finished run: the Slack-shaped `webhook_url`, and `[[alerts]]` subscriptions sent through Apprise.

Deciding what to say (filtering, quiet hours, message text) is plain functions over plain data; delivery and the
warehouse queue are separate. Alerts never fail the monitor: a dead or slow channel is a logged warning.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import requests
from prefect import runtime
from prefect.exceptions import MissingContextError
from prefect.logging import get_run_logger

from flows.reporting import govuk_url
from foundation.settings import AlertSubscription
from foundation.terminal import printable
from govuk.client import DEFAULT_USER_AGENT, user_agent
from warehouse import alert_queue
from warehouse.alert_queue import QueuedAlert
from warehouse.store import connect

TIMEOUT = (5.0, 10.0)  # connect, read (seconds)
MAX_CHANGES = 10  # Slack allows 50 blocks per message; a long list belongs in the Prefect artifact
MAX_SECTION = 2900  # Slack's limit for a section's text is 3000 characters
TOP_CHANGES = 5  # changes an Apprise alert spells out; Discord cuts a message at 2000 characters
TEXT_LIMIT = 220  # characters of each before/after sentence
LEAD_IN = 50  # characters kept before the first difference when a sentence is cut to it
DIGEST_ENTRIES = 10  # queued alerts a digest spells out in full
QUEUE_WAIT_SECONDS = 10.0  # how long an alert waits for the warehouse before sending instead of queuing
_RUN_PATH = re.compile(r"/(?:flow-)?runs/flow-run/([0-9A-Za-z-]+)/?$")


@dataclass(frozen=True)
class Alert:
    """One message for one channel: plain text, which Apprise escapes for each channel (HTML, Markdown)."""

    title: str
    body: str
    failed: bool = False


@dataclass(frozen=True)
class Delivery:
    """What notify_run did for one channel: `sent` (delivered now), `queued`, `failed`, or `nothing` to say."""

    channel: str
    outcome: str
    digest: int = 0  # queued alerts a delivered digest carried


def escape_slack(text: Any) -> str:
    """Text safe in Slack mrkdwn: &, < and > as entities (so no links or mentions), one line."""
    value = " ".join(str(text or "").split())
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def one_line(text: Any) -> str:
    """Page text as one plain line: no line breaks to forge lines with, no control or bidi characters."""
    return printable(" ".join(str(text or "").split()))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _link(url: str | None, label: str) -> str:
    # A URL we built ourselves; `|` and `>` would end Slack's <url|label> syntax early.
    if not url or any(ch in url for ch in "|<> "):
        return label
    return f"<{url}|{label}>"


def run_link(flow_run_url: str | None, *, ui_url: str | None, flow_run_id: str | None = None) -> str | None:
    """`<ui_url>/runs/flow-run/<id>` when the UI URL is configured, else whatever Prefect reported."""
    if not flow_run_id and flow_run_url:
        match = _RUN_PATH.search(urlsplit(flow_run_url).path)
        flow_run_id = match.group(1) if match else None
    if ui_url and flow_run_id:
        return f"{ui_url.rstrip('/')}/runs/flow-run/{flow_run_id}"
    return flow_run_url


# Words a summary may open with that already say its kind ("new commitment: …" is an `added` change).
_SAYS_KIND = {"added": {"new"}, "removed": {"dropped", "removed"}, "gone": {"unpublished"},
              "unwithdrawn": {"live"}, "reappeared": {"live", "back"}}


def headline(change: dict[str, Any]) -> str:
    """`modified: re-costed: £740m → £700m`; the kind is left off when the summary says it ("withdrawn: …")."""
    kind = str(change.get("kind") or "")
    summary = one_line(change.get("summary"))
    if not summary:
        return kind.replace("_", " ")
    opening = set(re.findall(r"[a-z-]+", summary.casefold())[:2])
    if not kind or opening & (set(kind.split("_")) | _SAYS_KIND.get(kind, set())):
        return summary
    return f"{kind.replace('_', ' ')}: {summary}"


def _cut(text: str, start: int, limit: int) -> str:
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space > 0 else start
    piece = text[start:]
    if len(piece) > limit:
        space = piece.rfind(" ", 0, limit)
        piece = piece[: space if space > limit // 2 else limit - 1].rstrip(" ,;:") + "…"
    return ("…" + piece) if start > 0 else piece


def shorten_pair(old: str | None, new: str | None, limit: int = TEXT_LIMIT) -> tuple[str | None, str | None]:
    """Both sentences cut to `limit`, from a little before where they first differ, so the change stays in view."""
    old, new = (one_line(old) or None), (one_line(new) or None)
    if (old is None or len(old) <= limit) and (new is None or len(new) <= limit):
        return old, new
    differ_at = 0
    if old and new:
        while differ_at < min(len(old), len(new)) and old[differ_at] == new[differ_at]:
            differ_at += 1
    start = max(0, differ_at - min(LEAD_IN, limit // 3))
    return (_cut(old, start, limit) if old else None), (_cut(new, start, limit) if new else None)


def before_after(change: dict[str, Any], limit: int = TEXT_LIMIT) -> tuple[str | None, str | None]:
    """The old and new sentence of a change (None where there is none, or both None if they read the same)."""
    old = (change.get("old") or {}).get("text") if isinstance(change.get("old"), dict) else None
    new = (change.get("new") or {}).get("text") if isinstance(change.get("new"), dict) else None
    if one_line(old) == one_line(new):
        return None, None
    return shorten_pair(old, new, limit)


def _programmes(change: dict[str, Any]) -> set[str]:
    names = list(change.get("programmes") or [])
    for side in ("old", "new"):
        value = change.get(side)
        if isinstance(value, dict):
            names += value.get("programmes") or []
    return {" ".join(str(n).split()).casefold() for n in names if n}


def _haystack(change: dict[str, Any]) -> str:
    parts = [change.get("title"), change.get("summary")]
    for side in ("old", "new"):
        value = change.get(side)
        if isinstance(value, dict):
            parts.append(value.get("text"))
    return " ".join(" ".join(str(p).split()) for p in parts if p).casefold()


def matches(change: dict[str, Any], sub: AlertSubscription) -> bool:
    """Whether the subscription wants this change: significance, and every filter it sets (any value of each)."""
    if not sub.min_significance.admits(change.get("significance")):
        return False
    # A change that does not say which profiles found it matches no profile filter: a forum asked for less, not more.
    if sub.profiles and not set(change.get("profiles") or ()) & set(sub.profiles):
        return False
    if sub.programmes and not _programmes(change) & {" ".join(p.split()).casefold() for p in sub.programmes}:
        return False
    if sub.keywords:
        haystack = _haystack(change)
        if not any(" ".join(k.split()).casefold() in haystack for k in sub.keywords):
            return False
    return True


def select_changes(flagged: Iterable[dict[str, Any]], sub: AlertSubscription) -> list[dict[str, Any]]:
    """The run's flagged changes this subscription wants, major ones first, in the run's order otherwise."""
    wanted = [c for c in flagged if matches(c, sub)]
    return sorted(wanted, key=lambda c: c.get("significance") != "major")


def _counts(summary: dict[str, Any]) -> str:
    return ", ".join(
        f"{label} {int(summary.get(key) or 0)}" for key, label in (
            ("fetched", "fetched"), ("new_documents", "new documents"), ("new_versions", "new versions"),
            ("flagged_changes", "flagged changes"), ("errors", "errors"))
    )


def _page_text(changes: Sequence[dict[str, Any]]) -> str:
    """One page's title and link once, then each of its changes with the old and new sentence."""
    first = changes[0]
    title = one_line(first.get("title") or first.get("base_path") or "(untitled)")
    silent = " (silent edit: no change note, so GOV.UK sent no email)" if all(c.get("silent") for c in changes) else ""
    lines = [f"{title}{silent}"]
    url = govuk_url(first.get("base_path"))
    if url:
        lines.append(url)
    for change in changes:
        lines.append(f"{str(change.get('significance') or '').upper()} {headline(change)}".strip())
        old, new = before_after(change)
        if old:
            lines.append(f"  was: {old}")
        if new:
            lines.append(f"  now: {new}")
    return "\n".join(lines)


def _by_page(changes: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    pages: dict[Any, list[dict[str, Any]]] = {}
    for change in changes:
        pages.setdefault(change.get("base_path"), []).append(change)
    return list(pages.values())


def build_alert(summary: dict[str, Any], changes: Sequence[dict[str, Any]], *, link: str | None = None,
                failed: bool = False, error: str | None = None, top: int = TOP_CHANGES) -> Alert | None:
    """The plain-text alert for a failed run, or for the changes a subscription wants; None if nothing to say."""
    run = one_line(summary.get("run_id", "?"))
    source = one_line(summary.get("source") or "")
    tail = ([f"Run: {link}"] if link else []) + [_counts(summary)]
    if failed:
        lines = [f"SEND monitor run {run} failed ({source})." if source else f"SEND monitor run {run} failed."]
        if error:
            lines.append(f"Error: {_short(one_line(error), 1500)}")
        return Alert(f"SEND monitor run {run} FAILED", "\n".join(lines + [""] + tail), failed=True)
    if not changes:
        return None
    pages = len({c.get("base_path") for c in changes})
    major = sum(1 for c in changes if c.get("significance") == "major")
    noun = "major change" if major == len(changes) else "change"
    title = f"SEND monitor: {_plural(len(changes), noun)} on {_plural(pages, 'page')} (run {run})"
    parts = [_page_text(page) for page in _by_page(changes[:top])]
    if len(changes) > top:
        more = len(changes) - top
        parts.append(f"…and {more} more {'change' if more == 1 else 'changes'}"
                     f"{': see the run' if link else ''} (send-monitor changes lists them all).")
    return Alert(title, "\n\n".join(parts + ["\n".join(tail)]))


def quiet_until(now: datetime, quiet_hours: tuple[time, time] | None, tz: str) -> datetime | None:
    """When the quiet hours `now` falls in end (UTC), or None outside them. start > end spans midnight."""
    if quiet_hours is None:
        return None
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    start, end = quiet_hours
    wall = local.time().replace(tzinfo=None)
    if start < end:
        inside, end_day = start <= wall < end, local.date()
    else:
        inside = wall >= start or wall < end
        end_day = local.date() + timedelta(days=1) if wall >= start else local.date()
    if not inside:
        return None
    return datetime.combine(end_day, end, tzinfo=zone).astimezone(timezone.utc)


def build_digest(entries: Sequence[QueuedAlert], *, tz: str, quiet_hours: tuple[time, time] | None = None,
                 limit: int = DIGEST_ENTRIES) -> Alert | None:
    """One message for every alert the quiet hours held: failed runs first, then the rest, oldest first."""
    if not entries:
        return None
    zone = ZoneInfo(tz)
    failures = [e for e in entries if e.failed]
    ordered = failures + [e for e in entries if not e.failed]
    window = f" ({quiet_hours[0]:%H:%M}-{quiet_hours[1]:%H:%M} {tz})" if quiet_hours else ""
    title = f"SEND monitor digest: {_plural(len(entries), 'alert')} held during quiet hours"
    lines = [f"Held during quiet hours{window}: {_plural(len(entries), 'alert')}."]
    if failures:
        title += f" ({_plural(len(failures), 'failed run')})"
        runs = ", ".join(f"run {e.run_id if e.run_id is not None else '?'}"
                         f" at {e.queued_at.astimezone(zone):%H:%M}" for e in failures)
        lines.append(f"{_plural(len(failures), 'run')} FAILED: {runs}.")
    parts = ["\n".join(lines)]
    for entry in ordered[:limit]:
        parts.append(f"[{entry.queued_at.astimezone(zone):%a %d %b %H:%M}] {entry.title}\n{entry.body}")
    if len(ordered) > limit:
        parts.append(f"…and {_plural(len(ordered) - limit, 'more held alert')}.")
    return Alert(title, "\n\n".join(parts), failed=bool(failures))


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
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": _short(detail, MAX_SECTION)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": escape_slack(_counts(summary))}]},
    ]
    for change in major[:MAX_CHANGES]:
        title = escape_slack(change.get("title") or change.get("base_path") or "(untitled)")
        silent = " · *silent edit*" if change.get("silent") else ""
        line = f"*{_link(govuk_url(change.get('base_path')), title)}*{silent}\n{escape_slack(headline(change))}"
        old, new = before_after(change)
        if old:
            line += f"\n*was:* {escape_slack(old)}"
        if new:
            line += f"\n*now:* {escape_slack(new)}"
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
                logger: logging.Logger | logging.LoggerAdapter | None = None,
                user_agent: str = DEFAULT_USER_AGENT) -> bool:
    """POST the alert when there is a webhook and something to say; True if one was delivered. Never raises."""
    if not webhook_url:
        return False
    log = logger or _default_logger()
    try:
        payload = build_alert_payload(summary, flow_run_url=flow_run_url, failed=failed, error=error)
        if payload is None:
            return False
        response = requests.post(webhook_url, json=payload, timeout=TIMEOUT, headers={"User-Agent": user_agent})
        response.raise_for_status()
    except Exception as exc:  # noqa: BLE001 - an alert must never fail the run it reports on
        log.warning("Alert webhook failed (%s): %s", type(exc).__name__, _redact(str(exc), webhook_url))
        return False
    return True


def deliver(url: str, alert: Alert, *, agent: str, channel: str = "alerts",
            logger: logging.Logger | logging.LoggerAdapter | None = None) -> bool:
    """Send one alert through Apprise with our User-Agent; True if every service took it. Never raises."""
    log = logger or _default_logger()
    # The scheme alone: Apprise's own "privacy" form still shows a json:// URL's path, often its secret.
    shown = f"{url.split('://', 1)[0]}://…" if "://" in url else "an unreadable URL"
    try:
        import apprise  # noqa: PLC0415 - loads its plugins: only when a subscription has something to send

        # Apprise puts app_id in each service's User-Agent header; email shows it as the sender's name instead.
        email = urlsplit(url).scheme.lower() in ("mailto", "mailtos")
        asset = apprise.AppriseAsset(app_id="send-monitor" if email else agent, app_desc="SEND monitor",
                                     app_url="https://github.com/send-monitor/send-monitor")
        server = apprise.Apprise.instantiate(url, asset=asset)
        if server is None:
            log.warning("Alert channel %s (%s) is not a URL Apprise can send to", channel, shown)
            return False
        notifier = apprise.Apprise(asset=asset)
        notifier.add(server)
        result = notifier.notify(title=alert.title, body=alert.body, body_format=apprise.NotifyFormat.TEXT,
                                 notify_type=apprise.NotifyType.FAILURE if alert.failed else apprise.NotifyType.INFO)
        if not result:
            log.warning("Alert channel %s (%s) did not take the alert", channel, shown)
            return False
    except Exception as exc:  # noqa: BLE001 - an alert must never fail the run it reports on
        log.warning("Alert channel %s (%s) failed (%s)", channel, shown, type(exc).__name__)
        return False
    return True


Send = Callable[[str, Alert], bool]  # (Apprise URL, alert) → delivered


def notify_subscription(sub: AlertSubscription, db: Any, summary: dict[str, Any], *, link: str | None,
                        failed: bool, error: str | None, now: datetime, send: Send,
                        logger: logging.Logger | logging.LoggerAdapter) -> Delivery:
    """Queue this subscription's alert inside its quiet hours; outside them, send any due digest, then the alert."""
    changes = [] if failed else select_changes(summary.get("flagged") or [], sub)
    alert = build_alert(summary, changes, link=link, failed=failed, error=error) \
        if (changes or (failed and sub.failures)) else None
    until = quiet_until(now, sub.quiet_hours, sub.timezone)
    if until is not None:
        if alert is None:
            return Delivery(sub.name, "nothing")
        try:
            with connect(db, wait_seconds=QUEUE_WAIT_SECONDS) as conn:
                alert_queue.enqueue(conn, sub.name, run_id=_run_id(summary), failed=alert.failed, title=alert.title,
                                    body=alert.body, queued_at=now, due_at=until)
            return Delivery(sub.name, "queued")
        except Exception as exc:  # noqa: BLE001 - an alert late at night beats an alert lost
            logger.warning("Alert channel %s: could not queue for quiet hours (%s); sending now", sub.name,
                           type(exc).__name__)
            return Delivery(sub.name, "sent" if send(sub.url, alert) else "failed")
    digested, ok = 0, True
    if sub.quiet_hours is not None:
        digested, ok = _send_digest(sub, db, now, send, logger)
    if alert is not None:
        ok = send(sub.url, alert) and ok
    elif not digested and ok:
        return Delivery(sub.name, "nothing")
    return Delivery(sub.name, "sent" if ok else "failed", digest=digested)


def _send_digest(sub: AlertSubscription, db: Any, now: datetime, send: Send,
                 logger: logging.Logger | logging.LoggerAdapter) -> tuple[int, bool]:
    """Send what the quiet hours held as one digest; (alerts it carried, whether nothing failed)."""
    try:
        with connect(db, wait_seconds=QUEUE_WAIT_SECONDS) as conn:
            held = alert_queue.due(conn, sub.name, now)
    except Exception as exc:  # noqa: BLE001 - the run's own alert still goes
        logger.warning("Alert channel %s: could not read its held alerts (%s)", sub.name, type(exc).__name__)
        return 0, False
    digest = build_digest(held, tz=sub.timezone, quiet_hours=sub.quiet_hours)
    if digest is None:
        return 0, True
    # Sent with the warehouse closed: a slow channel must not hold the file against runs and readers.
    if not send(sub.url, digest):
        return 0, False  # still queued: the next run tries again
    try:
        with connect(db, wait_seconds=QUEUE_WAIT_SECONDS) as conn:
            alert_queue.mark_sent(conn, [e.alert_id for e in held], now)
    except Exception as exc:  # noqa: BLE001
        logger.warning("Alert channel %s: digest sent but not marked sent (%s); it may come again", sub.name,
                       type(exc).__name__)
    return len(held), True


def notify_run(settings: Any, summary: dict[str, Any], *, flow_run_url: str | None = None,
               failed: bool = False, error: str | None = None, flow_run_id: str | None = None,
               now: datetime | None = None,
               logger: logging.Logger | logging.LoggerAdapter | None = None) -> tuple[Delivery, ...]:
    """Alert on a finished run through the webhook and every `[[alerts]]` subscription; never raises."""
    log = logger or _default_logger()
    deliveries: list[Delivery] = []
    try:
        agent = user_agent(settings.contact)
        link = run_link(flow_run_url, ui_url=getattr(settings, "ui_url", None),
                        flow_run_id=flow_run_id or _prefect_flow_run_id())
        if settings.webhook_url:
            sent = send_alerts(settings.webhook_url, summary, flow_run_url=link, failed=failed, error=error,
                               logger=log, user_agent=agent)
            deliveries.append(Delivery("webhook_url", "sent" if sent else "nothing"))
        moment = now or datetime.now(timezone.utc)
        for sub in getattr(settings, "alerts", ()):
            try:
                deliveries.append(notify_subscription(
                    sub, settings.db, summary, link=link, failed=failed, error=error, now=moment,
                    send=lambda url, alert, name=sub.name: deliver(url, alert, agent=agent, channel=name, logger=log),
                    logger=log))
            except Exception as exc:  # noqa: BLE001 - one channel's trouble must not silence the others
                log.warning("Alert channel %s failed (%s)", sub.name, type(exc).__name__)
                deliveries.append(Delivery(sub.name, "failed"))
    except Exception as exc:  # noqa: BLE001 - an alert must never fail the run it reports on
        log.warning("Alerts failed (%s)", type(exc).__name__)
    return tuple(deliveries)


def _run_id(summary: dict[str, Any]) -> int | None:
    try:
        return int(summary["run_id"])
    except (KeyError, TypeError, ValueError):
        return None


def _prefect_flow_run_id() -> str | None:
    try:
        value = runtime.flow_run.id  # None outside a flow run
    except Exception:  # noqa: BLE001
        return None
    return str(value) if value else None


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
