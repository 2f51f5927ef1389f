"""Start the flow runs `deployments.serve` serves from a forkserver that has already imported Prefect and the flows.

Prefect 3.9's Runner starts each run of an in-memory flow with `run_flow_in_subprocess` (multiprocessing
"spawn"): a fresh interpreter that spends ~3 s of CPU importing Prefect and the flows before any work.
The child's environment and Settings are still Prefect's per run: its wrapper sets os.environ from serve's.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import sys
import types
from pathlib import Path
from typing import Any, Iterable

from foundation.settings import REPO_ROOT

# Under Prefect's logger, so it follows PREFECT_LOGGING_LEVEL and prints beside the Runner's own lines.
log = logging.getLogger("prefect.send_monitor.forkserver")

# What a flow-run process needs before it runs our code: the flow and task engines, the task runner, the
# client and the result store. The deployments' own modules are added by `preload_modules`.
ENGINE_MODULES = (
    "prefect.flow_engine",
    "prefect.task_engine",
    "prefect.task_runners",
    "prefect.client.orchestration",
    "prefect.results",
)
# Where Prefect's DirectSubprocessStarter looks up `run_flow_in_subprocess` on every flow run.
HOOK_MODULE = "prefect.runner._starter_direct"
HOOK_NAME = "run_flow_in_subprocess"
PROBE_SECONDS = 180.0  # the forkserver answers once its imports are done (~5 s of wall on a busy 2-core box)


# The newest source file when the forkserver started (None before): code changed since then is not in it.
_started: dict[str, Any] = {"stamp": None, "warned": False}


class ForkserverError(RuntimeError):
    """The forkserver could not be started, or is not the one this module expects."""


def preload_modules(entrypoints: Iterable[str]) -> list[str]:
    """ENGINE_MODULES and the module of each entrypoint ("flows/monitor.py:monitor" -> "flows.monitor")."""
    names = list(ENGINE_MODULES)
    for entrypoint in entrypoints:
        path = entrypoint.split(":", 1)[0].removesuffix(".py")
        name = path.replace("/", ".").replace("\\", ".")
        if name not in names:
            names.append(name)
    return names


def newest_source(root: Path = REPO_ROOT) -> tuple[float, str]:
    """(mtime, path) of the newest .py file of the repository's packages: what the forkserver may have imported."""
    newest = (0.0, "")
    for package in root.iterdir():
        if package.name != "tests" and (package / "__init__.py").is_file():
            for path in package.rglob("*.py"):
                newest = max(newest, (path.stat().st_mtime, str(path.relative_to(root))))
    return newest


def hook_problem() -> str | None:
    """Why Prefect's private hook cannot be replaced in this Prefect version, or None when it can."""
    try:
        starter = importlib.import_module(HOOK_MODULE)
        engine = importlib.import_module("prefect.flow_engine")
    except ImportError as exc:
        return f"cannot import {exc.name}"
    current = getattr(starter, HOOK_NAME, None)
    prefect_fn = getattr(engine, HOOK_NAME, None)
    if prefect_fn is None or current not in (prefect_fn, run_flow_in_subprocess):
        return f"{HOOK_MODULE}.{HOOK_NAME} is not prefect.flow_engine.{HOOK_NAME}"
    starter_cls = getattr(starter, "DirectSubprocessStarter", None)
    if starter_cls is None or HOOK_NAME not in starter_cls.start.__code__.co_names:
        return f"DirectSubprocessStarter.start no longer calls the module-level {HOOK_NAME}"
    # Our version runs Prefect's own code with `multiprocessing.get_context("spawn")` answered by the forkserver.
    code = prefect_fn.__code__
    if not {"multiprocessing", "get_context"} <= set(code.co_names) or "spawn" not in code.co_consts:
        return f"prefect.flow_engine.{HOOK_NAME} no longer calls multiprocessing.get_context('spawn')"
    if list(inspect.signature(prefect_fn).parameters) != list(inspect.signature(run_flow_in_subprocess).parameters):
        return f"prefect.flow_engine.{HOOK_NAME} has a new signature {inspect.signature(prefect_fn)}"
    return None


class _SpawnIsForkserver:
    """`multiprocessing` as Prefect's run_flow_in_subprocess sees it here: its "spawn" context is the forkserver."""

    def get_context(self, method: str | None = None) -> multiprocessing.context.BaseContext:
        if method != "spawn":  # hook_problem() checked the code; anything else means Prefect changed under us
            raise ForkserverError(f"run_flow_in_subprocess asked for the {method!r} context, expected 'spawn'")
        return multiprocessing.get_context("forkserver")

    def __getattr__(self, name: str) -> Any:
        return getattr(multiprocessing, name)


_MULTIPROCESSING = _SpawnIsForkserver()


def run_flow_in_subprocess(flow: Any, flow_run: Any = None, parameters: dict[str, Any] | None = None,
                           wait_for: Any = None, context: dict[str, Any] | None = None,
                           env: dict[str, str | None] | None = None) -> multiprocessing.process.BaseProcess:
    """Prefect's `run_flow_in_subprocess`, its own code, except that the process is forked by the forkserver."""
    from prefect import flow_engine

    prefect_fn = flow_engine.run_flow_in_subprocess
    changed = _changed_source()
    if changed:
        # The forkserver holds the code as it was; a run forked from it would mix old modules with new ones
        # (the flow's own module is imported afresh), so it starts the slow way, every module read again.
        if not _started["warned"]:
            _started["warned"] = True
            log.warning("%s changed since the forkserver started: flow runs start with Prefect's spawn until "
                        "serve is restarted", changed)
        return prefect_fn(flow, flow_run=flow_run, parameters=parameters, wait_for=wait_for, context=context,
                          env=env)
    # Prefect's code object run against a copy (taken now, so it is current) of flow_engine's globals in which
    # only `multiprocessing` differs: the environment, settings and control-channel set-up stay Prefect's.
    forked = types.FunctionType(prefect_fn.__code__, {**prefect_fn.__globals__, "multiprocessing": _MULTIPROCESSING},
                                prefect_fn.__name__, prefect_fn.__defaults__, prefect_fn.__closure__)
    forked.__kwdefaults__ = prefect_fn.__kwdefaults__
    process = forked(flow, flow_run=flow_run, parameters=parameters, wait_for=wait_for, context=context, env=env)
    log.info("Flow run %s: process %s forked by forkserver %s", getattr(flow_run, "id", None), process.pid,
             forkserver_pid())
    return process


def _changed_source() -> str | None:
    """A source file newer than the forkserver, or None."""
    if _started["stamp"] is None:
        return None
    mtime, path = newest_source()
    return path if mtime > _started["stamp"] else None


def forkserver_pid() -> int | None:
    """The pid of this process's forkserver, None before one started."""
    return getattr(multiprocessing.forkserver._forkserver, "_forkserver_pid", None)


def _check_preloaded(modules: list[str]) -> None:
    """Runs in a process forked by the forkserver: exit 0 when every module was imported there, else 3."""
    sys.exit(0 if all(name in sys.modules for name in modules) else 3)


def start(modules: Iterable[str]) -> int:
    """Start the forkserver with `modules` imported; its pid once a forked probe saw them all loaded."""
    names = list(modules)
    context = multiprocessing.get_context("forkserver")
    # Replaces the default ["__main__"]: the forkserver must not import (and run) the serving script itself.
    context.set_forkserver_preload(names)
    stamp = newest_source()[0]  # before the forkserver reads any file, so an edit while it imports counts
    multiprocessing.forkserver.ensure_running()
    # The forkserver swallows ImportErrors of preloaded modules: a probe forked from it checks they are there.
    probe = context.Process(target=_check_preloaded, args=(names,), name="forkserver-probe", daemon=True)
    probe.start()
    probe.join(PROBE_SECONDS)
    if probe.exitcode is None:
        probe.kill()
        probe.join()
        raise ForkserverError(f"the forkserver did not fork a process within {PROBE_SECONDS:.0f} s")
    if probe.exitcode != 0:
        raise ForkserverError(f"the forkserver could not import all of {', '.join(names)} "
                              f"(probe exit {probe.exitcode})")
    pid = forkserver_pid()
    if pid is None:
        raise ForkserverError("multiprocessing did not record the forkserver's pid")
    _started.update(stamp=stamp, warned=False)
    return pid


def install(modules: Iterable[str]) -> bool:
    """Start the forkserver and have Prefect's Runner start flow runs from it; False (one log line why) if not."""
    names = list(modules)
    problem = hook_problem()
    try:
        if problem:
            raise ForkserverError(f"Prefect changed: {problem}")
        if sys.platform == "win32":
            raise ForkserverError("no forkserver on Windows")
        pid = start(names)
    except Exception as exc:  # any failure leaves Prefect's own spawn in place, which always works
        log.warning("Flow runs start with Prefect's spawn, not a forkserver: %s", exc)
        return False
    setattr(importlib.import_module(HOOK_MODULE), HOOK_NAME, run_flow_in_subprocess)
    log.info("Flow runs start from a forkserver (pid %s, parent %s) that has imported %s", pid, os.getpid(),
             ", ".join(names))
    return True
