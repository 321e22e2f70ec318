"""Dashboard latency: a real `civicpulse serve` (waitress) under 20 logged-in clients.

    python -m bench.dashboard_latency                      # 1× and 10×, 20 clients, 5 rounds
    python -m bench.dashboard_latency --scales 1 --rounds 2 --clients 5   # quicker

Per scale, three servers on the same published home:
1. cache on, freshly started: every page opened once in Debian chromium, each in a fresh
   logged-in browser context (the cold load: navigation timing ``loadEventEnd`` and when the
   page's last callback answered), recording every POST /_dash-update-component body the
   browser sends, plus one planner run on the audience page (bench/dashboard_replay.py);
2. cache off (``--cache-mb 0``): those bodies replayed by 1 client, then by ``--clients``
   threads for ``--uncached-rounds`` rounds — every answer computed;
3. cache on, freshly started (empty cache): ``--clients`` threads for ``--rounds`` rounds; the
   first round fills the cache, later ones reuse it. Reported whole, by round and misses only
   (the server marks answers from its cache with ``X-Civicpulse-Cache: hit``).
Each client is its own user (a requests.Session, logged in, X-CSRFToken like dash-renderer),
closed loop without think time. Floor: the DuckDB queries each callback runs (recorded
in-process), executed directly on a cursor of the attached snapshot as the dashboards take
them — no Dash, no HTTP. Also timed: the same bodies through Flask's test client (Dash
without HTTP, cache off).

1× = the home `civicpulse demo --no-serve` builds (default `civicpulse sample` scale, as
`make demo`). 10× = that snapshot with every marts table holding municipality_code replicated
for 9 more (fictional) municipality codes, rows shuffled so no row group belongs to one city:
every table a callback scans is 10× larger, the city's own rows are the same (the 共同利用
case of several cities on one platform). Writes bench/out/dashboard_latency.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from bench.dashboard_replay import (
    CLI,
    PASSWORD,
    USER,
    Call,
    Sample,
    browse_in_child,
    client_user,
    env,
    floor,
    hammer,
    in_process,
    login,
    post,
    start_server,
    summarise,
)
from bench.machine import machine_details

ROOT = Path(__file__).resolve().parent.parent


def _load() -> float:
    return round(os.getloadavg()[0], 1)


# --- homes -------------------------------------------------------------------------------


def home_1x(work: Path) -> Path:
    home = work / "dash_1x"
    if not (home / "serving.duckdb").exists():
        shutil.rmtree(home, ignore_errors=True)
        subprocess.run([CLI, "demo", "--no-serve"], env=env(home), check=True)
    return home


def home_10x(one: Path, work: Path, copies: int = 10) -> Path:
    """The 1× snapshot with every municipality-keyed mart replicated ``copies`` times."""
    home = work / "dash_10x"
    serving = home / "serving.duckdb"
    if serving.exists():
        return home
    home.mkdir(parents=True, exist_ok=True)
    tmp = serving.with_suffix(".tmp")
    shutil.copyfile(one / "serving.duckdb", tmp)
    con = duckdb.connect(str(tmp))
    try:
        con.execute("select setseed(0.42)").fetchall()
        tables = con.execute(
            "select table_name from duckdb_columns() where schema_name = 'marts' "
            "and column_name = 'municipality_code' and database_name = current_database()"
        ).fetchall()
        for (name,) in tables:
            copies_sql = " union all ".join(
                f"select * replace ('99{k:02d}{k % 10}0' as municipality_code) from marts.{name}"
                for k in range(1, copies)
            )
            con.execute(
                f"create table marts.{name}__x as select * from (select * from marts.{name} "
                f"union all {copies_sql}) order by random()"
            )
            con.execute(f"drop table marts.{name}")
            con.execute(f"alter table marts.{name}__x rename to {name}")
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(tmp, serving)
    return home


def add_users(home: Path, clients: int) -> None:
    """The browsing user and one user per client (admins: every page, the SQL one too)."""
    for name in [USER, *(client_user(i) for i in range(clients))]:
        subprocess.run(
            [CLI, "users", "add", name, "--role", "admin", "--password-stdin", "--replace"],
            input=PASSWORD + "\n",
            text=True,
            env=env(home),
            check=True,
            capture_output=True,
        )


# --- one scale, the report ----------------------------------------------------------------


@contextmanager
def server(home: Path, args: argparse.Namespace, cache_mb: int = 64) -> Iterator[tuple[str, float]]:
    proc, base, ready = start_server(home, cache_mb, args.threads)
    try:
        yield base, ready
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _load_run(base: str, calls: list[Call], args: argparse.Namespace, rounds: int) -> dict:
    started = time.perf_counter()
    samples = hammer(base, calls, args.clients, rounds)
    wall = time.perf_counter() - started
    return {"samples": samples, "wall_s": round(wall, 1), "rps": round(len(samples) / wall, 1)}


def run_scale(home: Path, label: str, args: argparse.Namespace) -> dict[str, Any]:
    add_users(home, args.clients)
    loads = {"before": _load()}
    # 1. Cold page loads in chromium, as deployed (cache on, freshly started server); the
    #    callbacks the pages fire are recorded for the replays.
    with server(home, args) as (base, ready):
        calls, browser = browse_in_child(base, args.out / f"dashboard_calls_{label}.json")
    loads["browser"] = _load()
    if not calls:
        raise RuntimeError("the browser pass recorded no callbacks")
    print(f"[{label}] {len(calls)} callbacks; server ready in {ready:.1f} s", file=sys.stderr)
    # 2. The cache off: every answer computed (one client, then all clients).
    with server(home, args, cache_mb=0) as (base, _):
        single = {i: [] for i in range(len(calls))}
        session = login(base)
        for _ in range(args.single_rounds):
            for i, call in enumerate(calls):
                single[i].append(post(session, base, call.body))
        loads["single"] = _load()
        uncached = _load_run(base, calls, args, args.uncached_rounds)
    loads["uncached"] = _load()
    # 3. As deployed, from an empty cache: round 0 fills it, later rounds reuse it.
    with server(home, args) as (base, _):
        cached = _load_run(base, calls, args, args.rounds)
    loads["cached"] = _load()
    recorded, dash_times = in_process(home, calls, args.floor_reps)
    floors = floor(recorded, args.floor_reps)
    loads["after"] = _load()
    hot: list[Sample] = cached["samples"]
    pages: dict[str, Any] = {}
    for name in dict.fromkeys(c.page for c in calls):
        idx = [i for i, c in enumerate(calls) if c.page == name]
        pages[name] = {
            "callbacks": len(idx),
            "queries": sum(len(recorded[i]) for i in idx),
            "floor_ms": round(sum(floors[i] for i in idx) * 1000, 1),
            "dash_in_process_ms": round(sum(dash_times[i] for i in idx) * 1000, 1),
            "http_1_client_ms": round(sum(statistics.median(single[i]) for i in idx) * 1000, 1),
            "uncached": summarise([x.seconds for x in uncached["samples"] if x.page == name]),
            "cached": summarise([x.seconds for x in hot if x.page == name]),
            "browser": browser.get(name, {}),
            "slowest": max(
                ((calls[i].output, round(statistics.median(single[i]) * 1000, 1)) for i in idx),
                key=lambda pair: pair[1],
            ),
        }
    return {
        "label": label,
        "home": str(home),
        "server_ready_s": round(ready, 2),
        "clients": args.clients,
        "rounds": args.rounds,
        "uncached_rounds": args.uncached_rounds,
        "cached": {
            "requests": len(hot),
            "wall_s": cached["wall_s"],
            "throughput_rps": cached["rps"],
            "hit_share": round(sum(x.hit for x in hot) / len(hot), 3),
            "overall": summarise([x.seconds for x in hot]),
            "first_round": summarise([x.seconds for x in hot if x.round == 0]),
            "later_rounds": summarise([x.seconds for x in hot if x.round > 0]),
            "misses": summarise([x.seconds for x in hot if not x.hit]),
        },
        "uncached": {
            "requests": len(uncached["samples"]),
            "wall_s": uncached["wall_s"],
            "throughput_rps": uncached["rps"],
            "overall": summarise([x.seconds for x in uncached["samples"]]),
        },
        "load_average": loads,
        "pages": pages,
        "rows": _row_counts(home),
    }


def _row_counts(home: Path) -> dict[str, int]:
    con = duckdb.connect(str(home / "serving.duckdb"), read_only=True)
    try:
        names = [
            "fct_web_sessions_daily",
            "fct_channel_daily",
            "fct_ad_performance_daily",
            "ml_segment_engagement_by_hour",
            "fct_page_accessibility",
        ]
        return {n: con.execute(f"select count(*) from marts.{n}").fetchall()[0][0] for n in names}
    finally:
        con.close()


def markdown(results: list[dict[str, Any]], machine: dict[str, str]) -> str:
    lines = ["machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()), ""]
    for res in results:
        hot, cold = res["cached"], res["uncached"]
        lines += [
            f"**{res['label']}** — {res['clients']} clients, each its own user, closed loop "
            f"without think time; server ready {res['server_ready_s']} s; load average "
            f"{res['load_average']}; rows {res['rows']}",
            "",
            "| server | requests | req/s | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|---:|",
            _row(
                f"cache on, all {res['rounds']} rounds ({hot['hit_share']:.0%} hits)",
                hot,
                hot["overall"],
            ),
            _row("cache on, round 1 (empty cache)", None, hot["first_round"]),
            _row("cache on, rounds 2+", None, hot["later_rounds"]),
            _row("cache on, misses only", None, hot["misses"]),
            _row(f"cache off, {res['uncached_rounds']} rounds", cold, cold["overall"]),
            "",
            "| page | callbacks (queries) | floor ms | Dash in-process ms | HTTP 1 client ms "
            "| cache off: p50 / p95 ms | cache on: p50 / p95 ms | cold load / settled ms "
            "| slowest callback (1 client ms) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for name, p in res["pages"].items():
            u, c, b = p["uncached"], p["cached"], p["browser"]
            cold_load = f"{b.get('load_ms', '—')} / {b.get('settled_ms', '—')}"
            lines.append(
                f"| {name} | {p['callbacks']} ({p['queries']}) | {p['floor_ms']} | "
                f"{p['dash_in_process_ms']} | {p['http_1_client_ms']} | {u['p50']} / {u['p95']} "
                f"| {c['p50']} / {c['p95']} | {cold_load} | `{p['slowest'][0]}` "
                f"{p['slowest'][1]} |"
            )
        lines.append("")
    return "\n".join(lines)


def _row(name: str, run: dict[str, Any] | None, q: dict[str, float]) -> str:
    requests = q["n"] if run is None else run["requests"]
    rps = "" if run is None else run["throughput_rps"]
    return f"| {name} | {requests} | {rps} | {q['p50']} | {q['p95']} | {q['p99']} | {q['max']} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard_latency")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10], choices=[1, 10])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="rounds with the cache on")
    parser.add_argument("--uncached-rounds", type=int, default=2, help="rounds with it off")
    parser.add_argument("--single-rounds", type=int, default=3)
    parser.add_argument("--floor-reps", type=int, default=3)
    parser.add_argument("--home", type=Path, help="a published 1× home to use (else built)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--threads", type=int, help="civicpulse serve --threads")
    args = parser.parse_args(argv)
    work = (args.out / "work").resolve()
    work.mkdir(parents=True, exist_ok=True)
    one = args.home.resolve() if args.home else home_1x(work)
    results = []
    for scale in args.scales:
        home = one if scale == 1 else home_10x(one, work)
        results.append(run_scale(home, f"{scale}×", args))
    machine = machine_details()
    (args.out / "dashboard_latency.json").write_text(
        json.dumps({"machine": machine, "results": results}, ensure_ascii=False, indent=1)
    )
    text = markdown(results, machine)
    (args.out / "dashboard_latency.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
