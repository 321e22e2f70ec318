"""The marts built on DuckDB and on local Apache Spark, same raw data, same machine.

    python -m bench.spark_vs_duckdb --cities 10 --scale 0.001 [--ga4-days 365] [--record]

Generates `--cities` sample cities (990019, 990027, …, smaller each) into one inbox, ingests
them once, copies the home, then times `civicpulse build` (DuckDB: dbt build, every test) and
`civicpulse build --engine spark` (raw → Parquet, dbt run on Spark, marts back, ML and data
tests on DuckDB) — each a fresh process, so JVM start and dbt parsing are included, as a user
would see them. `--record` rewrites the section between the spark-vs-duckdb markers in
bench/RESULTS.md. Prints one JSON line per build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.tree_usage import TreeSampler, TreeUsage

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- spark-vs-duckdb begin -->", "<!-- spark-vs-duckdb end -->"


def _run(home: Path, *args: str) -> tuple[float, str, TreeUsage]:
    """Seconds, what the command printed, and the CPU and peak memory of its process tree
    (the JVM included)."""
    env = dict(
        os.environ,
        CIVICPULSE_HOME=str(home),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        SPARK_LOCAL_IP="127.0.0.1",
        CIVICPULSE_PSEUDONYM_KEY="b" * 64,
    )
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "civicpulse.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = TreeSampler(proc.pid)
    stdout, stderr = proc.communicate()
    usage = sampler.stop()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"civicpulse {' '.join(args)} failed:\n{stderr[-4000:]}")
    return seconds, stdout.strip(), usage


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cities", type=int, default=10)
    parser.add_argument("--scale", type=float, default=0.001)
    parser.add_argument("--ga4-days", type=int, default=365)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "spark_vs_duckdb")
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args(argv)

    from samplecity.cities import generate_cities

    shutil.rmtree(args.out, ignore_errors=True)
    duck, spark = args.out / "duck", args.out / "spark"
    inbox = duck / "inbox"
    generate_cities(inbox, seed=1, scale=args.scale, cities=args.cities)
    for city in inbox.iterdir():
        for extra in sorted((city / "ga4").iterdir())[args.ga4_days :]:
            extra.unlink()
    load = [round(os.getloadavg()[0], 1)]
    ingest_s, _, _ = _run(duck, "ingest", str(inbox))
    shutil.copytree(duck, spark, ignore=shutil.ignore_patterns("inbox", "archive"))
    import duckdb

    con = duckdb.connect(str(duck / "warehouse.duckdb"), read_only=True)
    events = con.execute("SELECT count(*) FROM raw.ga4__events").fetchone()[0]  # type: ignore[index]
    con.close()
    duck_s, duck_out, duck_use = _run(duck, "build")
    load.append(round(os.getloadavg()[0], 1))
    spark_s, spark_out, spark_use = _run(spark, "build", "--engine", "spark")
    load.append(round(os.getloadavg()[0], 1))
    rows = [
        {"engine": "duckdb", "seconds": round(duck_s, 1), "summary": duck_out} | _use(duck_use),
        {
            "engine": "spark (local[2])",
            "seconds": round(spark_s, 1),
            "summary": spark_out,
            "raw_parquet_mb": round(_size(spark / "spark" / "raw") / 1e6, 1),
        }
        | _use(spark_use),
    ]
    print(json.dumps({"load_average": load}))
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))
    if args.record:
        _record(args, int(events), ingest_s, rows)


def _use(usage: TreeUsage) -> dict[str, float]:
    return {"cpu_s": usage.cpu_s, "peak_rss_gb": usage.peak_rss_gb}


def _record(args: argparse.Namespace, events: int, ingest_s: float, rows: list[dict]) -> None:
    lines = [
        BEGIN,
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores: {args.cities} cities, "
        f"scale {args.scale}, {args.ga4_days} GA4 days, {events:,} GA4 events "
        f"(ingest once: {ingest_s:.0f} s).",
        "",
        "| build | wall s | CPU s (process tree) | peak RSS GB (tree) | what it printed |",
        "|---|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['engine']} | {row['seconds']} | {row['cpu_s']} | {row['peak_rss_gb']} "
            f"| {row['summary']} |"
        )
    lines.append(END)
    text = RESULTS.read_text(encoding="utf-8")
    block = "\n".join(lines)
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
