"""Run dbt programmatically against the working warehouse (absolute path, keep_open false)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from warehouse.paths import HomePaths

PROJECT_DIR = Path(os.environ.get("CIVICPULSE_DBT_PROJECT", Path(__file__).resolve().parents[1]))


class DbtError(RuntimeError):
    pass


@dataclass(frozen=True)
class DbtOutcome:
    success: bool
    nodes: int
    failures: list[str]


def dbt_environment(paths: HomePaths) -> dict[str, str]:
    return {
        "CIVICPULSE_WAREHOUSE": str(paths.warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
    }


def run_dbt(paths: HomePaths, args: Sequence[str]) -> DbtOutcome:
    """Invoke dbt in-process (`args` like ["build"]) and summarise the result."""
    os.environ.update(dbt_environment(paths))
    from dbt.cli.main import dbtRunner  # imported late: ~1.5 s

    paths.dbt_target.mkdir(parents=True, exist_ok=True)
    full_args = [
        *args,
        "--project-dir",
        str(PROJECT_DIR),
        "--profiles-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(paths.dbt_target),
        "--log-path",
        str(paths.dbt_logs),
        "--quiet",
    ]
    result = dbtRunner().invoke(full_args)
    failures: list[str] = []
    nodes = 0
    if result.result is not None and hasattr(result.result, "results"):
        for node in result.result.results:
            nodes += 1
            status = str(getattr(node, "status", ""))
            if status.lower() in ("error", "fail", "runtimeerror"):
                failures.append(f"{node.node.unique_id}: {node.message}")
    if not result.success and not failures:
        failures.append(str(result.exception or "dbt failed"))
    return DbtOutcome(success=bool(result.success), nodes=nodes, failures=failures)
