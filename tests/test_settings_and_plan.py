"""Configuration read at one boundary, and the pure choice of what to fetch."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from foundation.errors import ConfigError
from foundation.settings import DEFAULT_CONFIG, Settings, load_settings
from govuk.discovery import SearchHit
from warehouse.plan import (FrontierIndex, KnownDocument, PlannedFetch, cap_first_run, high_water_marks, plan_fetches,
                            profile_plan, recheck_priority, usable_mark)

NOW = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)


def test_default_config_has_the_taxon_and_phrase_profiles_and_live_gov_uk():
    s = load_settings(DEFAULT_CONFIG, env={})
    assert [p.name for p in s.profiles] == [
        "dfe-send-taxon", "phrase-special-educational-needs", "phrase-ehcp", "phrase-high-needs",
        "phrase-alternative-provision"]
    assert s.base_url == "https://www.gov.uk" and s.source == "live"
    assert s.requests_per_second == 5.0 and s.max_response_bytes == 5_000_000
    assert s.recheck_after_days == 7 and s.db.name == "send-monitor.duckdb"
    params = s.profiles[0].search_params("send-taxon-id")
    assert ("filter_part_of_taxonomy_tree", "send-taxon-id") in params
    assert ("filter_organisations", "department-for-education") in params
    assert ("order", "-public_timestamp") in params
    # search-api reads unquoted words as any-term: every multi-word q goes out as one phrase.
    assert [v for k, v in s.profiles[1].search_params() if k == "q"] == ['"special educational needs"']
    assert (s.first_run_max_pages, s.rate_limit_pause_seconds, s.rate_limit_max_pauses) == (1000, 60, 3)
    assert s.contact == "https://github.com/send-monitor/send-monitor/issues"


def test_every_profile_is_filtered_to_the_document_types_we_parse():
    s = load_settings(DEFAULT_CONFIG, env={})
    for profile in s.profiles:
        types = [v for k, v in profile.search_params("taxon-id") if k == "filter_content_store_document_type"]
        assert types == list(s.document_types), profile.name
    assert "press_release" in s.document_types and "case_study" not in s.document_types


def test_a_profile_that_filters_document_types_itself_keeps_its_own(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[[profiles]]\nname='a'\nq='x y'\nfilters = { content_store_document_type = ['speech'] }\n")
    params = load_settings(path, env={}).profiles[0].search_params()
    assert [v for k, v in params if k == "filter_content_store_document_type"] == ["speech"]


def test_a_q_with_its_own_quotes_is_sent_as_written(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[[profiles]]\nname='a'\nq='\"high needs\" funding'\n")
    assert ("q", '"high needs" funding') in load_settings(path, env={}).profiles[0].search_params()


def test_contact_comes_from_config_or_environment_and_must_be_header_safe(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[monitor]\ncontact = 'data-team@example.org'\n[[profiles]]\nname='a'\nq='x'\n")
    assert load_settings(path, env={}).contact == "data-team@example.org"
    assert load_settings(path, env={"SEND_MONITOR_CONTACT": "https://example.org/c"}).contact == "https://example.org/c"
    for bad in ("two words", "x\r\nX-Injected: 1", "é@example.org", "x" * 201):
        with pytest.raises(ConfigError, match="contact must be"):
            load_settings(path, env={"SEND_MONITOR_CONTACT": bad})


def test_environment_overrides_config_and_arguments_override_environment(tmp_path):
    env = {"SEND_MONITOR_DB": str(tmp_path / "x.duckdb"), "SEND_MONITOR_BASE_URL": "http://127.0.0.1:9999",
           "SEND_MONITOR_REQUESTS_PER_SECOND": "2", "SEND_MONITOR_WEBHOOK_URL": "http://127.0.0.1:1/hook"}
    s = load_settings(DEFAULT_CONFIG, env=env)
    assert (s.db, s.base_url, s.requests_per_second, s.webhook_url, s.source) == (
        tmp_path / "x.duckdb", "http://127.0.0.1:9999", 2.0, "http://127.0.0.1:1/hook", "replay")
    assert load_settings(DEFAULT_CONFIG, env=env, db=str(tmp_path / "y.duckdb")).db == tmp_path / "y.duckdb"


@pytest.mark.parametrize("text, message", [
    ("[monitor]\nrequests_per_second = 50\n[[profiles]]\nname='a'\nq='x'\n", "at most 10"),
    ("[monitor]\nbogus = 1\n[[profiles]]\nname='a'\nq='x'\n", "unknown keys"),
    ("[monitor]\n[[profiles]]\nname='a'\nq='x'\n[monitr]\ndb = 'x.duckdb'\n", "unknown table or key \\['monitr'\\]"),
    ("db = 'top.duckdb'\n[[profiles]]\nname='a'\nq='x'\n", "unknown table or key \\['db'\\]"),
    ("[[profile]]\nname='a'\nq='x'\n", "unknown table or key \\['profile'\\]"),
    ("profiles = []\n", "defines no \\[\\[profiles\\]\\]"),
    ("[[profiles]]\nname='a'\n", "needs at least one of"),
    ("[[profiles]]\nname='a'\nq='x'\n[[profiles]]\nname='a'\nq='y'\n", "unique"),
    ("not toml = = 1", "not valid TOML"),
    ("[monitor]\nallowed_hosts = 'www.gov.uk'\n[[profiles]]\nname='a'\nq='x'\n", "allowed_hosts must be a list"),
    ("[monitor]\nrecheck_limit = 'ten'\n[[profiles]]\nname='a'\nq='x'\n", "recheck_limit must be a int"),
    ("[monitor]\nallowed_hosts = ['www.gov.uk:8443']\n[[profiles]]\nname='a'\nq='x'\n", "allowed_hosts must be a list"),
    ("[monitor]\nallowed_hosts = ['http://www.gov.uk']\n[[profiles]]\nname='a'\nq='x'\n", "allowed_hosts must be a list"),
    ("[monitor]\nbase_url = 'https://u@www.gov.uk'\n[[profiles]]\nname='a'\nq='x'\n", "user information"),
    ("[monitor]\nfirst_run_max_pages = -1\n[[profiles]]\nname='a'\nq='x'\n", "must not be negative"),
    ("[monitor]\nrate_limit_max_pauses = 'three'\n[[profiles]]\nname='a'\nq='x'\n", "rate_limit_max_pauses must be a int"),
    ("[monitor]\nfetch_concurrency = 0\n[[profiles]]\nname='a'\nq='x'\n", "fetch_concurrency must be between 1 and 16"),
    ("[monitor]\nfetch_concurrency = 2.5\n[[profiles]]\nname='a'\nq='x'\n", "fetch_concurrency must be a int"),
    ("[monitor]\ndocument_types = ['Press Release']\n[[profiles]]\nname='a'\nq='x'\n", "document_types must be"),
])
def test_bad_config_fails_loudly_with_the_file_and_problem(tmp_path, text, message):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(path, env={})


def test_a_value_out_of_range_names_where_the_settings_came_from(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[monitor]\nrequests_per_second = 0\n")
    with pytest.raises(ConfigError, match=rf"must be above 0, .* \(settings from {re.escape(str(path))}\)$"):
        load_settings(path, env={})
    path.write_text("[monitor]\n")
    with pytest.raises(ConfigError, match=r"^contact must be .* \(settings from .*c\.toml, SEND_MONITOR_CONTACT\)$"):
        load_settings(path, env={"SEND_MONITOR_CONTACT": "a b"})
    with pytest.raises(ConfigError, match=r"\(settings from .*c\.toml, the command line or flow parameters\)$"):
        load_settings(path, env={}, fetch_concurrency=99)


def test_a_config_without_profiles_watches_the_default_ones(tmp_path):
    # "Every key is optional": a file that only moves the warehouse keeps the five shipped profiles.
    path = tmp_path / "c.toml"
    path.write_text("[monitor]\ndb = 'mine.duckdb'\n")
    settings = load_settings(path, env={})
    assert settings.db == (tmp_path / "mine.duckdb").resolve()
    assert settings.profiles == load_settings(DEFAULT_CONFIG, env={}).profiles and len(settings.profiles) == 5


def test_a_config_that_is_a_folder_or_not_text_is_named_with_its_problem(tmp_path):
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe[monitor]\n")
    with pytest.raises(ConfigError, match=rf"config file {re.escape(str(binary))} is not UTF-8 text"):
        load_settings(binary, env={})
    with pytest.raises(ConfigError, match=rf"config file {re.escape(str(tmp_path))} is a folder, not a file"):
        load_settings(tmp_path, env={})


def test_the_config_in_the_current_folder_is_the_default_before_the_shipped_one(tmp_path, monkeypatch):
    # `cd myproject && send-monitor run` reads myproject/send-monitor.toml, as --help says.
    (tmp_path / "send-monitor.toml").write_text("[monitor]\ndb = 'here.duckdb'\n")
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={}).config_path == (tmp_path / "send-monitor.toml").resolve()
    assert load_settings(env={"SEND_MONITOR_CONFIG": str(DEFAULT_CONFIG)}).config_path == DEFAULT_CONFIG.resolve()
    monkeypatch.chdir(tmp_path.parent)
    assert load_settings(env={}).config_path == DEFAULT_CONFIG.resolve()


def known(cid: str, checked_days_ago: float, updated: str = "2024-01-01T00:00:00+00:00") -> KnownDocument:
    return KnownDocument(cid, f"/p/{cid}", datetime.fromisoformat(updated), NOW - timedelta(days=checked_days_ago), "live")


def test_plan_fetches_new_updated_and_stale_pages_once_each():
    hits = [
        SearchHit("new", "/p/new", "2025-01-01T00:00:00Z", "New", "a"),
        SearchHit("new", "/p/new", "2025-01-01T00:00:00Z", "New", "b"),
        SearchHit("upd", "/p/upd", "2025-02-01T00:00:00+00:00", "Updated", "a"),
        SearchHit("same", "/p/same", "2024-01-01T00:00:00+00:00", "Same", "a"),
    ]
    docs = {d.content_id: d for d in (known("upd", 1), known("same", 1), known("old1", 30), known("old2", 8), known("fresh", 2))}
    plan = plan_fetches(hits, docs, now=NOW, recheck_after=timedelta(days=7), recheck_limit=1)
    assert [(p.content_id, p.reason, p.profiles) for p in plan] == [
        ("new", "new", ("a", "b")), ("upd", "updated", ("a",)), ("old1", "recheck", ())]


def test_rechecks_go_first_to_recent_pages_and_old_ones_are_never_starved():
    week = timedelta(days=7)
    docs = {d.content_id: d for d in (
        known("recent", 8, "2026-11-01T00:00:00+00:00"),     # changed last month, a week unchecked
        known("old", 8, "2022-01-01T00:00:00+00:00"),        # four years untouched, a week unchecked
        known("old-long", 200, "2022-01-01T00:00:00+00:00"),  # untouched, but unchecked for months
        known("fresh", 2, "2026-11-20T00:00:00+00:00"),      # checked two days ago: not due
    )}
    plan = plan_fetches([], docs, now=NOW, recheck_after=week, recheck_limit=2)
    assert [p.content_id for p in plan] == ["old-long", "recent"]
    # Old pages earn a longer interval, at most twelve times as long.
    assert recheck_priority(docs["recent"], now=NOW, recheck_after=week) == pytest.approx(8 / 7)
    assert recheck_priority(docs["old"], now=NOW, recheck_after=week) == pytest.approx(8 / (7 * 12))


def test_known_pages_search_lists_as_withdrawn_are_fetched_once_outside_the_recheck_limit():
    docs = {d.content_id: d for d in (known("w", 1), known("done", 1), known("other", 1))}
    docs["done"] = KnownDocument("done", "/p/done", NOW, NOW, "withdrawn")
    withdrawn = [SearchHit("w", "/p/w", None, "W", "a"), SearchHit("w", "/p/w", None, "W", "b"),
                 SearchHit("done", "/p/done", None, "Done", "a"), SearchHit("unknown", "/p/u", None, "U", "a")]
    plan = plan_fetches([], docs, now=NOW, recheck_after=timedelta(days=7), recheck_limit=0, withdrawn=withdrawn)
    assert [(p.content_id, p.reason, p.profiles) for p in plan] == [("w", "withdrawn", ("a", "b"))]


def _new(path: str, day: int, *profiles: str) -> PlannedFetch:
    return PlannedFetch(path, path, "new", profiles, published=f"2026-01-{day:02d}T00:00:00+00:00")


def test_the_first_run_cap_keeps_the_newest_new_pages_of_first_run_profiles_only():
    planned = [_new("/a1", 1, "first"), _new("/a5", 5, "first"), _new("/a3", 3, "first"),
               _new("/b2", 2, "first", "known"), _new("/k9", 9, "known"),
               PlannedFetch("/u", "u", "updated", ("first",)), PlannedFetch("/r", "r", "recheck")]
    kept, left = cap_first_run(planned, {"first"}, 1)
    assert [p.base_path for p in kept] == ["/a5", "/b2", "/k9", "/u", "/r"]
    assert [p.base_path for p in left] == ["/a3", "/a1"]  # newest first: backfill's order
    assert cap_first_run(planned, {"first"}, 3) == (planned, [])


def test_a_frontier_stops_above_the_newest_page_still_pending():
    hits = [SearchHit(None, f"/p{d}", f"2026-01-{d:02d}T00:00:00+00:00", None, "a") for d in (9, 7, 5, 3)]
    hits += [SearchHit(None, "/q9", "2026-01-09T00:00:00+00:00", None, "b")]
    day = lambda d: datetime(2026, 1, d, tzinfo=timezone.utc)  # noqa: E731
    index = FrontierIndex.of(hits)
    assert index.frontiers(set()) == {"a": day(3), "b": day(9)}
    assert index.frontiers({"/p5"}) == {"a": day(7), "b": day(9)}
    assert index.frontiers({"/p9", "/q9"}) == {}


def test_a_profiles_plan_counts_what_it_would_fetch_and_what_it_leaves():
    hits = [SearchHit(None, p, f"2026-01-{d:02d}T00:00:00+00:00", f"Title {d}", "first") for p, d in
            (("/a5", 5), ("/a3", 3), ("/a1", 1))]
    kept, left = [_new("/a5", 5, "first")], [_new("/a3", 3, "first"), _new("/a1", 1, "first")]
    summary = profile_plan("first", hits, in_search=10, first_run=True, chosen=kept, left=left)
    assert (summary.new, summary.updated, summary.sample, summary.left_for_backfill, summary.left_before) == (
        1, 0, ("Title 5",), 7 + 2, "2026-01-03T00:00:00+00:00")
    assert summary.oldest == summary.newest == "2026-01-05T00:00:00+00:00"


def test_d6_a_result_dated_in_the_future_never_moves_a_high_water_mark():
    hits = [
        SearchHit("far", "/p/far", "2099-01-01T00:00:00Z", "Typo'd date", "a"),
        SearchHit("soon", "/p/soon", (NOW + timedelta(minutes=2)).isoformat(), "Clock skew", "a"),
        SearchHit("ok", "/p/ok", "2026-11-20T09:00:00Z", "Real", "a"),
        SearchHit("only-future", "/p/only-future", "2099-01-01T00:00:00Z", "Alone", "b"),
    ]
    marks = high_water_marks(hits, set(), now=NOW)
    # A few minutes ahead is clock skew and counts; 2099 does not, and a profile with only that has no mark.
    assert marks == {"a": NOW + timedelta(minutes=2)}
    assert high_water_marks(hits, {"/p/ok"}, now=NOW) == {"a": datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
                                                          - timedelta(microseconds=1)}


def test_d6_a_future_result_is_still_fetched():
    hits = [SearchHit("far", "/p/far", "2099-01-01T00:00:00Z", "Typo'd date", "a")]
    plan = plan_fetches(hits, {}, now=NOW, recheck_after=timedelta(days=7), recheck_limit=0)
    assert [(p.content_id, p.reason) for p in plan] == [("far", "new")]


def test_d6_a_mark_already_in_the_future_is_not_trusted():
    assert usable_mark(datetime(2099, 1, 1, tzinfo=timezone.utc), now=NOW) is None
    assert usable_mark(NOW - timedelta(days=1), now=NOW) == NOW - timedelta(days=1)
    assert usable_mark(None, now=NOW) is None


def test_the_client_defaults_are_the_settings_defaults():
    from foundation.urls import allowed_origins
    from govuk.client import GovukClient

    s = load_settings(DEFAULT_CONFIG, env={})
    assert GovukClient().origins == allowed_origins(s.base_url, s.allowed_hosts) == allowed_origins(
        Settings().base_url, Settings().allowed_hosts)
