"""`[[alerts]]` subscriptions through Apprise: who hears of what, before/after text, quiet hours and their digest.

Delivery is real HTTP to a loopback receiver (Apprise's json:// and the Slack-shaped webhook); the queue is a
real DuckDB file.
"""

from __future__ import annotations

import logging
import socket
from datetime import datetime, time, timezone
from pathlib import Path

import pytest
from webhook_receiver import WebhookReceiver

from flows.alerts import (Alert, Delivery, before_after, build_alert, build_digest, deliver, headline, notify_run,
                          quiet_until, run_link, select_changes, shorten_pair)
from foundation.errors import ConfigError
from foundation.settings import AlertLevel, AlertSubscription, load_settings
from govuk.client import user_agent
from warehouse import alert_queue
from warehouse.store import connect

CONTACT = "alerts-test@example.org"
AGENT = user_agent(CONTACT)
FLOW_RUN = "0b5e0000-0000-4000-8000-000000000001"
PREFECT_LINK = f"http://127.0.0.1:4200/runs/flow-run/{FLOW_RUN}"
UI = "https://prefect.example.org"
OUR_LINK = f"{UI}/runs/flow-run/{FLOW_RUN}"
NIGHT = datetime(2026, 12, 2, 3, 0, tzinfo=timezone.utc)  # 03:00 in London (GMT in December)
MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)

RECOSTED = {
    "base_path": "/government/news/capital-funding-for-send-places", "title": "Capital funding for SEND places",
    "kind": "modified", "significance": "major", "silent": True, "summary": "re-costed: £740m → £700m",
    "old": {"text": "We will invest £740 million in new specialist places.", "programmes": ["High needs capital"]},
    "new": {"text": "We will invest £700 million in new specialist places.", "programmes": ["High needs capital"]},
    "profiles": ["dfe-send-taxon"],
}
WITHDRAWN = {
    "base_path": "/government/news/ehcp-timeliness-review", "title": "EHCP timeliness review", "kind": "withdrawn",
    "significance": "major", "silent": False, "summary": "withdrawn: superseded by the SEND white paper",
    "old": {"text": "live", "status": "live"}, "new": {"text": "superseded by the SEND white paper"},
    "profiles": ["phrase-ehcp"],
}
REWORDED = {
    "base_path": "/government/speeches/minister-on-send", "title": "Minister on SEND", "kind": "quote_changed",
    "significance": "minor", "silent": False, "summary": "quote by Minister reworded: Families deserve better",
    "old": {"text": "Families deserve better."}, "new": {"text": "Families deserve much better."},
    "profiles": ["phrase-special-educational-needs"],
}
SUMMARY = {"run_id": 4, "source": "live", "fetched": 12, "new_documents": 1, "new_versions": 3,
           "flagged_changes": 3, "errors": 0, "flagged": [RECOSTED, WITHDRAWN, REWORDED]}

PROFILES = "\n".join(f"[[profiles]]\nname = '{n}'\nq = '{n}'\n" for n in
                     ("dfe-send-taxon", "phrase-ehcp", "phrase-special-educational-needs"))


def sub(**kw) -> AlertSubscription:
    return AlertSubscription(name=kw.pop("name", "s"), url=kw.pop("url", "json://127.0.0.1:1/x"), **kw)


def titles(changes) -> list[str]:
    return [c["title"] for c in changes]


def settings_for(tmp_path: Path, alerts: str, *, env: dict[str, str] | None = None, monitor: str = ""):
    path = tmp_path / "send-monitor.toml"
    path.write_text(f"[monitor]\ndb = 'w.duckdb'\ncontact = '{CONTACT}'\n{monitor}\n{PROFILES}\n{alerts}\n")
    return load_settings(path, env=env or {})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_each_filter_narrows_what_a_subscription_hears_of():
    flagged = SUMMARY["flagged"]
    assert titles(select_changes(flagged, sub())) == ["Capital funding for SEND places", "EHCP timeliness review"]
    assert titles(select_changes(flagged, sub(min_significance=AlertLevel.MINOR))) == [
        "Capital funding for SEND places", "EHCP timeliness review", "Minister on SEND"]
    assert titles(select_changes(flagged, sub(profiles=("phrase-ehcp",)))) == ["EHCP timeliness review"]
    assert titles(select_changes(flagged, sub(programmes=("high NEEDS  capital",)))) == [
        "Capital funding for SEND places"]
    # Keywords read the title, the summary and both sentences, ignoring case.
    assert titles(select_changes(flagged, sub(keywords=("white paper",)))) == ["EHCP timeliness review"]
    assert titles(select_changes(flagged, sub(keywords=("SPECIALIST",)))) == ["Capital funding for SEND places"]
    assert titles(select_changes(flagged, sub(keywords=("much better",), min_significance=AlertLevel.MINOR))) == [
        "Minister on SEND"]
    # Filters combine: every one set must match.
    assert select_changes(flagged, sub(profiles=("phrase-ehcp",), keywords=("specialist",))) == []
    # A change that does not say which profiles found it matches no profile filter.
    anonymous = {k: v for k, v in RECOSTED.items() if k != "profiles"}
    assert select_changes([anonymous], sub(profiles=("dfe-send-taxon",))) == []


def test_minor_changes_come_after_major_ones():
    assert titles(select_changes([REWORDED, RECOSTED], sub(min_significance=AlertLevel.MINOR))) == [
        "Capital funding for SEND places", "Minister on SEND"]


def test_headline_says_the_kind_once():
    assert headline(WITHDRAWN) == "withdrawn: superseded by the SEND white paper"
    assert headline(RECOSTED) == "modified: re-costed: £740m → £700m"
    assert headline(REWORDED) == "quote by Minister reworded: Families deserve better"
    assert headline({"kind": "title_changed", "summary": "title: 'a' → 'b'"}) == "title: 'a' → 'b'"
    assert headline({"kind": "added", "summary": "new commitment: x"}) == "new commitment: x"
    assert headline({"kind": "removed", "summary": "dropped commitment: x"}) == "dropped commitment: x"
    assert headline({"kind": "gone", "summary": "unpublished (see /x)"}) == "unpublished (see /x)"
    assert headline({"kind": "vanished", "summary": ""}) == "vanished"


def test_changes_on_one_page_share_its_title_and_link():
    dated = {**RECOSTED, "silent": False, "summary": "re-dated: 2026 → 2027",
             "old": {"text": "Places open in 2026."}, "new": {"text": "Places open in 2027."}}
    added = {**RECOSTED, "kind": "added", "summary": "new commitment: Councils will bid.", "old": None,
             "new": {"text": "Councils will bid."}}
    assert build_alert(SUMMARY, [dated, added]).body == (
        "Capital funding for SEND places\n"
        "https://www.gov.uk/government/news/capital-funding-for-send-places\n"
        "MAJOR modified: re-dated: 2026 → 2027\n"
        "  was: Places open in 2026.\n"
        "  now: Places open in 2027.\n"
        "MAJOR new commitment: Councils will bid.\n"
        "  now: Councils will bid.\n\n"
        "fetched 12, new documents 1, new versions 3, flagged changes 3, errors 0")


def test_long_sentences_are_cut_around_where_they_differ():
    lead = "The Department for Education confirms that, following the consultation on the SEND and AP plan, "
    old, new = lead + "£740 million will fund new places by 2027.", lead + "£700 million will fund new places by 2028."
    assert shorten_pair(old, new, limit=60) == (
        "…SEND and AP plan, £740 million will fund new places by 2027.",
        "…SEND and AP plan, £700 million will fund new places by 2028.")
    assert shorten_pair("short", "also short") == ("short", "also short")
    assert shorten_pair(None, "x " * 200, limit=20) == (None, "x x x x x x x x x x…")
    assert before_after({"old": {"text": "same"}, "new": {"text": " same "}}) == (None, None)
    assert before_after({"new": {"text": "A new commitment."}}) == (None, "A new commitment.")


def test_the_alert_carries_before_and_after_text_and_counts_the_rest():
    many = [{**RECOSTED, "base_path": f"/p/{i}", "title": f"Page {i}"} for i in range(7)]
    alert = build_alert({**SUMMARY, "flagged": many}, many, link=OUR_LINK, top=2)
    assert alert == Alert(
        title="SEND monitor: 7 major changes on 7 pages (run 4)",
        body=("Page 0 (silent edit: no change note, so GOV.UK sent no email)\n"
              "https://www.gov.uk/p/0\n"
              "MAJOR modified: re-costed: £740m → £700m\n"
              "  was: We will invest £740 million in new specialist places.\n"
              "  now: We will invest £700 million in new specialist places.\n\n"
              "Page 1 (silent edit: no change note, so GOV.UK sent no email)\n"
              "https://www.gov.uk/p/1\n"
              "MAJOR modified: re-costed: £740m → £700m\n"
              "  was: We will invest £740 million in new specialist places.\n"
              "  now: We will invest £700 million in new specialist places.\n\n"
              "…and 5 more changes: see the run (send-monitor changes lists them all).\n\n"
              f"Run: {OUR_LINK}\n"
              "fetched 12, new documents 1, new versions 3, flagged changes 3, errors 0"),
        failed=False)
    assert build_alert(SUMMARY, []) is None


def test_page_text_cannot_forge_lines_or_drive_a_terminal():
    hostile = {**RECOSTED, "title": "Title\nRun: https://evil.example", "summary": "a\u202eb",
               "old": {"text": "<b>bold</b> &amp;\r\nnow: forged"}, "new": {"text": "[link](https://evil.example)"}}
    body = build_alert(SUMMARY, [hostile]).body
    assert body.splitlines()[:5] == [
        "Title Run: https://evil.example (silent edit: no change note, so GOV.UK sent no email)",
        "https://www.gov.uk/government/news/capital-funding-for-send-places",
        "MAJOR modified: a\\u202eb",
        "  was: <b>bold</b> &amp; now: forged",
        "  now: [link](https://evil.example)",
    ]


def test_a_failed_run_alert_says_so_with_its_error():
    assert build_alert({"run_id": 9, "source": "live"}, [], link=None, failed=True, error="FetchError: boom\nat /x") \
        == Alert("SEND monitor run 9 FAILED", "SEND monitor run 9 failed (live).\nError: FetchError: boom at /x\n\n"
                 "fetched 0, new documents 0, new versions 0, flagged changes 0, errors 0", failed=True)


@pytest.mark.parametrize("now, until", [
    (datetime(2026, 12, 2, 3, 0, tzinfo=timezone.utc), datetime(2026, 12, 2, 7, 0, tzinfo=timezone.utc)),
    (datetime(2026, 12, 1, 22, 30, tzinfo=timezone.utc), datetime(2026, 12, 2, 7, 0, tzinfo=timezone.utc)),
    (datetime(2026, 12, 2, 7, 0, tzinfo=timezone.utc), None),
    (datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc), None),
    # British Summer Time: 02:30 UTC is 03:30 in London, and 07:00 there is 06:00 UTC.
    (datetime(2026, 7, 1, 2, 30, tzinfo=timezone.utc), datetime(2026, 7, 1, 6, 0, tzinfo=timezone.utc)),
    (datetime(2026, 7, 1, 21, 30, tzinfo=timezone.utc), datetime(2026, 7, 2, 6, 0, tzinfo=timezone.utc)),
    (datetime(2026, 7, 1, 20, 30, tzinfo=timezone.utc), None),
])
def test_quiet_hours_across_midnight_in_london(now, until):
    assert quiet_until(now, (time(22, 0), time(7, 0)), "Europe/London") == until


def test_quiet_hours_within_one_day_and_in_another_zone():
    lunch = (time(12, 0), time(13, 30))
    assert quiet_until(datetime(2026, 12, 2, 12, 15, tzinfo=timezone.utc), lunch, "UTC") == \
        datetime(2026, 12, 2, 13, 30, tzinfo=timezone.utc)
    assert quiet_until(datetime(2026, 12, 2, 13, 30, tzinfo=timezone.utc), lunch, "UTC") is None
    # 03:00 UTC is 22:00 the day before in New York: inside 21:00-06:00 there, ending at 11:00 UTC.
    assert quiet_until(NIGHT, (time(21, 0), time(6, 0)), "America/New_York") == \
        datetime(2026, 12, 2, 11, 0, tzinfo=timezone.utc)
    assert quiet_until(NIGHT, None, "Europe/London") is None


def test_run_links_use_the_configured_ui_url():
    assert run_link(PREFECT_LINK, ui_url=UI) == OUR_LINK
    assert run_link(f"http://127.0.0.1:4200/flow-runs/flow-run/{FLOW_RUN}", ui_url=UI + "/") == OUR_LINK
    assert run_link(None, ui_url=UI, flow_run_id=FLOW_RUN) == OUR_LINK
    assert run_link(PREFECT_LINK, ui_url=None) == PREFECT_LINK
    assert run_link(None, ui_url=UI) is None


def test_deliver_posts_apprise_json_with_our_user_agent():
    alert = Alert("SEND monitor: 1 major change on 1 page (run 4)", "line one\nline two")
    with WebhookReceiver() as hook:
        assert deliver(hook.apprise_url, alert, agent=AGENT) is True
        posts = hook.posts
    assert posts == [{"path": "/hooks/forum-secret", "content_type": "application/json", "user_agent": AGENT,
                      "json": {"version": "1.0", "title": alert.title, "message": "line one\nline two",
                               "attachments": [], "type": "info"}}]


def test_notify_run_sends_each_subscription_what_it_asked_for_with_the_ui_link(tmp_path):
    with WebhookReceiver() as team, WebhookReceiver() as forum, WebhookReceiver() as slack:
        settings = settings_for(tmp_path, f"""
[[alerts]]
name = "team"
url = "{team.apprise_url}"
min_significance = "minor"
[[alerts]]
name = "forum"
url_env = "FORUM_URL"
keywords = ["EHCP"]
""", env={"FORUM_URL": forum.apprise_url, "SEND_MONITOR_WEBHOOK_URL": slack.url, "PREFECT_UI_URL": UI})
        done = notify_run(settings, SUMMARY, flow_run_url=PREFECT_LINK, now=MORNING)
        got = {"team": team.posts, "forum": forum.posts, "slack": slack.posts}
    assert done == (Delivery("webhook_url", "sent"), Delivery("team", "sent"), Delivery("forum", "sent"))
    assert {name: [p["user_agent"] for p in posts] for name, posts in got.items()} == {
        "team": [AGENT], "forum": [AGENT], "slack": [AGENT]}
    team_alert = build_alert(SUMMARY, [RECOSTED, WITHDRAWN, REWORDED], link=OUR_LINK)
    assert [p["json"]["title"] for p in got["team"]] == ["SEND monitor: 3 changes on 3 pages (run 4)"]
    assert got["team"][0]["json"]["message"] == team_alert.body
    assert got["forum"][0]["json"]["message"] == (
        "EHCP timeliness review\n"
        "https://www.gov.uk/government/news/ehcp-timeliness-review\n"
        "MAJOR withdrawn: superseded by the SEND white paper\n"
        "  was: live\n"
        "  now: superseded by the SEND white paper\n\n"
        f"Run: {OUR_LINK}\n"
        "fetched 12, new documents 1, new versions 3, flagged changes 3, errors 0")
    slack_blocks = got["slack"][0]["json"]["blocks"]
    assert slack_blocks[-1] == {"type": "context", "elements": [
        {"type": "mrkdwn", "text": f"<{OUR_LINK}|Open the run in Prefect>"}]}


def test_a_subscription_with_nothing_to_hear_gets_nothing(tmp_path):
    with WebhookReceiver() as forum:
        settings = settings_for(tmp_path, f'[[alerts]]\nname = "forum"\nurl = "{forum.apprise_url}"\n'
                                          'keywords = ["tribunal"]\nfailures = false\n')
        assert notify_run(settings, SUMMARY, now=MORNING) == (Delivery("forum", "nothing"),)
        assert notify_run(settings, {"run_id": 5, "source": "live"}, failed=True, error="boom", now=MORNING) == (
            Delivery("forum", "nothing"),)
        assert forum.posts == []


def test_quiet_hours_queue_alerts_and_failures_then_one_digest_failures_first(tmp_path):
    with WebhookReceiver() as forum:
        settings = settings_for(tmp_path, f'[[alerts]]\nname = "forum"\nurl = "{forum.apprise_url}"\n'
                                          'quiet_hours = "22:00-07:00"\ntimezone = "Europe/London"\n')
        early = datetime(2026, 12, 2, 2, 0, tzinfo=timezone.utc)
        assert notify_run(settings, {"run_id": 3, "source": "live"}, failed=True, error="FetchError: 503",
                          now=early) == (Delivery("forum", "queued"),)
        assert notify_run(settings, SUMMARY, flow_run_url=PREFECT_LINK, now=NIGHT) == (Delivery("forum", "queued"),)
        assert forum.posts == []
        with connect(settings.db) as conn:
            held = alert_queue.due(conn, "forum", MORNING)
            assert alert_queue.due(conn, "forum", NIGHT) == []  # not before the quiet hours end
        assert [(e.run_id, e.failed, e.title, e.due_at) for e in held] == [
            (3, True, "SEND monitor run 3 FAILED", datetime(2026, 12, 2, 7, 0, tzinfo=timezone.utc)),
            (4, False, "SEND monitor: 2 major changes on 2 pages (run 4)",
             datetime(2026, 12, 2, 7, 0, tzinfo=timezone.utc))]
        morning = {**SUMMARY, "run_id": 5, "flagged": [WITHDRAWN]}
        assert notify_run(settings, morning, now=MORNING) == (Delivery("forum", "sent", digest=2),)
        # The next run has no digest to send: the held alerts went once.
        assert notify_run(settings, {**morning, "run_id": 6}, now=MORNING) == (Delivery("forum", "sent"),)
        posts = [p["json"] for p in forum.posts]
    assert [(p["title"], p["type"]) for p in posts] == [
        ("SEND monitor digest: 2 alerts held during quiet hours (1 failed run)", "failure"),
        ("SEND monitor: 1 major change on 1 page (run 5)", "info"),
        ("SEND monitor: 1 major change on 1 page (run 6)", "info")]
    digest = posts[0]["message"]
    assert digest.startswith("Held during quiet hours (22:00-07:00 Europe/London): 2 alerts.\n"
                             "1 run FAILED: run 3 at 02:00.\n\n"
                             "[Wed 02 Dec 02:00] SEND monitor run 3 FAILED\n"
                             "SEND monitor run 3 failed (live).\nError: FetchError: 503\n")
    assert "[Wed 02 Dec 03:00] SEND monitor: 2 major changes on 2 pages (run 4)\n" in digest
    assert "  was: We will invest £740 million in new specialist places.\n" in digest


def test_a_digest_the_channel_refused_is_kept_for_the_next_run(tmp_path):
    db = tmp_path / "w.duckdb"
    with connect(db) as conn:
        alert_queue.enqueue(conn, "forum", run_id=4, failed=False, title="t", body="b", queued_at=NIGHT,
                            due_at=datetime(2026, 12, 2, 7, 0, tzinfo=timezone.utc))
    with WebhookReceiver(status=500) as down:
        settings = settings_for(tmp_path, f'[[alerts]]\nname = "forum"\nurl = "{down.apprise_url}"\n'
                                          'quiet_hours = "22:00-07:00"\n')
        assert notify_run(settings, {**SUMMARY, "flagged": []}, now=MORNING) == (Delivery("forum", "failed"),)
        assert len(down.posts) == 1
    with connect(db) as conn:
        assert [e.title for e in alert_queue.due(conn, "forum", MORNING)] == ["t"]


def test_a_dead_channel_is_a_warning_and_the_others_still_hear(tmp_path, caplog):
    dead = f"json://127.0.0.1:{free_port()}/hooks/dead-secret"
    with WebhookReceiver() as forum:
        settings = settings_for(tmp_path, f'[[alerts]]\nname = "dead"\nurl = "{dead}"\n'
                                          f'[[alerts]]\nname = "forum"\nurl = "{forum.apprise_url}"\n')
        logger = logging.getLogger("alerts-test")
        with caplog.at_level(logging.WARNING):
            done = notify_run(settings, SUMMARY, now=MORNING, logger=logger)
        assert len(forum.posts) == 1
    assert done == (Delivery("dead", "failed"), Delivery("forum", "sent"))
    ours = [r.getMessage() for r in caplog.records if r.name == "alerts-test"]
    assert ours == ["Alert channel dead (json://…) did not take the alert"]
    assert not any("dead-secret" in r.getMessage() for r in caplog.records)


def test_alerts_without_a_reachable_warehouse_are_sent_not_lost(tmp_path):
    with WebhookReceiver() as forum:
        settings = settings_for(tmp_path, f'[[alerts]]\nname = "forum"\nurl = "{forum.apprise_url}"\n'
                                          'quiet_hours = "22:00-07:00"\n')
        (tmp_path / "w.duckdb").write_text("not a warehouse")
        assert notify_run(settings, SUMMARY, now=NIGHT) == (Delivery("forum", "sent"),)
        assert [p["json"]["title"] for p in forum.posts] == ["SEND monitor: 2 major changes on 2 pages (run 4)"]


def test_build_digest_is_none_for_an_empty_queue():
    assert build_digest([], tz="Europe/London") is None


def test_settings_read_subscriptions_and_the_ui_url(tmp_path):
    settings = settings_for(tmp_path, """
[[alerts]]
name = "forum"
url_env = "FORUM_URL"
profiles = ["phrase-ehcp"]
programmes = "Safety Valve"
keywords = ["EHCP", "tribunal"]
min_significance = "minor"
quiet_hours = "21:30-08:00"
timezone = "Europe/London"
failures = false
[[alerts]]
url = "ntfys://ntfy.sh/send-topic"
""", env={"FORUM_URL": "mailtos://user:pw@smtp.example.org?to=forum@example.org",
          "SEND_MONITOR_UI_URL": "https://ui.example.org/"}, monitor="ui_url = 'https://file.example.org'")
    assert settings.alerts == (
        AlertSubscription(name="forum", url="mailtos://user:pw@smtp.example.org?to=forum@example.org",
                          profiles=("phrase-ehcp",), programmes=("Safety Valve",), keywords=("EHCP", "tribunal"),
                          min_significance=AlertLevel.MINOR, quiet_hours=(time(21, 30), time(8, 0)),
                          timezone="Europe/London", failures=False),
        AlertSubscription(name="alerts-2", url="ntfys://ntfy.sh/send-topic"))
    assert settings.ui_url == "https://ui.example.org"
    assert "pw@" not in repr(settings)  # the channel's secret never appears when settings are printed
    assert settings_for(tmp_path, "", monitor="ui_url = 'https://file.example.org'",
                        env={"PREFECT_UI_URL": "http://p:4200"}).ui_url == "https://file.example.org"
    assert settings_for(tmp_path, "", env={"PREFECT_UI_URL": "http://p:4200/"}).ui_url == "http://p:4200"
    assert settings_for(tmp_path, "").ui_url is None


@pytest.mark.parametrize("alerts, env, message", [
    ("[[alerts]]\nname = 'a'\n", {}, r"^config file .*: alerts\[0\] \(a\) needs exactly one of url or url_env"),
    ("[[alerts]]\nurl_env = 'MISSING'\n", {}, r"alerts\[0\] \(alerts-1\)\.url_env: environment variable MISSING is not set$"),
    ("[[alerts]]\nurl = 'nonsense://secret-token'\n", {}, r"alerts\[0\] \(alerts-1\)\.url is not a URL Apprise can send to \(scheme 'nonsense'\)"),
    ("[[alerts]]\nurl = 'https://example.org/secret-token'\n", {}, r"\.url is not a URL Apprise can send to \(scheme 'https'\)"),
    ("[[alerts]]\nurl_env = 'U'\n", {"U": "discord://secret-token"}, r"\.url_env \(U\) is not a URL Apprise can send to"),
    ("[[alerts]]\nurl = 'json://h/x'\nprofiles = ['nope']\n", {}, r"\.profiles: unknown profile\(s\) \['nope'\]"),
    ("[[alerts]]\nurl = 'json://h/x'\nmin_significance = 'cosmetic'\n", {}, r"\.min_significance must be \"major\" or \"minor\""),
    ("[[alerts]]\nurl = 'json://h/x'\nquiet_hours = '22-7'\n", {}, r"\.quiet_hours must be two different times"),
    ("[[alerts]]\nurl = 'json://h/x'\nquiet_hours = '07:00-07:00'\n", {}, r"\.quiet_hours must be"),
    ("[[alerts]]\nurl = 'json://h/x'\nquiet_hours = '22:00-07:00'\ntimezone = 'Mars/Olympus'\n", {},
     r"\.timezone must be an IANA time zone"),
    ("[[alerts]]\nurl = 'json://h/x'\nkeywords = ['']\n", {}, r"\.keywords must be a string or a list of non-empty"),
    ("[[alerts]]\nurl = 'json://h/x'\nfailures = 'no'\n", {}, r"\.failures must be true or false"),
    ("[[alerts]]\nurl = 'json://h/x'\nquiet = '22:00-07:00'\n", {}, r"alerts\[0\]: unknown keys \['quiet'\]"),
    ("[[alerts]]\nname = 'a'\nurl = 'json://h/x'\n[[alerts]]\nname = 'a'\nurl = 'json://h/y'\n", {},
     r"alerts names must be unique"),
])
def test_bad_subscriptions_fail_loudly_naming_the_key_and_never_the_secret(tmp_path, alerts, env, message):
    with pytest.raises(ConfigError, match=message) as info:
        settings_for(tmp_path, alerts, env=env)
    assert "secret-token" not in str(info.value) and "\n" not in str(info.value)


def test_a_bad_ui_url_fails_loudly(tmp_path):
    with pytest.raises(ConfigError, match=r"^ui_url must be the http\(s\) address of the Prefect UI"):
        settings_for(tmp_path, "", env={"SEND_MONITOR_UI_URL": "prefect.example.org"})


def test_inside_a_flow_run_the_link_is_built_on_ui_url_from_the_run_id(tmp_path, prefect_harness):
    from prefect import flow, runtime

    with WebhookReceiver() as forum:
        settings = settings_for(tmp_path, f'[[alerts]]\nname = "forum"\nurl = "{forum.apprise_url}"\n',
                                monitor=f"ui_url = '{UI}'")

        @flow
        def alerting() -> tuple[str, tuple[Delivery, ...]]:
            # As flows/monitor.py calls it: with whatever link Prefect reports.
            return str(runtime.flow_run.id), notify_run(settings, SUMMARY, flow_run_url=runtime.flow_run.ui_url)

        run_id, done = alerting()
        posts = forum.posts
    assert done == (Delivery("forum", "sent"),)
    assert posts[0]["json"]["message"].endswith(
        f"\n\nRun: {UI}/runs/flow-run/{run_id}\n"
        "fetched 12, new documents 1, new versions 3, flagged changes 3, errors 0")
