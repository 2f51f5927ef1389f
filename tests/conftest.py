"""Shared test set-up: quiet, offline Prefect in a throw-away home, and the bundled snapshot."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Before anything imports prefect: a private PREFECT_HOME and the settings STACK-NOTES asks for.
# Always a fresh home: tests must not see (or fill) the user's .prefect/ that the Makefile exports.
from foundation.settings import PREFECT_DEFAULTS  # noqa: E402 - imports nothing of Prefect's

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="send-monitor-prefect-")
os.environ.update(PREFECT_DEFAULTS)
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
for leaked in ("SEND_MONITOR_DB", "SEND_MONITOR_CONFIG", "SEND_MONITOR_BASE_URL",
               "SEND_MONITOR_REQUESTS_PER_SECOND", "SEND_MONITOR_WEBHOOK_URL", "SEND_MONITOR_CONTACT",
               "SEND_MONITOR_UI_URL", "PREFECT_UI_URL"):
    os.environ.pop(leaked, None)

import pytest  # noqa: E402


def _own_generator_for_websocket_pings() -> None:
    """websockets draws each keepalive ping's payload from the global random generator, on Prefect's
    event-loop thread, every 20 s once a test process has talked to a Prefect server. Hypothesis checks
    that generator around each draw, so a ping landing in a property test's draw warned "Do not use the
    `random` module inside strategies" (test_diff_statements, test_fuzz_parse, now and then): websockets
    gets a generator of its own."""
    import random

    for name in ("websockets.asyncio.connection", "websockets.sync.connection"):
        try:
            module = __import__(name, fromlist=["random"])
        except ImportError:
            continue
        if getattr(module, "random", None) is random:
            module.random = random.Random()


_own_generator_for_websocket_pings()

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "replay" / "snapshot"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# A Prefect server's first start on an empty database spends ~10 s of CPU on Alembic migrations (start ~20 s,
# ~10 s on a migrated one). The suite starts several real servers (the harness, the scheduled stack, `serve`,
# a CLI run's temporary server), so the migrations run once, into a template each new server's empty home
# gets a copy of; each server still starts, checks its schema against Prefect's head and registers its blocks.
# The template is built in the background while tests are collected, under a lock (xdist workers share it), and
# kept in pytest's cache keyed by Prefect's version; without it (no cache, a failed build) servers migrate
# as before.
_BUILD_TEMPLATE = r"""
import fcntl, os, sqlite3, subprocess, sys, tempfile
final, lock = sys.argv[1], sys.argv[1] + ".lock"
with open(lock, "w") as held:
    fcntl.flock(held, fcntl.LOCK_EX)
    if os.path.exists(final):
        sys.exit(0)
    work = tempfile.mkdtemp(prefix="prefect-db-template-")
    built = os.path.join(work, "prefect.db")
    env = {**os.environ, "PREFECT_HOME": work,
           "PREFECT_SERVER_DATABASE_CONNECTION_URL": "sqlite+aiosqlite:///" + built}
    done = subprocess.run([sys.argv[2], "server", "database", "upgrade", "-y"], env=env, capture_output=True)
    if done.returncode != 0:
        sys.exit(done.returncode)
    src, dst = sqlite3.connect(built), sqlite3.connect(final + ".part")
    src.backup(dst)  # one self-contained file, whatever the WAL held
    dst.execute("PRAGMA journal_mode=DELETE")
    dst.close(); src.close()
    os.replace(final + ".part", final)
"""
_template: dict[str, object] = {}


def _template_path(config) -> Path:
    import importlib.metadata

    version = importlib.metadata.version("prefect")
    cache = getattr(config, "cache", None)
    folder = cache.mkdir("prefect-db") if cache is not None else Path(tempfile.mkdtemp(prefix="prefect-db-"))
    return Path(folder) / f"prefect-{version}.db"


def pytest_configure(config):
    _register_xdist_groups(config)
    path = _template_path(config)
    _template["path"] = path
    if not path.exists():
        prefect = Path(sys.executable).parent / "prefect"
        _template["build"] = subprocess.Popen([sys.executable, "-c", _BUILD_TEMPLATE, str(path), str(prefect)],
                                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL)


def pytest_unconfigure(config):
    build = _template.get("build")
    if build is not None and build.poll() is None:
        build.kill()
        build.wait()


def migrated_prefect_db() -> Path | None:
    """The migrated template database, waiting for its build if need be; None if it could not be built."""
    path = _template["path"]
    build = _template.pop("build", None)
    if build is not None:
        build.wait()
    if not path.exists():  # another process (an xdist worker) may hold the lock and still be building
        with open(f"{path}.lock", "w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
    return path if path.exists() else None


def seed_prefect_home(home: Path, name: str = "prefect.db") -> Path:
    """Give a new Prefect home (or the harness's folder) a migrated database, if none is there yet."""
    home.mkdir(parents=True, exist_ok=True)
    template = migrated_prefect_db()
    if template is not None and not (home / name).exists():
        shutil.copyfile(template, home / name)
    return home


@pytest.fixture(scope="session", autouse=True)
def _migrated_session_home():
    """The session's own PREFECT_HOME gets a migrated database too: code that asks Prefect's API outside a
    flow with no server set (make_client on live settings, say) starts Prefect's temporary server there."""
    seed_prefect_home(Path(os.environ["PREFECT_HOME"]))


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for every flow-level test (it costs ~10 s to start on a migrated database)."""
    import prefect.testing.utilities as harness
    from prefect.testing.utilities import prefect_test_harness

    folder = seed_prefect_home(Path(tempfile.mkdtemp(prefix="send-monitor-harness-")), "prefect-test.db")
    with contextlib.ExitStack() as stack:
        made_here = harness.mkdtemp
        harness.mkdtemp = lambda: str(folder)  # the harness keeps its database in the folder it makes itself
        try:
            stack.enter_context(prefect_test_harness(server_startup_timeout=90))
        finally:
            harness.mkdtemp = made_here
        yield


# Under pytest-xdist (`make test` runs `-n auto --dist loadgroup`): every test that needs the Prefect harness
# runs on one worker, so the harness starts once; every other test stays with its module, so module-scoped
# fixtures are built once. The two long chains, the harness's tests and the scheduled stack's, are queued first,
# so each worker starts on one of them and the rest fill in around them. Without xdist nothing changes.
# (xdist's own loadgroup reads xdist_group marks by renaming item nodeids, which pytest 9 ignores, so the
# workers write each test's group to a file the controller's scheduler reads.)
LONG_FIRST = ("prefect-harness", "tests/test_prefect_server.py")
GROUPS_ENV = "SEND_MONITOR_TEST_GROUPS"


def _group_of(item) -> str:
    return "prefect-harness" if "prefect_harness" in item.fixturenames else item.nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(config, items):
    if not hasattr(config, "workerinput") or not os.environ.get(GROUPS_ENV):
        return
    rank = {group: i for i, group in enumerate(LONG_FIRST)}
    items.sort(key=lambda item: rank.get(_group_of(item), len(rank)))  # stable: the rest keep their order
    groups = {item.nodeid: _group_of(item) for item in items}
    out, part = groups_files(os.environ[GROUPS_ENV], config.workerinput["workerid"])
    part.write_text(json.dumps(groups), encoding="utf-8")
    part.replace(out)


def groups_files(prefix: str, worker: str) -> tuple[Path, Path]:
    """A worker's groups file and the file it is written to first. Each worker's own: `with_suffix`
    made "groups.part" of every "groups.gwN", and two workers renaming one file failed collection."""
    out = Path(f"{prefix}.{worker}")
    return out, out.with_name(out.name + ".part")


class _XdistGroups:
    """Registered on xdist's controller: a scheduler whose work units are the groups the workers wrote."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @pytest.hookimpl(tryfirst=True)
    def pytest_xdist_make_scheduler(self, config, log):
        from xdist.scheduler import LoadScopeScheduling

        folder = self.folder

        class GroupScheduling(LoadScopeScheduling):
            groups: dict[str, str] | None = None

            def _split_scope(self, nodeid: str) -> str:
                if self.groups is None:
                    self.groups = {}
                    for path in folder.glob("groups.gw*"):
                        if path.suffix == ".part":
                            continue  # a worker's file still being written
                        self.groups.update(json.loads(path.read_text(encoding="utf-8")))
                return self.groups.get(nodeid) or nodeid.split("::", 1)[0]

        config.option.loadscopereorder = False  # keep the workers' order: the long chains first
        return GroupScheduling(config, log)

    def pytest_unconfigure(self, config):
        shutil.rmtree(self.folder, ignore_errors=True)


def _register_xdist_groups(config) -> None:
    if hasattr(config, "workerinput") or getattr(config.option, "dist", "no") != "loadgroup":
        return
    if not getattr(config.option, "numprocesses", None):
        return
    folder = Path(tempfile.mkdtemp(prefix="send-monitor-xdist-"))
    os.environ[GROUPS_ENV] = str(folder / "groups")  # the workers, started after this, inherit it
    config.pluginmanager.register(_XdistGroups(folder), "send-monitor-xdist-groups")
