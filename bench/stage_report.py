"""The pipeline-stage benchmark's table and RESULTS.md block (pure: measured dict → markdown)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from bench.machine import machine_details

INGEST_TARGET = 1.3  # ours ≤ 1.3× the floor
FULL_TARGET_S = 600.0  # dbt full build at 1× ≤ 10 min on 2 cores
INCREMENTAL_TARGET = 0.10  # incremental ≤ 10 % of full
MEMORY_TARGET_GB = 6.0  # every stage at 10×

WHAT = {
    "generate": "`civicpulse sample --seed {seed} --scale {scale}{cities_flag}` (every channel, "
    "one FY)",
    "ingest_floor": "floor: DuckDB alone — one `read_json` over the {ga4_files} GA4 day files "
    "(declared columns) + `read_csv` of each of the {other_files} other files (text columns)",
    "ingest": "ours: `civicpulse ingest` of the same {files} files (detect, sha256, read, "
    "validate, load with manifest; GA4 day files in batches, each in parts side by side, "
    "one transaction per part; other files one transaction per file)",
    "replicate": "10×: raw tables copied as {cities_more} more cities in DuckDB (bench/cities.py)",
    "dbt_parse": "dbt fixed cost (a): `dbt parse`, cold (no partial-parse file)",
    "dbt_overhead": "dbt fixed cost (b): `dbt build --select stg_civic__e_applications` "
    "(one view + its tests, warm parse)",
    "dbt_full": "dbt full build: raw tables ensured + `dbt build --full-refresh` ({nodes} nodes)",
    "ingest_day": "`civicpulse ingest` of the held-back GA4 day ({held_back})",
    "replicate_day": "10×: that day copied for the other cities",
    "dbt_incremental": "dbt incremental daily build: `dbt build` after one more day "
    "({nodes} nodes)",
    "publish": "`civicpulse publish` (marts → serving.duckdb, atomic swap)",
    "ml_lift": "ML lift: ml/campaign_lift over every campaign ({campaigns} campaigns, "
    "{municipalities} cities) on the published marts",
    "ml_segmentation": "ML segmentation: `bench/ml_segmentation.py --users {users}` "
    "(synthetic users, k by BIC, fit + score)",
}


def slowest_nodes(path: Path, n: int) -> dict[str, Any]:
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    nodes = [
        {
            "unique_id": r["unique_id"],
            "seconds": round(float(r.get("execution_time") or 0.0), 1),
            "status": r.get("status"),
        }
        for r in data.get("results", [])
    ]
    by_type: dict[str, float] = {}
    for node in nodes:
        kind = str(node["unique_id"]).split(".")[0]
        by_type[kind] = round(by_type.get(kind, 0.0) + float(node["seconds"]), 1)
    nodes.sort(key=lambda x: -float(x["seconds"]))
    return {"elapsed": data.get("elapsed_time"), "by_type": by_type, "top": nodes[:n]}


def _num(value: object, digits: int = 1) -> str:
    return f"{value:,.{digits}f}" if isinstance(value, int | float) else "—"


def _what(name: str, m: dict[str, Any], run: dict[str, Any]) -> str:
    facts = m.get("facts", {}) | run.get("result", {})
    values = {
        "seed": m["seed"],
        "scale": f"{m['scale']:g}",
        "users": f"{m['users']:,}",
        "cities_more": m["cities"] - 1,
        "cities_flag": f" --cities {m['cities']}" if facts.get("cities_from") == "sample" else "",
        "nodes": "?",
        "campaigns": "?",
        "municipalities": "?",
        "held_back": "?",
        "ga4_files": "?",
        "other_files": "?",
        "files": "?",
    } | {k: v for k, v in facts.items() if isinstance(v, str | int)}
    try:
        return WHAT.get(name, name).format(**values)
    except (KeyError, ValueError):
        return WHAT.get(name, name)


def _seconds(run: dict[str, Any]) -> float | None:
    inner = run.get("result", {}).get("seconds")
    return float(inner) if isinstance(inner, int | float) else run.get("wall")


def _volume(m: dict[str, Any]) -> float:
    return float(m.get("volume") or m["scale"] * m["cities"])


def _cpu(run: dict[str, Any]) -> float | None:
    inner = run.get("result", {}).get("cpu_seconds")
    return float(inner) if isinstance(inner, int | float) else run.get("cpu")


def _compare(name: str, m: dict[str, Any]) -> str:
    runs = m["runs"]
    run = runs[name]
    if not run.get("ok"):
        return "—"
    if name == "ingest" and runs.get("ingest_floor", {}).get("ok"):
        ratio = _seconds(run) / _seconds(runs["ingest_floor"])  # type: ignore[operator]
        cpu = _cpu(run) / _cpu(runs["ingest_floor"])  # type: ignore[operator]
        verdict = "met" if ratio <= INGEST_TARGET else "MISSED"
        return (
            f"{ratio:.2f}× floor wall, {cpu:.2f}× floor CPU "
            f"(target ≤ {INGEST_TARGET}× wall: {verdict})"
        )
    if name == "dbt_full":
        seconds = float(run["wall"])
        at_1x = abs(_volume(m) - 1) < 0.05
        verdict = ("met" if seconds <= FULL_TARGET_S else "MISSED") if at_1x else "n/a here"
        return f"target ≤ {FULL_TARGET_S:.0f} s at 1× ({verdict})"
    if name == "dbt_incremental" and runs.get("dbt_full", {}).get("ok"):
        share = float(run["wall"]) / float(runs["dbt_full"]["wall"])
        verdict = "met" if share <= INCREMENTAL_TARGET else "MISSED"
        return f"{share:.0%} of full (target ≤ {INCREMENTAL_TARGET:.0%}: {verdict})"
    if name in ("dbt_parse", "dbt_overhead") and runs.get("dbt_full", {}).get("ok"):
        return f"{float(run['wall']) / float(runs['dbt_full']['wall']):.1%} of full"
    return ""


def _note(name: str, run: dict[str, Any]) -> str:
    result = run.get("result", {})
    parts = [run.get("note", "")] if run.get("note") else []
    if name in ("ingest", "ingest_day", "ingest_floor") and "ga4_rows" in result:
        parts.append(f"{int(result['ga4_rows']):,} GA4 events")
    if name.startswith("dbt") and result.get("failures"):
        parts.append(f"{result['failures']} failing node(s): {', '.join(result['failed'])[:200]}")
    if name.startswith("dbt") and "plan" in result:
        parts.append(f"{result['plan']} (`dbt {result['dbt_args']}`)")
    if name.startswith("replicate") and "rows_copied" in result:
        parts.append(f"{int(result['rows_copied']):,} rows copied")
    if name == "publish" and "rows" in result:
        parts.append(f"{result['tables']} tables, {int(result['rows']):,} rows, {result['gb']} GB")
    if name == "ml_lift" and "statuses" in result:
        parts.append("status: " + ", ".join(f"{k} {v}" for k, v in result["statuses"].items()))
    if name == "ml_segmentation" and "k" in result:
        parts.append(
            f"k={result['k']}, fit+score {result['fit_and_score_s']} s, ARI {result['ari_5plus']}"
        )
    return "; ".join(p for p in parts if p)


def render_table(m: dict[str, Any]) -> str:
    head = (
        "| stage | what runs | work s | process s | CPU s | peak RSS GB | compared with | note |\n"
        "|---|---|---:|---:|---:|---:|---|---|"
    )
    rows = []
    for name, run in m["runs"].items():
        ok = run.get("ok")
        inner = run.get("result", {}).get("seconds")
        rows.append(
            f"| {name} | {_what(name, m, run)} | {_num(inner) if ok else '—'} "
            f"| {_num(run.get('wall')) if ok else '—'} | {_num(_cpu(run))} "
            f"| {_num(run.get('rss_gb'), 2)} | {_compare(name, m)} | {_note(name, run)} |"
        )
    peak = max((r.get("rss_gb") or 0.0 for r in m["runs"].values()), default=0.0)
    ten_x = _volume(m) >= 9.5
    verdict = ("met" if peak <= MEMORY_TARGET_GB else "MISSED") if ten_x else "n/a: not 10× data"
    rows.append(
        f"| **peak memory** | largest peak RSS of any stage | | | | {peak:.2f} "
        f"| target ≤ {MEMORY_TARGET_GB:.0f} GB at 10× ({verdict}) | |"
    )
    return head + "\n" + "\n".join(rows)


def render_slowest(m: dict[str, Any]) -> str:
    slow = m.get("slowest") or {}
    if not slow:
        return "(no run_results.json from the full build)"
    total = sum(slow["by_type"].values()) or 1.0
    lines = [
        f"dbt's elapsed time {_num(slow.get('elapsed'))} s; node time by type (2 threads, "
        "so the sum exceeds the elapsed time): "
        + ", ".join(f"{k} {v:,.1f} s" for k, v in sorted(slow["by_type"].items())),
        "",
        "| # | node | s | share of node time | status |",
        "|---:|---|---:|---:|---|",
    ]
    for i, node in enumerate(slow["top"], start=1):
        lines.append(
            f"| {i} | `{node['unique_id']}` | {node['seconds']:,.1f} "
            f"| {float(node['seconds']) / total:.0%} | {node['status']} |"
        )
    return "\n".join(lines)


def render_block(m: dict[str, Any]) -> str:
    machine = machine_details()
    facts = m.get("facts", {})
    load = "/".join(f"{v:.1f}" for v in m["load_before"])
    after = "/".join(f"{v:.1f}" for v in m["load_after"])
    scale, cities = m["scale"], m["cities"]
    data = (
        f"seed {m['seed']}, scale {scale:g}, {cities} cit{'y' if cities == 1 else 'ies'} "
        f"(= {_volume(m):.3g}× one city's year of web traffic)"
    )
    if facts.get("cities_from") == "sample":
        data += f", from `civicpulse sample --cities {cities}` (each city smaller)"
    elif facts.get("cities_from") == "copies":
        data += ", the other cities copied from the first in the raw tables (bench/cities.py)"
    if facts:
        data += (
            f"; first ingest {facts['files']} files: {facts['ga4_files']} GA4 days "
            f"({float(facts['ga4_gb']):.2f} GB gzip) + {float(facts['other_mb']):.1f} MB of other "
            f"sources; held back for the incremental build: {facts['held_back']}"
        )
    return "\n".join(
        [
            f"## Pipeline stages, scale {scale:g} × {cities} cit{'y' if cities == 1 else 'ies'}",
            "",
            f"Measured {m['measured_at']} by `{m['command']}`.",
            "",
            "Machine: " + "; ".join(f"{k} {v}" for k, v in machine.items()) + ".",
            f"Load average (1/5/15 min) before: {load}, after: {after} on {os.cpu_count()} cores"
            f" (shared with other work); stage memory cap {m['cap_gb']} GB.",
            "",
            f"Data: {data}.",
            "",
            *([f"**Partial record** — {m['partial']}.", ""] if m.get("partial") else []),
            *([f"**Stopped**: {m['stopped']}.", ""] if m.get("stopped") else []),
            render_table(m),
            "",
            "*work s*: the stage's own work timed inside its process (imports excluded); "
            "*process s*: the whole process (imports included); *CPU s*: user + system of the "
            "work (imports excluded; the whole process from os.wait4 where the stage is a plain "
            "command: generate, segmentation); *peak RSS*: the process, from os.wait4. Ratios "
            "use *work s* for ingest and *process s* for dbt (a user waits for the imports).",
            "",
            "### dbt full build: the ten slowest nodes (target/run_results.json)",
            "",
            render_slowest(m),
            "",
        ]
    )
