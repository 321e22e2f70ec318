"""The steps of the pipeline-stage benchmark, each run in a process of its own:

    python -m bench.stage_steps STEP HOME [ARG ...]

HOME is the CIVICPULSE_HOME the step works on. Imports happen before the timed part; the last
stdout line is a JSON object with `seconds` (wall of the work itself), `cpu_seconds` (CPU of
the step call, imports excluded) and what the step found.

Steps: ingest FILELIST (civicpulse.pipeline.ingest_files, i.e. `civicpulse ingest FILE...`),
floor FILELIST DB (DuckDB reading the same files natively, see `floor`), dbt ARG... (`build`
and `build --full-refresh` go through pipeline.build and its build plan, so a plain `build`
after a new day is the daily build; other dbt commands run as given, failures counted, not
raised), publish, lift (the lift model over every campaign, on the published marts),
replicate N [SINCE_LOAD] (10×: copies of the raw tables as N-1 more cities, bench/cities.py).
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import sys
import time
from pathlib import Path

import duckdb


def _settings(home: Path):  # type: ignore[no-untyped-def]
    from civicpulse.settings import Settings

    return Settings.from_env({**os.environ, "CIVICPULSE_HOME": str(home)})


def _files(listing: str) -> list[Path]:
    return [Path(line) for line in Path(listing).read_text().splitlines() if line]


def ingest(home: Path, listing: str) -> dict[str, object]:
    from civicpulse.pipeline import ingest_files

    settings = _settings(home)
    settings.paths.ensure()
    files = _files(listing)
    started = time.perf_counter()
    outcomes = ingest_files(settings, files)
    seconds = time.perf_counter() - started
    bad = [o for o in outcomes if o.status == "quarantined"]
    result: dict[str, object] = {
        "seconds": seconds,
        "files": len(files),
        "loaded": sum(o.status == "loaded" for o in outcomes),
        "rows": sum(o.rows_loaded for o in outcomes),
        "ga4_rows": sum(o.rows_loaded for o in outcomes if o.source == "ga4"),
    }
    if bad:
        result["error"] = f"{len(bad)} file(s) quarantined, e.g. {bad[0].message[:200]}"
    return result


def floor(home: Path, listing: str, db: str) -> dict[str, object]:
    """DuckDB alone, into a fresh file: ONE read_json over all the GA4 daily files with our
    declared columns (ingest/ga4_export.py COLUMNS) into one table, and each other file as
    plain read_csv (auto-detected dialect, every column text, UTF-16 by its BOM, else UTF-8;
    ignore_errors: DuckDB does not decode CP932 and skips what it cannot parse). No detection,
    no sha256, no validation, no manifest, no per-file transaction."""
    from ingest.ga4_export import COLUMNS

    files = _files(listing)
    ga4 = [str(f) for f in files if f.name.startswith("events_") and ".json" in f.name]
    others = [f for f in files if str(f) not in set(ga4)]
    declared = "{" + ", ".join(f"'{k}': '{v}'" for k, v in COLUMNS.items()) + "}"
    con = duckdb.connect(db)
    rows = 0
    started = time.perf_counter()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(
            "CREATE TABLE ga4_events AS SELECT * FROM read_json(?, format = 'newline_delimited', "
            f"columns = {declared})",
            [ga4],
        )
        [(ga4_rows,)] = con.execute("SELECT count(*) FROM ga4_events").fetchall()
        for index, path in enumerate(others):
            with path.open("rb") as handle:
                bom = handle.read(2)
            encoding = "utf-16" if bom in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
            rows += _read_csv(con, index, path, encoding)
    finally:
        con.close()
    return {
        "seconds": time.perf_counter() - started,
        "ga4_files": len(ga4),
        "ga4_rows": ga4_rows,
        "other_files": len(others),
        "other_rows": rows,
    }


def _read_csv(con: duckdb.DuckDBPyConnection, index: int, path: Path, encoding: str) -> int:
    con.execute(f"DROP TABLE IF EXISTS f{index}")
    con.execute(
        f"CREATE TABLE f{index} AS SELECT * FROM read_csv(?, all_varchar = true, header = false, "
        f"null_padding = true, parallel = false, strict_mode = false, ignore_errors = true, "
        f"encoding = '{encoding}')",
        [str(path)],
    )
    [(rows,)] = con.execute(f"SELECT count(*) FROM f{index}").fetchall()
    return int(rows)


def dbt_step(home: Path, *args: str) -> dict[str, object]:
    """A dbt command, timed. `build` goes through pipeline.build (raw tables made to exist, then
    the build plan: `build --full-refresh` is the full build, a plain `build` after a new day is
    the daily build); other commands run as given. A failing node is reported, not raised, so
    the timing survives a failing data test."""
    from civicpulse import pipeline
    from warehouse.dbt_runner import DbtError, run_dbt

    settings = _settings(home)
    os.environ["CIVICPULSE_PSEUDONYM_KEY"] = settings.pseudonym_key
    started = time.perf_counter()
    result: dict[str, object] = {}
    if args and args[0] == "build" and len(args) <= 2:
        try:
            built = pipeline.build(settings, full_refresh="--full-refresh" in args)
        except DbtError as error:
            result["error"] = str(error)[:300]
        else:
            result.update(
                nodes=built.nodes,
                failures=0,
                plan=f"{built.plan.kind}: {built.plan.reason}",
                dbt_args=" ".join(built.plan.args),
            )
    else:
        outcome = run_dbt(settings.paths, list(args))
        result.update(
            nodes=outcome.nodes, failures=len(outcome.failures), failed=outcome.failures[:5]
        )
        if not outcome.success and outcome.nodes == 0:
            result["error"] = "; ".join(outcome.failures)[:300]
    result["seconds"] = time.perf_counter() - started
    return result


def publish(home: Path) -> dict[str, object]:
    from civicpulse.pipeline import publish_snapshot

    started = time.perf_counter()
    outcome = publish_snapshot(_settings(home))
    return {
        "seconds": time.perf_counter() - started,
        "tables": outcome.tables,
        "rows": outcome.rows,
        "gb": round(outcome.bytes / 1e9, 3),
    }


def lift(home: Path) -> dict[str, object]:
    """What models/ml/ml_campaign_lift.py runs, on the published marts: every campaign of every
    municipality (reading the marts is outside the timed part)."""
    import polars as pl

    from ml.campaign_lift import campaign_lift_table, lift_card
    from ml.lift import LiftConfig
    from warehouse.connections import connect_reader

    con = connect_reader(_settings(home).paths)
    try:
        campaigns = con.sql("SELECT * FROM marts.dim_campaigns").pl()
        outcomes = con.sql("SELECT * FROM marts.fct_civic_outcomes_daily").pl()
        calendar = con.sql("SELECT date_day, is_business_day, day_of_week FROM marts.dim_date").pl()
    finally:
        con.close()
    config = LiftConfig()
    started = time.perf_counter()
    statuses: dict[str, int] = {}
    for code in sorted(campaigns["municipality_code"].unique().to_list()):
        city_outcomes = outcomes.filter(pl.col("municipality_code") == code)
        table = campaign_lift_table(
            campaigns.filter(pl.col("municipality_code") == code), city_outcomes, calendar, config
        )
        window = (city_outcomes["activity_date"].min(), city_outcomes["activity_date"].max())
        lift_card(table, code, window, config)
        for status in table["status"].to_list():
            statuses[status] = statuses.get(status, 0) + 1
    return {
        "seconds": time.perf_counter() - started,
        "campaigns": campaigns.height,
        "municipalities": campaigns["municipality_code"].n_unique(),
        "statuses": statuses,
    }


def replicate(home: Path, copies: str, since_load: str = "") -> dict[str, object]:
    from bench.cities import replicate_raw

    settings = _settings(home)
    started = time.perf_counter()
    found = replicate_raw(settings.paths.warehouse, int(copies), since_load or None)
    return {"seconds": time.perf_counter() - started} | found


STEPS = {
    "ingest": ingest,
    "floor": floor,
    "dbt": dbt_step,
    "publish": publish,
    "lift": lift,
    "replicate": replicate,
}


PRELOAD = {  # imported before the measured call, so that no step counts its imports
    "ingest": ("civicpulse.pipeline",),
    "floor": ("ingest.ga4_export",),
    "dbt": ("civicpulse.pipeline", "warehouse.dbt_runner", "dbt.cli.main"),
    "publish": ("civicpulse.pipeline",),
    "lift": ("polars", "ml.campaign_lift", "warehouse.connections"),
    "replicate": ("bench.cities",),
}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    step, home, rest = argv[0], Path(argv[1]), argv[2:]
    for module in PRELOAD[step]:
        importlib.import_module(module)
    cpu = _cpu()
    result = STEPS[step](home, *rest)
    result["cpu_seconds"] = _cpu() - cpu
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
