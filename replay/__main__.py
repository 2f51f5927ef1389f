"""`python -m replay`: serve a snapshot on loopback until SIGTERM or SIGINT; first stdout line is the base URL."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from replay.server import ReplayServer

DEFAULT_SNAPSHOT = Path(__file__).resolve().parent / "snapshot"


def main(argv: list[str] | None = None) -> int:
    """Run the replay server in the foreground."""
    parser = argparse.ArgumentParser(prog="python -m replay", description=__doc__)
    parser.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT, help="snapshot folder (round-N/...)")
    parser.add_argument("--round", type=int, default=1, help="round to serve first (default 1)")
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: a free port)")
    args = parser.parse_args(argv)

    try:
        server = ReplayServer(args.snapshot, round=args.round, host=args.host, port=args.port)
    except (OSError, ValueError) as err:
        print(f"replay: cannot start: {err}", file=sys.stderr)
        return 2

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    server.start()
    print(server.base_url, flush=True)
    print(f"Serving round {server.round}; switch with `send-monitor replay round N --port {server.server_address[1]}`",
          file=sys.stderr, flush=True)
    try:
        while not stop.wait(0.5):  # a timed wait keeps signal handlers responsive
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
