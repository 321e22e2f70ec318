"""GA4 ingest benchmark: our reader + loader against DuckDB's own readers (the floor) and dlt,
on the same NDJSON and Parquet files in the same run.

Each stage runs in its own process and loads into a fresh DuckDB file; wall and CPU seconds
cover the load itself, peak RSS is the stage process's own (os.wait4). A stage whose RSS passes
the memory cap is killed (the machine is shared) and reported as such.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.data import BenchFiles, prepare
from bench.machine import machine_details

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TARGET = 1.3

JSON_STAGES = ["floor_json_declared", "floor_json_auto", "ours_json", "dlt_json_arrow"]
PARQUET_STAGES = ["floor_parquet", "ours_parquet", "dlt_parquet"]
FLOOR = {"json": "floor_json_declared", "parquet": "floor_parquet"}
LABELS = {
    "floor_json_declared": "DuckDB read_json, declared columns — floor",
    "floor_json_auto": "DuckDB read_json, auto-detected columns",
    "ours_json": "ours: civicpulse ingest (registry.read + loader.load)",
    "dlt_json_arrow": "dlt → DuckDB, Arrow batches (pyarrow JSON)",
    "dlt_json_dicts": "dlt → DuckDB, filesystem read_jsonl (dicts)",
    "floor_parquet": "DuckDB read_parquet — floor",
    "ours_parquet": "ours: civicpulse ingest (registry.read + loader.load)",
    "dlt_parquet": "dlt → DuckDB, filesystem read_parquet (Arrow)",
}


@dataclass
class Measurement:
    stage: str
    kind: str  # json | parquet
    events: int
    ok: bool
    wall: float | None = None
    cpu: float | None = None
    rss_gb: float | None = None
    rows: int | None = None
    db_gb: float | None = None
    note: str = ""


def run(
    events_list: list[int],
    out: Path,
    *,
    seed: int = 1,
    repeat: int = 1,
    dlt_dicts_max: int = 1_000_000,
    mem_cap_gb: float | None = None,
    timeout: float = 1800.0,
    record: bool = True,
    stages: list[str] | None = None,
) -> list[Measurement]:
    out.mkdir(parents=True, exist_ok=True)
    cap = mem_cap_gb or round(0.8 * _available_gb(), 1)
    everything: list[Measurement] = []
    for events in events_list:
        files = prepare(out, events, seed, log=_log)
        load_before = os.getloadavg()
        chosen = stages or [
            *JSON_STAGES,
            *(["dlt_json_dicts"] if events <= dlt_dicts_max else []),
            *PARQUET_STAGES,
        ]
        runs: list[Measurement] = []
        for attempt in range(repeat):
            for stage in chosen:
                if attempt and stage.startswith("dlt"):
                    continue  # the comparison, not the target: once is enough
                kind = "parquet" if stage in PARQUET_STAGES else "json"
                path = files.parquet if kind == "parquet" else files.ndjson
                _log(f"[{events:,} events, run {attempt + 1}/{repeat}] {stage} …")
                m = run_stage(stage, kind, path, events, out / "work" / stage, cap, timeout)
                _log(f"  {_brief(m)}")
                runs.append(m)
        best = _best(runs, chosen)
        if events > dlt_dicts_max and not stages:
            best.append(
                Measurement(
                    "dlt_json_dicts",
                    "json",
                    events,
                    False,
                    note=f"not run above {dlt_dicts_max:,} events (see the smaller run: "
                    "it scales linearly and would take too long here)",
                )
            )
        table = render_table(best, repeat)
        print("\n" + table)
        block = render_block(files, best, repeat, table, load_before, os.getloadavg(), cap)
        (out / f"ga4_ingest_{events}.md").write_text(block)
        (out / f"ga4_ingest_{events}.json").write_text(
            json.dumps({"runs": [asdict(m) for m in runs], "data": files.meta}, indent=2)
        )
        if record:
            _record(events, block)
            _log(f"recorded in {RESULTS.relative_to(ROOT)}")
        everything += best
    return everything


def run_stage(
    stage: str, kind: str, path: Path, events: int, work: Path, cap_gb: float, timeout: float
) -> Measurement:
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    stdout, stderr = work / "stdout.txt", work / "stderr.txt"
    with stdout.open("wb") as out_f, stderr.open("wb") as err_f:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.stages", stage, str(path), str(work)],
            cwd=ROOT,
            stdout=out_f,
            stderr=err_f,
        )
    killed: list[str] = []
    watcher = threading.Thread(
        target=_watch, args=(proc.pid, cap_gb, time.monotonic() + timeout, killed), daemon=True
    )
    watcher.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss_gb = usage.ru_maxrss / 1e6  # KiB on Linux
    m = Measurement(stage, kind, events, False, rss_gb=round(rss_gb, 2))
    try:
        if proc.returncode == 0:
            result = json.loads(stdout.read_text().strip().splitlines()[-1])
            m.ok = result["rows"] == events
            m.wall, m.cpu, m.rows = result["wall"], result["cpu"], result["rows"]
            m.note = result.get("note", "")
            if not m.ok:
                m.note = f"loaded {result['rows']:,} rows, expected {events:,}"
            m.db_gb = round(_size(work) / 1e9, 2)
        elif killed:
            m.note = killed[0]
        else:
            tail = stderr.read_text(errors="replace").strip().splitlines()[-1:] or ["?"]
            m.note = f"failed (exit {proc.returncode}): {tail[0][:160]}"
            if "No module named 'dlt'" in tail[0]:
                m.note = "dlt is not installed (bench-only: pip install 'dlt[duckdb]')"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return m


def _watch(pid: int, cap_gb: float, deadline: float, killed: list[str]) -> None:
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
        reason = ""
        if rss > cap_gb:
            reason = (
                f"killed: RSS passed the {cap_gb} GB cap after {time.monotonic() - started:.0f} s"
            )
        elif time.monotonic() > deadline:
            reason = f"killed: still running after {time.monotonic() - started:.0f} s"
        if reason:
            killed.append(reason)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
            return
        time.sleep(0.2)


def _best(runs: list[Measurement], order: list[str]) -> list[Measurement]:
    """Per stage: the run with the least wall time (the least disturbed by other work)."""
    best = []
    for stage in order:
        mine = [m for m in runs if m.stage == stage]
        good = [m for m in mine if m.ok]
        if good:
            chosen = min(good, key=lambda m: m.wall or 0.0)
            if len(good) > 1:
                walls = ", ".join(f"{m.wall:.1f}" for m in good)
                median = statistics.median(m.wall or 0.0 for m in good)
                chosen.note = (chosen.note + "; " if chosen.note else "") + (
                    f"runs {walls} s, median {median:.1f}"
                )
            best.append(chosen)
        elif mine:
            best.append(mine[-1])
    return best


def _ratio(m: Measurement, floors: dict[str, Measurement], field: str) -> str:
    floor = floors.get(m.kind)
    if not m.ok or floor is None or not floor.ok:
        return "—"
    return f"{getattr(m, field) / getattr(floor, field):.2f}×"


def render_table(best: list[Measurement], repeat: int) -> str:
    floors = {kind: m for m in best for kind, name in FLOOR.items() if m.stage == name}
    head = (
        "| file | stage | events | wall s | ratio to floor (wall) | CPU s | ratio (CPU) "
        "| peak RSS GB | note |\n|---|---|---:|---:|---:|---:|---:|---:|---|"
    )
    rows = []
    for m in best:
        kind = "NDJSON" if m.kind == "json" else "Parquet"
        wall = f"{m.wall:.1f}" if m.ok and m.wall is not None else "—"
        cpu = f"{m.cpu:.1f}" if m.ok and m.cpu is not None else "—"
        rss = f"{m.rss_gb:.2f}" if m.rss_gb is not None else "—"
        rows.append(
            f"| {kind} | {LABELS.get(m.stage, m.stage)} | {m.events:,} | {wall} "
            f"| {_ratio(m, floors, 'wall')} | {cpu} | {_ratio(m, floors, 'cpu')} | {rss} "
            f"| {m.note} |"
        )
    best_of = f"best of {repeat} runs per stage; " if repeat > 1 else ""
    return f"{head}\n" + "\n".join(rows) + f"\n\n({best_of}target: ours ≤ {TARGET}× the floor)"


def render_block(
    files: BenchFiles,
    best: list[Measurement],
    repeat: int,
    table: str,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
    cap_gb: float,
) -> str:
    meta = files.meta
    machine = machine_details()
    lines = [
        f"## GA4 ingest, {files.events:,} events",
        "",
        f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by "
        f"`python -m bench --events {files.events}"
        + (f" --repeat {repeat}" if repeat > 1 else "")
        + "`.",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in machine.items()) + ".",
        f"Load average (1/5/15 min) before: {_load(load_before)}, after: {_load(load_after)} "
        f"on {os.cpu_count()} cores; stage memory cap {cap_gb} GB.",
        "",
        f"Data: {files.events:,} events from `samplecity.generate(seed={meta['seed']}, "
        f"scale={meta['scale']})`, {meta.get('copies', 1)} cop"
        f"{'y' if meta.get('copies', 1) == 1 else 'ies'}; NDJSON "
        f"{int(meta['ndjson_bytes']) / 1e9:.2f} GB, Parquet "
        f"{int(meta['parquet_bytes']) / 1e6:.0f} MB (snappy, declared types).",
        "",
        table,
        "",
    ]
    return "\n".join(lines)


def _record(events: int, block: str) -> None:
    begin, end = f"<!-- ga4-ingest {events} begin -->", f"<!-- ga4-ingest {events} end -->"
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    section = f"{begin}\n{block}{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text)


def _brief(m: Measurement) -> str:
    if not m.ok:
        return f"NOT OK: {m.note} (peak RSS {m.rss_gb} GB)"
    return f"{m.wall:.1f} s wall, {m.cpu:.1f} s CPU, peak RSS {m.rss_gb:.2f} GB, {m.rows:,} rows"


def _load(values: tuple[float, float, float]) -> str:
    return "/".join(f"{v:.1f}" for v in values)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.duckdb*") if p.is_file())


def _available_gb() -> float:
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1e6
    return 8.0


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
