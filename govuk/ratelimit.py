"""Politeness towards GOV.UK: one request budget per host for the process and the machine, and the run's 429 breaker."""

from __future__ import annotations

import contextlib
import fcntl
import json
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

from foundation.errors import FetchError

# A Retry-After longer than this is a ban, not a pause: the run stops rather than wait for it.
MAX_PAUSE_SECONDS = 900.0


def _sleep_to_slot(lock: threading.Lock, holds: dict[str, int], host: str,
                   take: Callable[[], tuple[float, float]]) -> None:
    """Sleep until the slot `take` books (now and the slot, under `lock`); book again after a pause
    that began meanwhile (`holds` counts pauses per host), so no request goes out inside it."""
    while True:
        with lock:
            now, slot = take()
            seen = holds.get(host, 0)
        if slot > now:
            time.sleep(slot - now)  # real time, not the injectable sleep: politeness is not a test knob
        with lock:
            if holds.get(host, 0) == seen:
                return


class _RateLimiter:
    """Spaces requests to one host at least 1/rate apart, across every client and thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_free: dict[str, float] = {}
        self._holds: dict[str, int] = {}  # pauses begun per host: a waiter asleep across one waits again

    def wait(self, host: str, rate: float) -> None:
        if rate > 0:
            _sleep_to_slot(self._lock, self._holds, host, lambda: self._take(host, rate))

    def _take(self, host: str, rate: float) -> tuple[float, float]:
        now = time.monotonic()
        slot = max(now, self._next_free.get(host, now))
        self._next_free[host] = slot + 1.0 / rate
        return now, slot

    def hold(self, host: str, seconds: float) -> None:
        """No request to `host` from this process for the next `seconds`, even one already waiting for its slot."""
        with self._lock:
            until = time.monotonic() + seconds
            self._next_free[host] = max(until, self._next_free.get(host, until))
            self._holds[host] = self._holds.get(host, 0) + 1


RATE_LIMITER = _RateLimiter()


class SharedRateLimiter:
    """Spaces requests to one host 1/rate apart across every process that uses the same budget file.

    The next free slot per host lives in a small JSON file under an exclusive flock, in wall-clock
    time (monotonic clocks are per process). Two `send-monitor run`s on one machine therefore
    share one politeness budget without a Prefect server, and one 429 pause.
    """

    PAUSE_SUFFIX = "#paused-until"
    # A process books this much of its budget per lock of the file (at 5 requests a second: one slot
    # a time, as before; at 200: fifty), so a fast run does not spend a file lock and a JSON
    # rewrite on every request. Another run's 429 pause is seen within this much time.
    BOOK_SECONDS = 0.25

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._booked: dict[str, list[float]] = {}  # per host, this process's slots still to use, in order
        self._holds: dict[str, int] = {}  # pauses begun per host: a waiter asleep across one waits again

    @contextlib.contextmanager
    def _slots(self) -> Iterator[dict]:
        """The file's slots under an exclusive lock, written back on exit."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                fh.seek(0)
                try:
                    slots = json.loads(fh.read() or "{}")
                    slots = slots if isinstance(slots, dict) else {}
                except ValueError:
                    slots = {}  # a torn or foreign file: start afresh, it only holds timestamps
                yield slots
                fh.seek(0)
                fh.truncate()
                fh.write(json.dumps(slots))
                fh.flush()
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def wait(self, host: str, rate: float) -> None:
        if rate > 0:
            _sleep_to_slot(self._lock, self._holds, host, lambda: self._take(host, rate))

    def _take(self, host: str, rate: float) -> tuple[float, float]:
        now = time.time()
        booked = self._booked.setdefault(host, [])
        # A slot gone by is not used late: another run's next slot may be due at that moment.
        while booked and booked[0] < now - 1.0 / rate:
            booked.pop(0)
        if not booked:
            booked.extend(self._book(host, rate, now))
        return now, booked.pop(0)

    def _book(self, host: str, rate: float, now: float) -> list[float]:
        """The next slots for this process, 1/rate apart, taken from the file in one lock."""
        count = max(1, int(rate * self.BOOK_SECONDS))
        with self._slots() as slots:
            stored = slots.get(host)
            slot = max(now, float(stored)) if isinstance(stored, (int, float)) else now
            slot = min(slot, now + 60.0)  # a clock stepped back, or a bogus file, never stalls us long
            held = slots.get(host + self.PAUSE_SUFFIX)
            if isinstance(held, (int, float)) and now < held <= now + MAX_PAUSE_SECONDS:
                slot = max(slot, float(held))  # some run was told to back off: so is every run here
            slots[host] = slot + count / rate
        return [slot + i / rate for i in range(count)]

    def hold(self, host: str, seconds: float) -> None:
        """Every process sharing this file waits `seconds` before its next request to `host`."""
        with self._lock:
            self._booked.pop(host, None)  # slots booked before the pause are not used after it
            self._holds[host] = self._holds.get(host, 0) + 1
        with self._slots() as slots:
            until = time.time() + seconds
            held = slots.get(host + self.PAUSE_SUFFIX)
            slots[host + self.PAUSE_SUFFIX] = max(until, held) if isinstance(held, (int, float)) else until


class RateLimited(FetchError):
    """GOV.UK kept answering 429 through every retry and every pause the run allows: stop the run."""


class RateLimitBreaker:
    """One per run: a 429 that outlasts the client's retries pauses every request of the run.

    GOV.UK's CDN puts a client that keeps knocking in a penalty box (about a minute) and bans
    clients that keep hitting it, so after a 429 nothing more is asked until the pause is over:
    the pause is written into the process-wide limiter and the shared budget file, which every
    client (and every other run on this machine) waits on before its next request. After
    `max_pauses` pauses the next one raises RateLimited instead.
    """

    def __init__(self, *, pause_seconds: float = 60.0, max_pauses: int = 3,
                 budget: "SharedRateLimiter | None" = None, say: Callable[[str], None] | None = None) -> None:
        self.pause_seconds = pause_seconds
        self.max_pauses = max_pauses
        self.budget = budget
        self.say = say
        self.pauses = 0
        self.paused_seconds = 0.0
        self._lock = threading.Lock()
        self._paused_until: dict[str, float] = {}  # per host, monotonic

    def trip(self, host: str, retry_after: float | None, *, url: str, base_path: str | None = None) -> float:
        """Hold every request to `host` for Retry-After (or pause_seconds); RateLimited once pauses run out.

        A 429 that comes back while a pause is in force answers a request sent before it (pages are
        fetched several at a time): it waits out the same pause rather than count another.
        """
        pause = self.pause_seconds if retry_after is None else retry_after
        with self._lock:
            now = time.monotonic()
            left = self._paused_until.get(host, 0.0) - now
            if 0 < left and pause <= MAX_PAUSE_SECONDS:
                if retry_after is None or retry_after <= left:
                    return left
                # The same episode, with a longer Retry-After: the pause in force is extended, not counted.
                self._paused_until[host] = now + pause
                self._hold(host, pause)
                return pause
            if self.pauses >= self.max_pauses or pause > MAX_PAUSE_SECONDS:
                why = (f"Retry-After {pause:.0f} s is longer than {MAX_PAUSE_SECONDS:.0f} s"
                       if pause > MAX_PAUSE_SECONDS else f"still 429 after {self.pauses} pause(s)")
                raise RateLimited(f"GOV.UK is rate-limiting this client (HTTP 429): {why}; stopping the run",
                                  base_path=base_path, url=url)
            self.pauses += 1
            self.paused_seconds += pause
            self._paused_until[host] = now + pause
        if self.say is not None:
            self.say(f"GOV.UK answered 429 through every retry: pausing all requests for {pause:g} s "
                     f"(pause {self.pauses} of {self.max_pauses})")
        self._hold(host, pause)
        return pause

    def _hold(self, host: str, pause: float) -> None:
        RATE_LIMITER.hold(host, pause)
        if self.budget is not None:
            self.budget.hold(host, pause)
