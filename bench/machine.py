"""What the benchmark ran on, for RESULTS.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib import metadata


def machine_details() -> dict[str, str]:
    details = {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "RAM": f"{_mem_total_gb():.1f} GB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
    }
    for package in ("duckdb", "polars", "pyarrow", "dlt"):
        try:
            details[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            details[package] = "not installed"
    details["date"] = dt.date.today().isoformat()
    return details


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total_gb() -> float:
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1e6
    except OSError:
        pass
    return 0.0
