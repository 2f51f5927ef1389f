"""The flow-run command of `send-monitor serve`'s work pool: ask the zygote to fork the run, else run Prefect's engine.

    python deployments/launch.py --socket $PREFECT_HOME/zygote.sock [flow-run-id]

The process worker starts this instead of `python -m prefect.engine`. It imports only the standard library
(~0.1 s of CPU), hands the zygote (deployments/zygote.py) its standard streams, environment and working directory,
passes on the signals the worker sends (SIGTERM to cancel), and exits as the forked run exited. When no zygote
listens, or it refuses the request, it becomes `python -m prefect.engine` itself (exec); once the zygote may have forked
the run it never starts it a second time.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys
from typing import NoReturn

RELAYED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
CONNECT_SECONDS = 5.0
HEADER = struct.Struct("!Q")  # the length of the JSON request that follows the header and the three fds


def engine_argv(args: list[str]) -> list[str]:
    """What the worker would have run: `python -m prefect.engine [flow-run-id]`."""
    return [sys.executable, "-m", "prefect.engine", *args]


def _fallback(why: str, args: list[str]) -> NoReturn:
    print(f"send-monitor launch: {why}; starting the flow run with python -m prefect.engine", file=sys.stderr,
          flush=True)
    os.execv(sys.executable, engine_argv(args))


def _read_line(conn: socket.socket, buffer: bytearray) -> dict | None:
    while b"\n" not in buffer:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        buffer += chunk
    line, _, rest = bytes(buffer).partition(b"\n")
    buffer[:] = rest
    return json.loads(line)


def _exit_as(result: dict) -> int:
    """Exit like the forked run did: with its code, or killed by its signal."""
    number = result.get("signal")
    if number:
        if number not in (signal.SIGKILL, signal.SIGSTOP):  # those two cannot be caught, nor reset
            signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
        return 128 + number
    return int(result.get("exit", 1))


def main(argv: list[str]) -> int:
    """Run one flow run through the zygote at `--socket`; returns its exit code."""
    if len(argv) < 2 or argv[0] != "--socket":
        print("usage: launch.py --socket PATH [flow-run-id]", file=sys.stderr)
        return 2
    path, args = argv[1], argv[2:]
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(CONNECT_SECONDS)
    try:
        conn.connect(path)
        request = json.dumps({"args": args, "env": dict(os.environ), "cwd": os.getcwd()}).encode()
        conn.sendmsg([HEADER.pack(len(request))], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("3i", 0, 1, 2))])
        conn.sendall(request)
    except OSError as exc:
        conn.close()
        _fallback(f"no zygote at {path} ({exc.strerror or exc})", args)  # execs: does not return
    # From here the zygote may have forked the run: start it here only if the zygote says it did not.
    conn.settimeout(None)
    buffer = bytearray()
    try:
        answer = _read_line(conn, buffer)
    except (OSError, ValueError) as exc:
        answer = {"lost": str(exc)}
    if answer is not None and "refused" in answer:
        conn.close()
        _fallback(f"the zygote at {path} refused the run ({answer['refused']})", args)
    if answer is None or "pid" not in answer:
        print(f"send-monitor launch: the zygote at {path} went away before saying whether it started the run "
              f"({answer}); not starting it again here", file=sys.stderr, flush=True)
        return 1

    def relay(number: int, _frame: object) -> None:
        try:
            conn.sendall(f"{number}\n".encode())
        except OSError:
            pass

    for number in RELAYED:
        signal.signal(number, relay)
    # The run's exit ends this; if this process is killed, the zygote sees the connection close and kills the run.
    result = _read_line(conn, buffer)
    if result is None:
        print(f"send-monitor launch: the zygote at {path} went away during flow run process {answer['pid']}",
              file=sys.stderr, flush=True)
        return 1
    return _exit_as(result)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
