"""Where a dbt build's time and memory go, node by node (issue 10's profiles).

    python -m bench.dbt_memory --home /path/to/home [--full-refresh | --complete] [--label L]

Runs `civicpulse build` on an existing CIVICPULSE_HOME as a child process, samples the resident
memory of its process tree every 0.25 s (bench/tree_usage.py's /proc reader), and afterwards
lays the samples over dbt's run_results.json: for each node, the largest tree RSS seen while it
executed (with 2 dbt threads another node may be running beside it: both are listed). Prints the
build's wall, CPU and peak, its plan line, and the nodes by time and by memory; the whole record
goes to bench/out/dbt_memory_<label>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.tree_usage import _descendants, _sample

OUT = Path(__file__).resolve().parent / "out"


def _profile(command: list[str], env: dict[str, str], interval: float) -> dict[str, object]:
    samples: list[tuple[float, int]] = []
    cpu: dict[int, float] = {}
    started = time.time()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss = 0
            for pid in _descendants(child.pid):
                seen = _sample(pid)
                if seen is not None:
                    cpu[pid] = max(cpu.get(pid, 0.0), seen[0])
                    rss += seen[1]
            samples.append((time.time(), rss))
            done.wait(interval)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    output, _ = child.communicate()
    done.set()
    thread.join()
    return {
        "wall_s": round(time.time() - started, 1),
        "cpu_s": round(sum(cpu.values()), 1),
        "peak_rss_gb": round(max((r for _, r in samples), default=0) / 1e9, 2),
        "returncode": child.returncode,
        "output": output.decode(errors="replace").strip().splitlines()[-3:],
        "samples": samples,
    }


def _utc(text: str) -> float:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _nodes(run_results: Path, samples: list[tuple[float, int]]) -> list[dict[str, object]]:
    nodes: list[dict[str, object]] = []
    for result in json.loads(run_results.read_text())["results"]:
        execute = [t for t in result.get("timing", []) if t["name"] == "execute"]
        if not execute or not execute[0].get("started_at"):
            continue
        start, end = _utc(execute[0]["started_at"]), _utc(execute[0]["completed_at"])
        during = [rss for when, rss in samples if start <= when <= end]
        nodes.append(
            {
                "node": result["unique_id"].split(".", 1)[1],
                "seconds": round(result["execution_time"], 1),
                "peak_rss_gb": round(max(during, default=0) / 1e9, 2),
            }
        )
    return nodes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--full-refresh", action="store_true")
    parser.add_argument("--complete", action="store_true")
    parser.add_argument("--label", default="build")
    parser.add_argument("--interval", type=float, default=0.25)
    args = parser.parse_args()
    wanted = {"--full-refresh": args.full_refresh, "--complete": args.complete}
    command = [sys.executable, "-m", "civicpulse.cli", "build"]
    command += [flag for flag, on in wanted.items() if on]
    env = {**os.environ, "CIVICPULSE_HOME": str(args.home)}
    load_before = os.getloadavg()
    record = _profile(command, env, args.interval)
    samples = record.pop("samples")
    assert isinstance(samples, list)
    record["load_before"] = [round(x, 1) for x in load_before]
    record["load_after"] = [round(x, 1) for x in os.getloadavg()]
    record["command"] = " ".join(command[2:])
    nodes = _nodes(args.home / "dbt" / "target" / "run_results.json", samples)
    record["nodes"] = nodes
    OUT.mkdir(exist_ok=True)
    (OUT / f"dbt_memory_{args.label}.json").write_text(json.dumps(record, indent=1))
    print(
        f"{record['command']}: wall {record['wall_s']} s, CPU {record['cpu_s']} s, "
        f"peak RSS {record['peak_rss_gb']} GB, load {record['load_before']} → "
        f"{record['load_after']}; {len(nodes)} nodes"
    )
    print("\n".join(str(line) for line in record["output"]))  # type: ignore[union-attr]
    print("\n| node | s | tree RSS GB while it ran (peak) |\n|---|---:|---:|")
    for node in sorted(nodes, key=lambda n: -float(n["seconds"]))[:12]:  # type: ignore[arg-type]
        print(f"| `{node['node']}` | {node['seconds']} | {node['peak_rss_gb']} |")
    print("\nby memory:\n| node | s | tree RSS GB while it ran (peak) |\n|---|---:|---:|")
    for node in sorted(nodes, key=lambda n: -float(n["peak_rss_gb"]))[:12]:  # type: ignore[arg-type]
        print(f"| `{node['node']}` | {node['seconds']} | {node['peak_rss_gb']} |")


if __name__ == "__main__":
    main()
