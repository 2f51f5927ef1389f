"""One-process alternative to a work pool + worker: serve the deployments of prefect.yaml with `prefect.serve`.

    PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/python -m deployments.serve

Schedules, parameters, tags and concurrency limits are read from deployments/prefect.yaml, so the
two ways of running stay the same. Needs a running Prefect server (`prefect server start`); on
SIGTERM or Ctrl-C `prefect.serve` pauses the schedules it served (STACK-NOTES). Each flow run is forked
from a forkserver that has already imported Prefect and the flows (deployments/forkserver.py); `--spawn`
keeps Prefect's own fresh interpreter per run.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from foundation.settings import PREFECT_DEFAULTS, REPO_ROOT, default_config

PREFECT_FILE = REPO_ROOT / "deployments" / "prefect.yaml"


def deployment_specs(path: Path = PREFECT_FILE) -> list[dict[str, Any]]:
    """The deployments of a prefect.yaml as plain dicts (name, entrypoint, schedules, parameters, ...)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data.get("deployments") or [])


def _schedules(spec: dict[str, Any]) -> list:
    from prefect.schedules import Cron

    out = []
    for item in spec.get("schedules") or []:
        if "cron" not in item:
            raise ValueError(f"deployment {spec['name']}: only cron schedules are supported here, got {item}")
        out.append(Cron(item["cron"], timezone=item.get("timezone"), active=item.get("active", True),
                        parameters=item.get("parameters") or {}, slug=item.get("slug")))
    return out


def _load_flow(entrypoint: str):
    from prefect.flows import load_flow_from_entrypoint

    return load_flow_from_entrypoint(str(REPO_ROOT / entrypoint))


def deployment_options(spec: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of `Flow.to_deployment` (and `Runner.add_flow`) for one prefect.yaml deployment."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    limit = spec.get("concurrency_limit")
    if isinstance(limit, dict):
        limit = ConcurrencyLimitConfig(
            limit=limit["limit"],
            collision_strategy=ConcurrencyLimitStrategy(limit.get("collision_strategy", "ENQUEUE")),
        )
    return dict(name=spec["name"], schedules=_schedules(spec), parameters=spec.get("parameters") or {},
                tags=spec.get("tags") or [], description=spec.get("description"), concurrency_limit=limit)


def runner_deployments(path: Path = PREFECT_FILE) -> list:
    """RunnerDeployments built from prefect.yaml, ready for `prefect.serve`."""
    return [_load_flow(spec["entrypoint"]).to_deployment(**deployment_options(spec)) for spec in deployment_specs(path)]


def main(argv: list[str] | None = None) -> int:
    """Serve every deployment in this process, one flow run at a time (they share one DuckDB file)."""
    parser = argparse.ArgumentParser(prog="python -m deployments.serve", description=main.__doc__)
    parser.add_argument("--spawn", action="store_true",
                        help="start each flow run in a fresh interpreter (Prefect's own way), not from the forkserver")
    args = parser.parse_args(argv)
    # The config this was started beside, named before leaving its folder: scheduled runs read the
    # same file as `send-monitor run` there would.
    os.environ.setdefault("SEND_MONITOR_CONFIG", str(default_config()))
    os.chdir(REPO_ROOT)  # entrypoints in prefect.yaml are relative to the repository root
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    import asyncio

    from prefect.exceptions import TerminationSignal
    from prefect.runner import Runner

    from deployments import forkserver

    specs = deployment_specs()
    if not args.spawn:
        # Once the environment is final: the forkserver keeps the one it started with.
        forkserver.install(forkserver.preload_modules(spec["entrypoint"] for spec in specs))
    # What `prefect.serve` does, but with `add_flow`: a deployment added as a RunnerDeployment is run by
    # `python -m prefect.engine` loading its entrypoint again, one added with its flow object is run by
    # `run_flow_in_subprocess` (the forkserver's, once installed).
    runner = Runner(limit=1, pause_on_shutdown=True)
    for spec in specs:
        runner.add_flow(_load_flow(spec["entrypoint"]), **deployment_options(spec))
    print(f"Serving {', '.join(spec['name'] for spec in specs)} from {PREFECT_FILE}", flush=True)
    try:
        asyncio.run(runner.start())
    except (KeyboardInterrupt, TerminationSignal):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
