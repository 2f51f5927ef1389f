"""One GOV.UK budget per machine: the request rate holds across processes, not only threads (D11)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from conftest import REPO

WORKER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {repo!r})
    from govuk.ratelimit import SharedRateLimiter
    limiter = SharedRateLimiter({path!r})
    for _ in range({n}):
        limiter.wait("www.gov.uk", {rate})
        print(repr(time.time()), flush=True)
""")


def test_two_processes_share_one_request_budget(tmp_path):
    rate, n = 10.0, 10
    script = WORKER.format(repo=str(REPO), path=str(tmp_path / "govuk-requests.budget"), n=n, rate=rate)
    started = time.time()
    procs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    stamps = sorted(float(line) for p in procs for line in p.communicate(timeout=60)[0].split())
    assert len(stamps) == 2 * n
    # The k-th request of either process cannot go before k slots have passed. A busy machine only
    # makes requests later, never earlier, so these lower bounds hold however loaded it is; two
    # separate per-process budgets would send request 19 about a second too early.
    early = [(k, round(t - started, 3)) for k, t in enumerate(stamps) if t < started + k / rate - 0.01]
    assert early == [], early


def test_the_budget_file_survives_garbage(tmp_path):
    from govuk.ratelimit import SharedRateLimiter

    path = tmp_path / "govuk-requests.budget"
    path.write_bytes(b"\x00not json")
    limiter = SharedRateLimiter(path)
    limiter.wait("www.gov.uk", 100.0)
    limiter.wait("www.gov.uk", 100.0)
    assert path.read_text().startswith("{")


def test_every_run_on_a_warehouse_takes_its_requests_from_the_same_budget(tmp_path, prefect_harness):
    # make_client asks the Prefect API in use whether it has the GOV.UK limit: the harness answers (without one
    # set, Prefect would start a temporary server of its own for the question).
    from flows.tasks import make_client
    from foundation.settings import load_settings

    settings = load_settings(None, db=str(tmp_path / "w.duckdb"))
    a, b = make_client(settings), make_client(settings)
    assert a.rate_budget.path == b.rate_budget.path == tmp_path / ".govuk-requests.budget"


def test_a_fast_run_books_slots_in_blocks_and_keeps_their_spacing(tmp_path):
    from govuk.ratelimit import SharedRateLimiter

    path = tmp_path / "govuk-requests.budget"
    limiter, other = SharedRateLimiter(path), SharedRateLimiter(path)
    rate = 200.0
    stamps = []
    for _ in range(120):
        limiter.wait("www.gov.uk", rate)
        stamps.append(time.time())
    # The k-th request never goes before k slots have passed (a late one may be followed by one on time).
    early = [k for k, t in enumerate(stamps) if t < stamps[0] + k / rate - 0.002]
    assert early == []
    # Another process sharing the file gets a slot after everything this one has booked.
    import json
    booked_until = json.loads(path.read_text())["www.gov.uk"]
    assert booked_until >= stamps[-1]
    started = time.time()
    other.wait("www.gov.uk", rate)
    assert time.time() >= min(booked_until, started + 1) - 0.002


def test_a_pause_drops_the_slots_already_booked(tmp_path):
    from govuk.ratelimit import SharedRateLimiter

    limiter = SharedRateLimiter(tmp_path / "govuk-requests.budget")
    limiter.wait("www.gov.uk", 200.0)  # books a block of fifty
    limiter.hold("www.gov.uk", 0.5)
    started = time.time()
    limiter.wait("www.gov.uk", 200.0)
    assert time.time() - started >= 0.45


def _wait_while_another_thread_pauses(limiter, host: str, rate: float, pause: float) -> float:
    """Seconds a wait for the next slot took when a pause began while it was waiting."""
    import threading

    limiter.wait(host, rate)  # the next slot is now 1/rate away
    took: list[float] = []

    def waiter() -> None:
        started = time.monotonic()
        limiter.wait(host, rate)
        took.append(time.monotonic() - started)

    thread = threading.Thread(target=waiter)
    thread.start()
    time.sleep(0.1)  # the waiter is asleep on its slot, 0.5 s away
    limiter.hold(host, pause)
    thread.join(10)
    return took[0]


def test_a_request_waiting_for_its_slot_when_a_pause_begins_waits_for_the_pause():
    # Fetching several pages at once, one thread's 429 pause must hold the threads already asleep on
    # their slots too: they used to wake and ask GOV.UK in the middle of it.
    from govuk.ratelimit import RATE_LIMITER

    assert _wait_while_another_thread_pauses(RATE_LIMITER, "pause-test.invalid", 2.0, 1.5) >= 1.5


def test_the_shared_budget_holds_a_request_waiting_when_a_pause_begins(tmp_path):
    from govuk.ratelimit import SharedRateLimiter

    limiter = SharedRateLimiter(tmp_path / "govuk-requests.budget")
    assert _wait_while_another_thread_pauses(limiter, "www.gov.uk", 2.0, 1.5) >= 1.5


def test_429s_of_requests_in_flight_together_count_one_pause():
    from govuk.ratelimit import RateLimitBreaker

    breaker = RateLimitBreaker(pause_seconds=0.5, max_pauses=1)
    host = "breaker-test.invalid"
    assert breaker.trip(host, None, url="https://x/a") == 0.5
    # A second request sent before the first 429 came back: the pause in force covers it.
    assert 0 < breaker.trip(host, None, url="https://x/b") <= 0.5
    # One that asks for longer extends the pause, still one pause.
    assert breaker.trip(host, 2.0, url="https://x/c") == 2.0
    assert breaker.pauses == 1
