"""`python -m bench` (= `make bench`): the GA4 ingest benchmark.

python -m bench                          # 1 M and 10 M events, recorded in bench/RESULTS.md
python -m bench --events 1000000         # one size
python -m bench --quick                  # a small smoke run; records nothing
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.ga4_ingest import LABELS, run

QUICK_EVENTS = 20_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--events", type=int, nargs="+", default=[1_000_000, 10_000_000], help="event counts"
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_EVENTS:,} events, no record")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of each floor and ours stage (the best is kept); dlt runs once",
    )
    parser.add_argument(
        "--dlt-dicts-max",
        type=int,
        default=1_000_000,
        help="run dlt's dict path (slow) only up to this many events",
    )
    parser.add_argument("--mem-cap-gb", type=float, help="kill a stage past this RSS")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per stage")
    parser.add_argument("--stages", nargs="+", choices=sorted(LABELS), help="only these stages")
    parser.add_argument("--no-record", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument(
        "--record", action="store_true", help="update bench/RESULTS.md even with --stages"
    )
    args = parser.parse_args(argv)
    events = [QUICK_EVENTS] if args.quick else args.events
    measurements = run(
        events,
        args.out.resolve(),
        seed=args.seed,
        repeat=args.repeat,
        dlt_dicts_max=args.dlt_dicts_max,
        mem_cap_gb=args.mem_cap_gb,
        timeout=args.timeout,
        record=args.record or not (args.quick or args.no_record or args.stages),
        stages=args.stages,
    )
    return 0 if all(m.ok for m in measurements if m.stage.startswith(("floor", "ours"))) else 1


if __name__ == "__main__":
    sys.exit(main())
