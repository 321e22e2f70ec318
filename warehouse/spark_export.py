"""The raw layer for Spark: every raw table of warehouse.duckdb as Parquet, and the view
statements that make `raw.<table>` (and the seeds) resolve to those files on the spark target.

Layout (hive-style folders, the way Spark, Trino and DuckDB discover partitions):

    spark/raw/ga4__events/municipality_code=990019/event_date=20250401/data_0.parquet
    spark/raw/line__friend_days/municipality_code=990019/_month=2025-04/data_0.parquet
    spark/raw/newsletter__issues/municipality_code=990019/data_0.parquet   (no date column)
    spark/raw/x__empty_table/empty.parquet                                 (schema only)

GA4 events are partitioned by day (the export's own unit, and the large table); the other
tables by month of their first DATE column (daily folders of a few rows each would make Spark
list thousands of tiny files). Partition values are read back as strings and every top-level
column is cast to its DuckDB type in the view, so the sources look the same on both engines.
"""

from __future__ import annotations

import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from warehouse.spark_paths import SparkPaths

RAW_SCHEMA = "raw"
SEED_SCHEMA = "seeds"
DAILY_TABLES = {"ga4__events": "event_date"}
MONTH_PARTITION = "_month"

_SCALARS = {
    "VARCHAR": "string",
    "BIGINT": "bigint",
    "INTEGER": "int",
    "SMALLINT": "smallint",
    "TINYINT": "tinyint",
    "HUGEINT": "decimal(38,0)",
    "UBIGINT": "decimal(20,0)",
    "DOUBLE": "double",
    "FLOAT": "float",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamp",
}


@dataclass(frozen=True)
class ExportedTable:
    schema: str
    name: str
    location: Path
    columns: tuple[tuple[str, str], ...]  # (name, DuckDB type)
    rows: int
    partitions: tuple[str, ...]


def spark_type(duckdb_type: str) -> str | None:
    """The Spark type to cast a top-level column to; None for nested types (kept as read)."""
    if duckdb_type in _SCALARS:
        return _SCALARS[duckdb_type]
    decimal = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", duckdb_type.replace(" ", ""))
    if decimal:
        return f"decimal({decimal.group(1)},{decimal.group(2)})"
    return None


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [schema, table],
    ).fetchall()
    return [(str(n), str(t)) for n, t in rows]


def partition_plan(table: str, columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(partition column, SQL expression) pairs for one raw table."""
    names = {n for n, _ in columns}
    plan: list[tuple[str, str]] = []
    if "municipality_code" in names:
        plan.append(("municipality_code", "municipality_code"))
    if table in DAILY_TABLES and DAILY_TABLES[table] in names:
        plan.append((DAILY_TABLES[table], DAILY_TABLES[table]))
        return plan
    first_date = next((n for n, t in columns if t == "DATE"), None)
    if first_date is not None:
        plan.append((MONTH_PARTITION, f"strftime(\"{first_date}\", '%Y-%m')"))
    return plan


def _write(
    con: duckdb.DuckDBPyConnection,
    select_sql: str,
    target: Path,
    rows: int,
    plan: list[tuple[str, str]],
) -> None:
    """COPY into a fresh folder, then swap it in (a failed export leaves the old one)."""
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        if rows == 0 or not plan:
            tmp.mkdir(parents=True)
            name = "empty.parquet" if rows == 0 else "data_0.parquet"
            con.execute(f"COPY ({select_sql}) TO '{tmp / name}' (FORMAT parquet)")
        else:
            extra = "".join(f', {expr} AS "{col}"' for col, expr in plan if col != expr)
            partition_by = ", ".join(f'"{col}"' for col, _ in plan)
            con.execute(
                f"COPY (SELECT *{extra} FROM ({select_sql})) TO '{tmp}' "
                f"(FORMAT parquet, PARTITION_BY ({partition_by}))"
            )
        old = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def export_raw(con: duckdb.DuckDBPyConnection, spark: SparkPaths) -> list[ExportedTable]:
    """Write every raw table as partitioned Parquet under spark/raw/<table>/."""
    spark.ensure()
    tables = [
        str(t)
        for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
            "AND table_catalog = current_database() ORDER BY 1",
            [RAW_SCHEMA],
        ).fetchall()
    ]
    out: list[ExportedTable] = []
    for table in tables:
        columns = _columns(con, RAW_SCHEMA, table)
        rows = int(con.execute(f'SELECT count(*) FROM {RAW_SCHEMA}."{table}"').fetchone()[0])  # type: ignore[index]
        plan = partition_plan(table, columns) if rows else []
        location = spark.raw / table
        _write(con, f'SELECT * FROM {RAW_SCHEMA}."{table}"', location, rows, plan)
        out.append(
            ExportedTable(
                RAW_SCHEMA, table, location, tuple(columns), rows, tuple(c for c, _ in plan)
            )
        )
    for stale in sorted(spark.raw.iterdir()):
        if stale.is_dir() and stale.name not in tables and not stale.name.startswith("."):
            shutil.rmtree(stale)
    return out


_SEED_TYPES = {"varchar": "VARCHAR", "string": "VARCHAR", "text": "VARCHAR", "date": "DATE"}


def export_seeds(
    con: duckdb.DuckDBPyConnection, seeds_dir: Path, spark: SparkPaths
) -> list[ExportedTable]:
    """Read the seed CSVs with DuckDB (column_types from seeds/_seeds.yml) into Parquet.

    On Spark, `dbt seed` inserts row batches through the session (~22 s for four small files);
    a view over Parquet costs nothing and gives the same types as the DuckDB target.
    """
    spark.ensure()
    config = yaml.safe_load((seeds_dir / "_seeds.yml").read_text(encoding="utf-8")) or {}
    types: dict[str, dict[str, str]] = {}
    for seed in config.get("seeds", []):
        declared = (seed.get("config") or {}).get("column_types") or {}
        types[seed["name"]] = {
            col: _SEED_TYPES.get(str(t).lower(), str(t).upper()) for col, t in declared.items()
        }
    out: list[ExportedTable] = []
    for csv in sorted(seeds_dir.glob("*.csv")):
        name = csv.stem
        declared = types.get(name, {})
        type_arg = ", types = {" + ", ".join(f"'{c}': '{t}'" for c, t in declared.items()) + "}"
        select = f"SELECT * FROM read_csv('{csv}', header = true{type_arg if declared else ''})"
        con.execute(f'CREATE OR REPLACE TEMP TABLE "seed_{name}" AS {select}')
        columns = [
            (str(n), str(t))
            for n, t in con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? AND table_schema = 'main' AND table_catalog = 'temp' "
                "ORDER BY ordinal_position",
                [f"seed_{name}"],
            ).fetchall()
        ]
        rows = int(con.execute(f'SELECT count(*) FROM temp."seed_{name}"').fetchone()[0])  # type: ignore[index]
        location = spark.seeds / name
        _write(con, f'SELECT * FROM temp."seed_{name}"', location, 0 if rows == 0 else rows, [])
        out.append(ExportedTable(SEED_SCHEMA, name, location, tuple(columns), rows, ()))
    return out


def view_statements(tables: list[ExportedTable]) -> list[str]:
    """Spark SQL that makes each exported table a view `<schema>.<name>` over its Parquet."""
    statements = [f"create database if not exists {s}" for s in sorted({t.schema for t in tables})]
    for table in tables:
        selects = []
        for name, duck_type in table.columns:
            target = spark_type(duck_type)
            quoted = f"`{name}`"
            selects.append(f"cast({quoted} as {target}) as {quoted}" if target else quoted)
        statements.append(
            f"create or replace view {table.schema}.`{table.name}` as select "
            + ", ".join(selects)
            + f" from parquet.`{table.location.as_posix()}`"
        )
    return statements
