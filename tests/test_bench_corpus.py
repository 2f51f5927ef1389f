"""bench/corpus.py makes a snapshot the replay serves as it is, whose pages the profiles all find, and
whose round 2 changes exactly what its manifest says; bench/bench_run.py runs the real CLI over it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import requests

from bench.corpus import MAJOR_KINDS, Manifest, generate, load_templates
from replay.server import ReplayServer

from conftest import REPO

SIZE = 40


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "snapshot"
    manifest = generate(out, SIZE, seed=7)
    return out, manifest


@pytest.fixture(scope="module")
def templates():
    return load_templates()


def _profile_hits(server: ReplayServer, templates, params_extra=()) -> dict[str, set[str]]:
    """Every profile's results over HTTP, walked page by page as discovery does (small pages, so paging counts)."""
    found: dict[str, set[str]] = {}
    for name, params in templates.profile_params.items():
        links: set[str] = set()
        start = 0
        while True:
            response = requests.get(server.base_url + "/api/search.json", timeout=10, params=list(params) + list(
                params_extra) + [("count", "7"), ("start", str(start)), ("fields", "link")])
            assert response.status_code == 200, response.text
            page = response.json()
            links |= {r["link"] for r in page["results"]}
            start += 7
            if start >= page["total"]:
                break
        found[name] = links
    return found


def _content(server: ReplayServer, path: str) -> requests.Response:
    return requests.get(server.base_url + "/api/content" + path, timeout=10, allow_redirects=False)


def _pages(snapshot, round_no: int) -> dict[str, dict]:
    folder = snapshot / f"round-{round_no}" / "content"
    return {"/" + p.relative_to(folder).as_posix().removesuffix(".json"): json.loads(p.read_text(encoding="utf-8"))
            for p in folder.rglob("*.json")}


def test_generation_is_deterministic_and_pages_are_distinct(corpus, tmp_path):
    snapshot, manifest = corpus
    again = generate(tmp_path / "again", SIZE, seed=7)
    assert again.to_json() == manifest.to_json()
    for round_no in (1, 2):
        for path, item in _pages(snapshot, round_no).items():
            twin = tmp_path / "again" / f"round-{round_no}" / "content" / (path.lstrip("/") + ".json")
            assert json.loads(twin.read_text(encoding="utf-8")) == item, path
    pages = {p: i for p, i in _pages(snapshot, 1).items() if i["schema_name"] != "taxon"}
    assert len(pages) == SIZE == manifest.round_1_paths
    for key in ("content_id", "title", "public_updated_at"):
        assert len({i[key] for i in pages.values()}) == SIZE, key
    assert len({i["details"]["body"] for i in pages.values()}) == SIZE
    assert Manifest.read(snapshot / "manifest.json") == manifest


def test_replay_serves_round_1_and_the_profiles_find_every_page(corpus, templates):
    snapshot, manifest = corpus
    pages = sorted(p for p, i in _pages(snapshot, 1).items() if i["schema_name"] != "taxon")
    with ReplayServer(snapshot, round=1) as server:
        for path in pages[:5] + manifest.taxon_items:
            response = _content(server, path)
            assert response.status_code == 200 and response.json()["base_path"] == path
        found = _profile_hits(server, templates)
    assert set().union(*found.values()) == set(pages)
    assert all(found.values()), "every profile finds something"


def test_round_2_changes_exactly_what_the_manifest_says(corpus, templates):
    snapshot, manifest = corpus
    before, overlay = _pages(snapshot, 1), _pages(snapshot, 2)
    assert set(overlay) == {c.path for c in manifest.changes}
    assert {k: len(manifest.paths(k)) for k in manifest.counts} == manifest.counts
    assert not _pages(snapshot, 3), "round 3 changes nothing"
    with ReplayServer(snapshot, round=2) as server:
        for change in manifest.changes:
            response = _content(server, change.path)
            if change.kind == "gone":
                assert response.status_code == 410
                continue
            assert response.status_code == 200
            item, old = response.json(), before.get(change.path)
            if change.kind == "redirected":
                assert item["schema_name"] == "redirect" and item["redirects"][0]["destination"] == change.redirect_to
                assert _content(server, change.redirect_to).status_code == 200
            elif change.kind == "withdrawn":
                assert item["withdrawn_notice"] and item["details"] == old["details"]
            elif change.kind == "new":
                assert old is None
            else:
                body, old_body = item["details"]["body"], old["details"]["body"]
                assert change.old in old_body and change.new in body and change.old != change.new
                assert body.replace(change.new, change.old, 1) == old_body, "only the fragment changed"
                moved = item["public_updated_at"] != old["public_updated_at"]
                assert moved == change.major_update == (change.kind in MAJOR_KINDS)
                assert item["updated_at"] != old["updated_at"]
        found = _profile_hits(server, templates)
        withdrawn = _profile_hits(server, templates, [("debug", "include_withdrawn")])
        server.set_round(3)
        found_3 = _profile_hits(server, templates)
    dropped = {c.path for c in manifest.changes if c.kind in ("withdrawn", "gone", "redirected")}
    live = ({p for p, i in before.items() if i["schema_name"] != "taxon"} - dropped) | set(manifest.paths("new"))
    assert set().union(*found.values()) == live == set().union(*found_3.values())
    assert set(manifest.paths("withdrawn")) <= set().union(*withdrawn.values())
    newest = max(before[p]["public_updated_at"] for p in before if before[p]["schema_name"] != "taxon")
    assert all(overlay[p]["public_updated_at"] > newest for p in manifest.paths("new"))


def test_bench_run_end_to_end_with_the_real_cli(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, str(REPO / "bench" / "bench_run.py"), "--sizes", str(SIZE), "--rounds",
                           "1,1", "--no-reparse", "--rate", "500", "--json", str(out)], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    measured = json.loads(out.read_text(encoding="utf-8"))
    assert measured["requests_per_second"] == 500.0 and "requests_per_second 500," in done.stdout
    rows = measured["rows"]
    first, same = rows
    assert first["run"] == "first" and first["summary"]["new_documents"] == SIZE
    assert first["content_requests"] == SIZE + 1  # every page, and the SEND taxon the taxon profile resolves
    assert same["run"] == "same" and same["summary"]["fetched"] == 0 and same["summary"]["new_documents"] == 0
    assert same["content_requests"] == 0 and same["search_requests"] > 0
    for row in rows:
        assert row["wall"] > 0 and row["cpu"] > 0 and row["rss_mb"] > 10 and row["check"].startswith("ok")
    assert "| send-monitor | 40 | first (round 1) |" in done.stdout


def test_bench_run_refuses_bad_arguments_on_one_line():
    for bad in (["--sizes", "ten"], ["--rounds", "2,1"], ["--sizes", "3"], ["--rate", "0"], ["--rate", "fast"]):
        done = subprocess.run([sys.executable, str(REPO / "bench" / "bench_run.py"), *bad], cwd=REPO,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "Traceback" not in done.stderr
