"""`civicpulse build --engine spark`: the same dbt models on Apache Spark (dbt-spark).

1. export every raw table (and the seeds) of warehouse.duckdb as Parquet (spark_export);
2. register them as Spark views (`dbt run-operation spark_register_views --target spark`);
3. `dbt run --target spark` for every model Spark can build (SPARK_EXCLUDED says which not);
   marts are written as Parquet partitioned by municipality_code under spark/marts/<table>/;
4. load those marts into warehouse.duckdb's `marts` schema (spark_marts);
5. on DuckDB: `dbt build` of what Spark did not build (the ML Python models, which dbt-spark's
   session method cannot run, and anything listed in SPARK_EXCLUDED), then `dbt test` of the
   Spark-built marts: the same data tests, run on Spark's output.

`publish` then snapshots the marts as usual: dashboards and analysts see no difference.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.connections import connect_writer
from warehouse.dbt_runner import PROJECT_DIR, DbtError, DbtOutcome, run_dbt
from warehouse.paths import HomePaths
from warehouse.spark_export import export_raw, export_seeds, view_statements
from warehouse.spark_marts import LoadedMart, load_marts
from warehouse.spark_paths import SparkPaths

# dbt selectors left out of the Spark run, with the reason. What they select is built on DuckDB
# (step 5), so the published snapshot is always complete.
SPARK_EXCLUDED: dict[str, str] = {
    "path:models/ml": (
        "dbt Python models (scikit-learn on polars) cannot run on dbt-spark's session method; "
        "ML runs on the serving side, on DuckDB, over the marts Spark built"
    ),
    "int_survey_respondents_weighted+": (
        "survey raking is 25 rounds of nested CTEs; Spark's analyzer needs more than the default "
        "100 iterations and, at 1000, had not finished analysing it after 3 minutes"
    ),
}

PSEUDONYMISE_BLOCKED: dict[str, str] = {
    "fct_web_sessions+": (
        "user_key uses macros/pseudonymise.sql, which is not dispatched yet (cast … as varchar, "
        "sha256 are DuckDB-only); spark__pseudonymise is ready in macros/cross_engine/"
    ),
    "fct_page_views+": "user_key uses pseudonymise (see fct_web_sessions+)",
}


def pseudonymise_dispatched(project_dir: Path = PROJECT_DIR) -> bool:
    """True once macros/pseudonymise.sql goes through adapter.dispatch (then Spark uses
    macros/cross_engine/pseudonymise_spark.sql)."""
    text = (project_dir / "macros" / "pseudonymise.sql").read_text(encoding="utf-8")
    return "adapter.dispatch" in text


def excluded_on_spark(project_dir: Path = PROJECT_DIR) -> dict[str, str]:
    excluded = dict(SPARK_EXCLUDED)
    if not pseudonymise_dispatched(project_dir):
        excluded.update(PSEUDONYMISE_BLOCKED)
    return excluded


def with_descendants(selectors: dict[str, str]) -> list[str]:
    """Each selector with its descendants (`sel+`): a model downstream of anything Spark does
    not build (e.g. rpt_kpi_monthly reads several marts) is built on DuckDB too."""
    return [s if s.endswith("+") else f"{s}+" for s in selectors]


@dataclass
class SparkBuildOutcome:
    exported_tables: int
    exported_rows: int
    spark: DbtOutcome
    loaded: list[LoadedMart]
    duckdb: DbtOutcome
    tests: DbtOutcome
    excluded: dict[str, str] = field(default_factory=dict)

    @property
    def nodes(self) -> int:
        return self.spark.nodes + self.duckdb.nodes + self.tests.nodes


def _check(outcome: DbtOutcome, step: str) -> DbtOutcome:
    if not outcome.success:
        raise DbtError(f"{step} failed:\n  " + "\n  ".join(outcome.failures[:20]))
    return outcome


def _spark_marts(paths: HomePaths) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[str]]]:
    """Marts the Spark run built (name → Spark columns) and their documented column order."""
    from pyspark.sql import SparkSession  # the session dbt-spark's `session` method started

    manifest = json.loads((paths.dbt_target / "manifest.json").read_text(encoding="utf-8"))
    results = json.loads((paths.dbt_target / "run_results.json").read_text(encoding="utf-8"))
    spark = SparkSession.builder.getOrCreate()
    schemas: dict[str, list[tuple[str, str]]] = {}
    documented: dict[str, list[str]] = {}
    for result in results["results"]:
        node = manifest["nodes"].get(result["unique_id"], {})
        if result["status"] != "success" or node.get("schema") != "marts":
            continue
        name = node["alias"]
        schemas[name] = [(c, t) for c, t in spark.table(f"marts.`{name}`").dtypes]
        documented[name] = list(node.get("columns", {}))
    return schemas, documented


def build_on_spark(paths: HomePaths, full_refresh: bool = False) -> SparkBuildOutcome:
    """Steps 1–5 above; raises DbtError with the failing nodes."""
    spark_paths = SparkPaths.of(paths).ensure()
    os.environ.update(spark_paths.dbt_environment())
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    con = connect_writer(paths)
    try:
        raw = export_raw(con, spark_paths)
        seeds = export_seeds(con, PROJECT_DIR / "seeds", spark_paths)
    finally:
        con.close()
    statements = view_statements(raw + seeds)
    _check(
        run_dbt(
            paths,
            [
                "run-operation",
                "spark_register_views",
                "--target",
                "spark",
                "--args",
                json.dumps({"statements": statements}),
            ],
        ),
        "registering the raw layer on Spark",
    )
    excluded = excluded_on_spark()
    args = ["run", "--target", "spark", "--exclude", *with_descendants(excluded)]
    spark_run = _check(
        run_dbt(paths, args + (["--full-refresh"] if full_refresh else [])), "dbt run on Spark"
    )
    schemas, documented = _spark_marts(paths)
    con = connect_writer(paths)
    try:
        loaded = load_marts(con, spark_paths, schemas, documented)
    finally:
        con.close()
    built = sorted(schemas)
    rest = ["build", "--exclude", *built] + (["--full-refresh"] if full_refresh else [])
    duck = _check(run_dbt(paths, rest), "dbt build on DuckDB (ML and models not on Spark)")
    tests = _check(run_dbt(paths, ["test", "--select", *built]), "data tests of the Spark marts")
    return SparkBuildOutcome(
        exported_tables=len(raw),
        exported_rows=sum(t.rows for t in raw),
        spark=spark_run,
        loaded=loaded,
        duckdb=duck,
        tests=tests,
        excluded=excluded,
    )
