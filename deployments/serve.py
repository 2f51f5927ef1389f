"""One-process alternative to a work pool + worker: serve the deployments of prefect.yaml with `prefect.serve`.

    PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/python -m deployments.serve

Schedules, parameters, tags and concurrency limits are read from deployments/prefect.yaml, so the
two ways of running stay the same. Needs a running Prefect server (`prefect server start`); on
SIGTERM or Ctrl-C `prefect.serve` pauses the schedules it served (STACK-NOTES).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import yaml

from foundation.settings import PREFECT_DEFAULTS, REPO_ROOT

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


def runner_deployments(path: Path = PREFECT_FILE) -> list:
    """RunnerDeployments built from prefect.yaml, ready for `prefect.serve`."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    out = []
    for spec in deployment_specs(path):
        limit = spec.get("concurrency_limit")
        if isinstance(limit, dict):
            limit = ConcurrencyLimitConfig(
                limit=limit["limit"],
                collision_strategy=ConcurrencyLimitStrategy(limit.get("collision_strategy", "ENQUEUE")),
            )
        flow = _load_flow(spec["entrypoint"])
        out.append(flow.to_deployment(
            name=spec["name"], schedules=_schedules(spec), parameters=spec.get("parameters") or {},
            tags=spec.get("tags") or [], description=spec.get("description"), concurrency_limit=limit,
        ))
    return out


def main() -> int:
    """Serve every deployment in this process, one flow run at a time (they share one DuckDB file)."""
    os.chdir(REPO_ROOT)  # entrypoints in prefect.yaml are relative to the repository root
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    from prefect import serve

    serve(*runner_deployments(), limit=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
