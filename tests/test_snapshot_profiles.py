"""The bundled snapshot and send-monitor.toml agree: expected.json's profiles are the configured
ones, and over real HTTP the replay shows the flood an unquoted keyword query causes."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter

import pytest
import requests

from foundation.settings import load_settings
from replay.server import ReplayServer

from conftest import REPO, SNAPSHOT

EXPECTED = json.loads((SNAPSHOT / "expected.json").read_text(encoding="utf-8"))
ROUND1 = EXPECTED["round-1"]


def _build_module():
    spec = importlib.util.spec_from_file_location("snapshot_build", SNAPSHOT / "build.py")
    module = importlib.util.module_from_spec(spec)
    before = sys.dont_write_bytecode
    try:
        spec.loader.exec_module(module)  # build.py keeps the data folder free of __pycache__ ...
    finally:
        sys.dont_write_bytecode = before  # ... which should not last for the rest of the test run
    return module


@pytest.fixture(scope="module")
def server():
    with ReplayServer(SNAPSHOT, round=1) as running:
        yield running


def found(server, params) -> set[str]:
    response = requests.get(server.base_url + "/api/search.json",
                            params=list(params) + [("count", "1500"), ("fields", "link")], timeout=10)
    assert response.status_code == 200, response.text
    return {r["link"] for r in response.json()["results"]}


def test_snapshot_profiles_are_the_configured_ones():
    build = _build_module()
    settings = load_settings(REPO / "send-monitor.toml")
    assert [p.name for p in settings.profiles] == list(build.PROFILES) == list(ROUND1["profiles"])
    assert tuple(settings.document_types) == build.DOCUMENT_TYPES
    taxon_id = ROUND1["send_taxon"]["content_id"]
    for profile in settings.profiles:
        sent = [(k, v) for k, v in profile.search_params(taxon_id) if k != "fields"]
        assert Counter(sent) == Counter(build.profile_params(profile.name)), profile.name


def test_snapshot_unquoted_keyword_query_floods_in_the_near_misses(server):
    build = _build_module()
    flood = found(server, build.unquoted_params())
    assert flood == set(ROUND1["unquoted_keyword_paths"])
    assert set(ROUND1["near_miss"]) <= flood and len(ROUND1["near_miss"]) >= 5
    quoted = found(server, [("q", '"special educational needs"')] + build.unquoted_params()[1:])
    assert quoted == set(ROUND1["profiles"]["phrase-special-educational-needs"])
    assert not quoted & set(ROUND1["near_miss"])


def test_snapshot_each_profile_over_http_finds_what_expected_json_lists(server):
    build = _build_module()
    union = set()
    for name, paths in ROUND1["profiles"].items():
        got = found(server, build.profile_params(name))
        assert got == set(paths), name
        union |= got
    assert union == set(ROUND1["announcement_paths"])
    assert not union & set(ROUND1["near_miss"] + ROUND1["distractors"])


def test_snapshot_high_needs_outside_dfe_is_found_by_no_profile(server):
    elsewhere = [p for p, d in ROUND1["documents"].items()
                 if "high needs" in d["phrases"] and "department-for-education" not in d["organisations"]]
    assert elsewhere and not set(elsewhere) & set(ROUND1["announcement_paths"])
    assert set(elsewhere) <= found(server, [("q", '"high needs"')])  # the phrase is there; the DfE filter drops it


def test_snapshot_round2_gone_and_redirect_items_have_null_content_ids(server):
    server.set_round(2)
    try:
        for path, change in EXPECTED["round-2"]["changes"].items():
            if not {"gone", "redirected"} & set(change["kind"]):
                continue
            response = requests.get(server.base_url + "/api/content" + path, allow_redirects=False, timeout=10)
            want = 410 if "gone" in change["kind"] else 200
            assert (response.status_code, response.json()["content_id"]) == (want, None), path
    finally:
        server.set_round(1)
