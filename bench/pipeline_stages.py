"""The whole pipeline, stage by stage, at a scale (issue 10): one table, recorded in RESULTS.md.

    python -m bench.pipeline_stages --scale 0.1             # one city, 10 % of its web traffic
    python -m bench.pipeline_stages --scale 1 --cities 10   # civicpulse sample --cities 10
    python -m bench.pipeline_stages --scale 1 --cities 10 --replicate  # raw tables copied 10×
    python -m bench.pipeline_stages --scale 0.01 --no-record --users 20000   # smoke run

Stages, each in its own process (peak RSS via os.wait4): generate (`civicpulse sample`, cached
in bench/out/stages/), the ingest floor (DuckDB alone) and ours (`civicpulse ingest`) on the
same files — all but the last GA4 day —, dbt's fixed overhead (cold `dbt parse`; a build of one
staging view), the full build (--full-refresh), ingest of the held-back day, the incremental
build, publish, the lift model over every campaign, and the segmentation benchmark
(bench/ml_segmentation.py). The ten slowest nodes of the full build come from run_results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import sys
from dataclasses import asdict
from pathlib import Path

from bench.stage_report import render_block, render_table, slowest_nodes
from bench.stage_runner import StageRun, Stopped, available_gb, run_stage

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TRIVIAL_MODEL = "stg_civic__e_applications"
SAMPLE_CITIES = ROOT / "samplecity" / "cities.py"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        tag = f"s{args.scale:g}_c{args.cities}"
        self.root = (args.home_root or Path(f"/tmp/bench_stages_{tag}")).resolve()
        self.home = self.root / "home"
        self.logs = self.root / "logs"
        self.out = args.out.resolve() / "stages"
        # Several cities come from `civicpulse sample --cities N` when the tree has it (each city
        # in inbox/<code>/, smaller with k: samplecity/cities.py), else from copies of the raw
        # tables (bench/cities.py); --replicate forces the copies.
        self.copies = args.cities > 1 and (args.replicate or not SAMPLE_CITIES.exists())
        many = f"_cities{args.cities}" if args.cities > 1 and not self.copies else ""
        self.sample = self.out / f"sample_seed{args.seed}_scale{args.scale:g}{many}"
        self.cap = args.mem_cap_gb or round(0.8 * available_gb(), 1)
        self.runs: dict[str, StageRun] = {}
        self.stopped = ""
        self.load_before = os.getloadavg()
        self.facts: dict[str, object] = {}
        python = Path(sys.executable)
        self.python, self.cli = str(python), str(python.parent / "civicpulse")

    def env(self) -> dict[str, str]:
        return os.environ | {
            "CIVICPULSE_HOME": str(self.home),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }

    def stage(self, name: str, argv: list[str], needs: tuple[str, ...] = ()) -> StageRun:
        missing = [n for n in needs if not (n in self.runs and self.runs[n].ok)]
        if self.stopped:
            run = StageRun(name, ok=False, note=f"not run: {self.stopped}")
        elif missing:
            run = StageRun(name, ok=False, note=f"not run: {', '.join(missing)} did not finish")
        else:
            _log(f"[{dt.datetime.now():%H:%M:%S}] {name} …")
            run = run_stage(
                name,
                argv,
                cwd=ROOT,
                env=self.env(),
                logs=self.logs,
                timeout=self.args.timeout,
                cap_gb=self.cap,
            )
        _log(f"  {name}: {run.brief()}")
        self.runs[name] = run
        if run.note.startswith("did not finish: stopped"):
            self.stopped = "the benchmark was stopped during an earlier stage"
        self.save(final=False)
        return run

    def step(self, name: str, *args: str, needs: tuple[str, ...] = ()) -> StageRun:
        argv = [self.python, "-m", "bench.stage_steps", *args]
        return self.stage(name, argv, needs)

    def generate(self) -> None:
        marker = self.sample / "generated.json"
        if marker.exists():
            cached = json.loads(marker.read_text())
            run = StageRun(**cached["run"])
            run.note = f"cached: generated {cached['at']} (bench/out/stages/)"
            self.runs["generate"] = run
            _log(f"reusing {self.sample} ({run.note})")
            return
        shutil.rmtree(self.sample, ignore_errors=True)
        inbox = self.sample / "inbox"
        argv = [
            self.cli,
            "sample",
            "--seed",
            str(self.args.seed),
            "--scale",
            f"{self.args.scale:g}",
        ]
        if self.args.cities > 1 and not self.copies:
            argv += ["--cities", str(self.args.cities)]
        run = self.stage("generate", [*argv, "--out", str(inbox)])
        if run.ok:
            marker.write_text(
                json.dumps({"at": f"{dt.datetime.now():%Y-%m-%d %H:%M}", "run": asdict(run)})
            )

    def file_lists(self) -> tuple[Path, Path, dict[str, object]]:
        from civicpulse.files import expand

        files = expand([str(self.sample / "inbox")])
        ga4 = [f for f in files if f.parent.name == "ga4" and f.name.startswith("events_")]
        last: dict[Path, Path] = {}  # the last GA4 day of each city
        for f in ga4:
            last[f.parent] = max(last.get(f.parent, f), f)
        held = sorted(last.values())
        first = [f for f in files if f not in held]
        first_list, day_list = self.root / "files_first.txt", self.root / "files_day.txt"
        first_list.write_text("\n".join(map(str, first)) + "\n")
        day_list.write_text("\n".join(map(str, held)) + "\n")
        names = sorted({f.name for f in held})
        facts: dict[str, object] = {
            "files": len(first),
            "ga4_files": len(ga4) - len(held),
            "held_back": ", ".join(names)
            + (f" (each of {len(held)} cities)" if len(held) > 1 else ""),
            "ga4_gb": sum(f.stat().st_size for f in ga4 if f not in held) / 1e9,
            "other_mb": sum(f.stat().st_size for f in first if f not in ga4) / 1e6,
            "cities_from": "copies" if self.copies else "sample" if self.args.cities > 1 else "",
        }
        return first_list, day_list, facts

    def run(self) -> dict[str, object]:
        args = self.args
        shutil.rmtree(self.root, ignore_errors=True)
        self.logs.mkdir(parents=True)
        self.generate()
        if not self.runs["generate"].ok:
            return self.measured()
        first, day, self.facts = self.file_lists()
        home = str(self.home)
        self.step("ingest_floor", "floor", home, str(first), str(self.root / "floor.duckdb"))
        (self.root / "floor.duckdb").unlink(missing_ok=True)
        self.step("ingest", "ingest", home, str(first))
        prior = ("ingest",)
        if self.copies:
            self.step("replicate", "replicate", home, str(args.cities), needs=prior)
            prior = ("ingest", "replicate")
        self.step("dbt_parse", "dbt", home, "parse", needs=prior)
        self.step("dbt_overhead", "dbt", home, "build", "--select", TRIVIAL_MODEL, needs=prior)
        self.step("dbt_full", "dbt", home, "build", "--full-refresh", needs=prior)
        self._keep_run_results("full")
        self.step("ingest_day", "ingest", home, str(day), needs=("dbt_full",))
        day_needs: tuple[str, ...] = ("ingest_day",)
        if self.copies:
            held = Path(day.read_text().strip()).name
            self.step("replicate_day", "replicate", home, str(args.cities), held, needs=day_needs)
            day_needs = ("ingest_day", "replicate_day")
        self.step("dbt_incremental", "dbt", home, "build", needs=day_needs)
        self._keep_run_results("incremental")
        self.step("publish", "publish", home, needs=("dbt_incremental",))
        self.step("ml_lift", "lift", home, needs=("publish",))
        seg = [self.python, "bench/ml_segmentation.py", "--users", str(args.users)]
        run = self.stage("ml_segmentation", seg)
        if run.ok:
            header, values = (self.logs / "ml_segmentation.stdout.txt").read_text().split()[-2:]
            run.result = dict(zip(header.split(","), values.split(","), strict=True))
        return self.measured()

    def _keep_run_results(self, kind: str) -> None:
        source = self.home / "dbt" / "target" / "run_results.json"
        if source.exists():
            shutil.copy(source, self.root / f"run_results_{kind}.json")

    def save(self, final: bool) -> dict[str, object]:
        """The measurements so far: JSON in bench/out/stages/, and (unless --no-record) the
        RESULTS.md block, rewritten after every stage so that a stopped run keeps its record."""
        measured = self.measured()
        if not final:
            measured["partial"] = "run in progress: the stages below are those finished so far"
        self.out.mkdir(parents=True, exist_ok=True)
        target = self.out / f"pipeline_stages_{self.root.name}.json"
        target.write_text(json.dumps(measured, indent=2, default=str))
        if not self.args.no_record:
            record(f"scale={self.args.scale:g} cities={self.args.cities}", render_block(measured))
        return measured

    def planned(self) -> list[str]:
        more = self.copies
        return [
            "generate",
            "ingest_floor",
            "ingest",
            *(["replicate"] if more else []),
            "dbt_parse",
            "dbt_overhead",
            "dbt_full",
            "ingest_day",
            *(["replicate_day"] if more else []),
            "dbt_incremental",
            "publish",
            "ml_lift",
            "ml_segmentation",
        ]

    def volume(self) -> float:
        """The web traffic as a multiple of one sample city's full year."""
        if self.args.cities > 1 and not self.copies:
            from samplecity.cities import city_scale

            return sum(city_scale(k, self.args.scale) for k in range(self.args.cities))
        return self.args.scale * self.args.cities

    def measured(self) -> dict[str, object]:
        runs = {name: asdict(run) for name, run in self.runs.items()}
        why = f"not run: {self.stopped}" if self.stopped else "not reached yet"
        for name in self.planned():
            runs.setdefault(name, asdict(StageRun(name, ok=False, note=why)))
        nodes = slowest_nodes(self.root / "run_results_full.json", 10)
        return {
            "scale": self.args.scale,
            "cities": self.args.cities,
            "seed": self.args.seed,
            "users": self.args.users,
            "facts": self.facts,
            "volume": self.volume(),
            "runs": runs,
            "stopped": self.stopped,
            "slowest": nodes,
            "load_before": self.load_before,
            "load_after": os.getloadavg(),
            "cap_gb": self.cap,
            "measured_at": f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
            "command": "python -m bench.pipeline_stages " + " ".join(sys.argv[1:]),
        }


def record(marker: str, block: str) -> None:
    begin, end = (
        f"<!-- pipeline-stages {marker} begin -->",
        f"<!-- pipeline-stages {marker} end -->",
    )
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    section = f"{begin}\n{block}{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    tmp = RESULTS.with_suffix(".md.tmp")
    tmp.write_text(text)
    tmp.replace(RESULTS)  # atomic: a stop in the middle never leaves half a file


def _stop(signum: int, frame: object) -> None:
    raise Stopped("stopped by SIGTERM (time box)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pipeline_stages", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", type=float, required=True, help="civicpulse sample --scale")
    parser.add_argument("--cities", type=int, default=1, help="cities (civicpulse sample --cities)")
    parser.add_argument(
        "--replicate", action="store_true", help="make the cities by copying raw tables instead"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--users", type=int, default=1_000_000, help="segmentation benchmark users")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--home-root", type=Path, help="default /tmp/bench_stages_s<S>_c<N>")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per stage")
    parser.add_argument("--mem-cap-gb", type=float, help="kill a stage past this RSS")
    parser.add_argument("--no-record", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument("--keep-home", action="store_true", help="keep the warehouse afterwards")
    args = parser.parse_args(argv)
    bench = Bench(args)
    signal.signal(signal.SIGTERM, _stop)
    try:
        bench.run()
    except Stopped as stop:  # between two stages
        bench.stopped = str(stop)
    measured = bench.save(final=True)
    print("\n" + render_table(measured))
    if not args.no_record:
        _log(f"recorded in {RESULTS.relative_to(ROOT)}")
    if not args.keep_home:
        shutil.rmtree(bench.home, ignore_errors=True)
    core = ("ingest_floor", "ingest", "dbt_full", "dbt_incremental", "publish")
    return 0 if all(measured["runs"].get(n, {}).get("ok") for n in core) else 1


if __name__ == "__main__":
    sys.exit(main())
