"""Run one pipeline stage in a process of its own and measure it from outside.

Wall seconds are the whole process (imports included: what a user of the CLI waits for); CPU
seconds and peak RSS come from `os.wait4` (user + system of the process and the children it
waited for; the largest resident set among them). A stage that prints a JSON object as its last
stdout line (bench/stage_steps.py does) hands back its own inner measurements, e.g. the
seconds of the work itself with imports excluded. A stage past its memory cap or its time
limit is killed and reported as such.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


class Stopped(Exception):
    """Raised in the benchmark's main thread (SIGTERM) to end the running stage."""


@dataclass
class StageRun:
    name: str
    ok: bool
    wall: float | None = None
    cpu: float | None = None
    rss_gb: float | None = None
    result: dict[str, object] = field(default_factory=dict)
    note: str = ""

    def brief(self) -> str:
        if not self.ok:
            return f"NOT OK: {self.note} (peak RSS {self.rss_gb} GB)"
        inner = self.result.get("seconds")
        inner_text = f" ({inner:.1f} s inner)" if isinstance(inner, float) else ""
        return (
            f"{self.wall:.1f} s wall{inner_text}, {self.cpu:.1f} s CPU, "
            f"peak RSS {self.rss_gb:.2f} GB"
        )


def run_stage(
    name: str,
    argv: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    logs: Path,
    timeout: float,
    cap_gb: float,
) -> StageRun:
    logs.mkdir(parents=True, exist_ok=True)
    stdout, stderr = logs / f"{name}.stdout.txt", logs / f"{name}.stderr.txt"
    started = time.perf_counter()
    with stdout.open("wb") as out_f, stderr.open("wb") as err_f:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out_f, stderr=err_f)
    killed: list[str] = []
    watcher = threading.Thread(
        target=_watch, args=(proc.pid, cap_gb, time.monotonic() + timeout, killed), daemon=True
    )
    watcher.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except Stopped as stop:  # the benchmark itself was told to stop (time box): not silent
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, 9)
        _, status, usage = os.wait4(proc.pid, 0)
        killed.append(f"did not finish: {stop} after {time.perf_counter() - started:.0f} s")
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    run = StageRun(
        name,
        ok=proc.returncode == 0,
        wall=round(wall, 1),
        cpu=round(usage.ru_utime + usage.ru_stime, 1),
        rss_gb=round(usage.ru_maxrss / 1e6, 2),  # KiB on Linux
    )
    if killed:
        run.ok, run.note = False, killed[0]
    elif proc.returncode != 0:
        tail = stderr.read_text(errors="replace").strip().splitlines()[-1:] or ["?"]
        run.note = f"failed (exit {proc.returncode}): {tail[0][:200]}"
    lines = stdout.read_text(errors="replace").strip().splitlines()
    if lines and lines[-1].startswith("{"):
        with contextlib.suppress(json.JSONDecodeError):
            run.result = json.loads(lines[-1])
    if run.ok and run.result.get("error"):
        run.ok, run.note = False, str(run.result["error"])
    return run


def _watch(pid: int, cap_gb: float, deadline: float, killed: list[str]) -> None:
    """Kill the stage process `pid` past the RSS cap or the deadline."""
    started = time.monotonic()
    while True:
        try:
            with open(f"/proc/{pid}/status") as handle:
                text = handle.read()
        except (FileNotFoundError, ProcessLookupError):
            return
        if "State:\tZ" in text:
            return
        match = re.search(r"VmRSS:\s+(\d+) kB", text)
        rss = int(match.group(1)) / 1e6 if match else 0.0
        elapsed = time.monotonic() - started
        reason = ""
        if rss > cap_gb:
            reason = f"killed: RSS passed the {cap_gb} GB cap after {elapsed:.0f} s"
        elif time.monotonic() > deadline:
            reason = f"did not finish: killed after {elapsed:.0f} s (time limit)"
        if reason:
            killed.append(reason)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
            return
        time.sleep(0.5)


def available_gb() -> float:
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1e6
    return 8.0
