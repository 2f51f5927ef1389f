"""A long-lived process, started by `send-monitor serve`, that forks flow runs with Prefect and the flows imported.

    python -m deployments.zygote --socket $PREFECT_HOME/zygote.sock

The process worker starts every flow run as a fresh `python -m prefect.engine` (~3 s of CPU importing Prefect
and the flows before any work). Its command is deployments/launch.py instead, which hands this process its
standard streams, environment and working directory over a Unix socket; the run is forked from here, set up as
that interpreter would be, and runs Prefect's engine module as `__main__`. A fork that would not be the same
as a fresh interpreter (source edited since start, Prefect settings that differ from ours) execs
`python -m prefect.engine` in the forked process instead, so the run is correct either way, only slower.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import runpy
import select
import signal
import socket
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Iterable

from deployments.forkserver import newest_source, preload_modules
from foundation.settings import ZYGOTE_SOCKET_MAX
from deployments.launch import HEADER, engine_argv
from deployments.serve import deployment_specs

# What `python -m prefect.engine` imports beyond the flow engine before it runs a deployment's flow.
LAUNCH_MODULES = ("prefect.engine", "prefect._internal.control_listener", "prefect._internal.metrics",
                  "prefect.deployments.steps.core", "prefect.deployments.steps.pull")
REQUEST_SECONDS = 10.0
MAX_REQUEST = 4 << 20


def zygote_modules() -> list[str]:
    """Everything a forked run should find imported: Prefect's engine, its launch path, and each deployment's module."""
    names = preload_modules(spec["entrypoint"] for spec in deployment_specs())
    return names + [name for name in LAUNCH_MODULES if name not in names]


def settings_fingerprint() -> dict[str, Any]:
    """Prefect's settings as a fresh interpreter with this process's environment would read them.

    Dumped as Python values, not JSON: JSON masks secrets, so a run with another API key would look the same.
    """
    from prefect.settings import Settings

    return Settings().model_dump()


class Zygote:
    """The listening socket, what was imported, and when: enough to decide whether a fork is a fresh interpreter."""

    def __init__(self, path: Path, modules: Iterable[str]) -> None:
        self.path = path
        self.stamp = newest_source()[0]  # before importing: an edit made while importing counts as a change
        self.modules = list(modules)
        for name in self.modules:
            importlib.import_module(name)
        from prefect.settings import get_current_settings

        self.settings = get_current_settings().model_dump()
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o077)  # only this user may ask for runs
        try:
            self.listener.bind(str(path))
        finally:
            os.umask(old)
        self.listener.listen(8)

    def serve_forever(self) -> None:
        print(f"zygote {os.getpid()}: listening on {self.path}; imported {', '.join(self.modules)}", flush=True)
        while True:
            conn, _ = self.listener.accept()
            try:
                request, fds = _read_request(conn)
            except EOFError:
                conn.close()
                continue
            except (OSError, ValueError) as exc:
                print(f"zygote: refused a request: {exc}", flush=True)
                try:  # a launcher that hears this starts the run itself
                    conn.sendall((json.dumps({"refused": str(exc)}) + "\n").encode())
                except OSError:
                    pass
                conn.close()
                continue
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()  # from the main thread: the run's main thread is the one signals go to
            if pid == 0:
                self.listener.close()
                conn.close()
                _become_run(request, fds, self)  # never returns
            for fd in fds:
                os.close(fd)
            threading.Thread(target=_supervise, args=(conn, pid), daemon=True, name=f"run-{pid}").start()

    def stale_reason(self) -> str | None:
        """Why a fork would differ from a fresh interpreter started with this environment, or None if it would not."""
        mtime, newest = newest_source()
        if mtime > self.stamp:
            return f"{newest} changed since the zygote started"
        if settings_fingerprint() != self.settings:
            return "the run's Prefect settings differ from the zygote's"
        return None


def _read_request(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    conn.settimeout(REQUEST_SECONDS)
    header, fds, _flags, _addr = socket.recv_fds(conn, HEADER.size, 3)
    if not header and not fds:
        raise EOFError  # a probe that only checked the zygote listens
    if len(fds) != 3 or len(header) != HEADER.size:
        for fd in fds:
            os.close(fd)
        raise ValueError("expected a header and three file descriptors")
    try:
        (length,) = HEADER.unpack(header)
        if length > MAX_REQUEST:
            raise ValueError(f"request of {length} bytes")
        body = bytearray()
        while len(body) < length:
            chunk = conn.recv(min(65536, length - len(body)))
            if not chunk:
                raise ValueError("request cut short")
            body += chunk
        request = json.loads(body)
        if not (isinstance(request, dict) and isinstance(request.get("env"), dict)
                and isinstance(request.get("args"), list) and isinstance(request.get("cwd"), str)):
            raise ValueError("request without env, args and cwd")
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    conn.settimeout(None)
    return request, fds


def _become_run(request: dict[str, Any], fds: list[int], zygote: Zygote) -> None:
    """In the forked process: take the launcher's streams, directory and environment, then run Prefect's engine."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in request["env"].items()})
        args = [str(a) for a in request["args"]]
        reason = zygote.stale_reason()
        if reason:
            print(f"send-monitor zygote: {reason}; starting the flow run with python -m prefect.engine",
                  file=sys.stderr, flush=True)
            os.execv(sys.executable, engine_argv(args))
        print(f"send-monitor zygote: flow run {os.environ.get('PREFECT__FLOW_RUN_ID')}: process {os.getpid()} "
              f"forked by zygote {os.getppid()}", file=sys.stderr, flush=True)
        sys.argv = ["-m", *args]
        runpy.run_module("prefect.engine", run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        os._exit(_finish(code))


def _finish(code: int) -> int:
    """What a fresh interpreter does on its way out: join its threads, run atexit, flush the streams."""
    import atexit

    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is not current and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    return code


def _supervise(conn: socket.socket, pid: int) -> None:
    """Pass the launcher's signals to the run; kill the run if the launcher dies; report how the run ended."""
    try:
        conn.sendall((json.dumps({"pid": pid}) + "\n").encode())
        launcher = True
    except OSError:
        launcher = False
    buffer = b""
    while launcher:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if not select.select([conn], [], [], 0.2)[0]:
            continue
        try:
            chunk = conn.recv(64)
        except OSError:
            chunk = b""
        if not chunk:
            launcher = False
            break
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            if line.strip().isdigit():
                _kill(pid, int(line))
    if not launcher:  # the launcher is gone (killed by the worker): so is its run
        _kill(pid, signal.SIGKILL)
        _, status, usage = os.wait4(pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    result = ({"signal": os.WTERMSIG(status)} if os.WIFSIGNALED(status) else {"exit": os.WEXITSTATUS(status)})
    print(f"zygote: flow run process {pid} ended {result}, {cpu:.2f} s CPU", flush=True)
    try:
        conn.sendall((json.dumps({**result, "cpu_seconds": round(cpu, 3)}) + "\n").encode())
    except OSError:
        pass
    conn.close()


def _kill(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except ProcessLookupError:
        pass


def main(argv: list[str] | None = None) -> int:
    """Import Prefect and the flows, then fork a flow run for every launcher that asks."""
    parser = argparse.ArgumentParser(prog="python -m deployments.zygote", description=main.__doc__)
    parser.add_argument("--socket", required=True, type=Path, help="the Unix socket to listen on")
    args = parser.parse_args(argv)
    if len(os.fsencode(str(args.socket))) > ZYGOTE_SOCKET_MAX:
        parser.error(f"--socket {args.socket}: longer than {ZYGOTE_SOCKET_MAX} bytes")
    started = time.process_time()
    zygote = Zygote(args.socket, zygote_modules())
    print(f"zygote: imports took {time.process_time() - started:.2f} s CPU, "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB", flush=True)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    try:
        zygote.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        args.socket.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
