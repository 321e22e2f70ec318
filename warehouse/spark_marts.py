"""Marts built on Spark come back as Parquet (spark/marts/<table>/municipality_code=…/) and are
loaded into warehouse.duckdb's `marts` schema, so `publish` and every reader work unchanged."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.spark_paths import SparkPaths

_SPARK_TO_DUCKDB = {
    "string": "VARCHAR",
    "bigint": "BIGINT",
    "int": "INTEGER",
    "integer": "INTEGER",
    "smallint": "SMALLINT",
    "tinyint": "TINYINT",
    "double": "DOUBLE",
    "float": "FLOAT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "timestamp_ntz": "TIMESTAMP",
}


@dataclass(frozen=True)
class LoadedMart:
    name: str
    rows: int
    columns: int


def duckdb_type(spark_type: str) -> str:
    """DuckDB type for a Spark simple type (decimal(p,s), string, bigint, …).

    A decimal with more than 4 decimals is the result of a division (`x / 1000.0`: Spark keeps
    decimals, e.g. decimal(38,17)); DuckDB's `/` gives DOUBLE there, so DOUBLE it is. The
    models' own decimals are money, decimal(18,2)."""
    text = spark_type.strip().lower()
    if text in _SPARK_TO_DUCKDB:
        return _SPARK_TO_DUCKDB[text]
    decimal = re.fullmatch(r"decimal\((\d+),\s*(\d+)\)", text)
    if decimal:
        return (
            "DOUBLE"
            if int(decimal.group(2)) > 4
            else f"DECIMAL({decimal.group(1)},{decimal.group(2)})"
        )
    if text.startswith("array<") and text.endswith(">"):
        return duckdb_type(text[6:-1]) + "[]"
    raise ValueError(f"no DuckDB type for Spark type {spark_type!r}")


def ordered(columns: Sequence[str], documented: Sequence[str]) -> list[str]:
    """Spark puts partition columns last; put the columns back in the documented order (the
    model's order) when the documentation names them all, else municipality_code first."""
    if documented and sorted(documented) == sorted(columns):
        return list(documented)
    head = [c for c in columns if c == "municipality_code"]
    return head + [c for c in columns if c != "municipality_code"]


def load_marts(
    con: duckdb.DuckDBPyConnection,
    spark: SparkPaths,
    schemas: Mapping[str, Sequence[tuple[str, str]]],
    documented: Mapping[str, Sequence[str]],
) -> list[LoadedMart]:
    """Replace marts.<name> in DuckDB with Spark's Parquet for every mart in `schemas`
    (name → Spark columns (name, type)); one transaction."""
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE SCHEMA IF NOT EXISTS marts")
    loaded: list[LoadedMart] = []
    con.execute("BEGIN")
    try:
        for name, spark_columns in schemas.items():
            types = {col: duckdb_type(t) for col, t in spark_columns}
            order = ordered([c for c, _ in spark_columns], documented.get(name, ()))
            select = ", ".join(f'CAST("{c}" AS {types[c]}) AS "{c}"' for c in order)
            source = _parquet_source(spark.marts / name, types)
            if source is None:
                cols = ", ".join(f'"{c}" {types[c]}' for c in order)
                con.execute(f'CREATE OR REPLACE TABLE marts."{name}" ({cols})')
            else:
                con.execute(
                    f'CREATE OR REPLACE TABLE marts."{name}" AS SELECT {select} FROM {source}'
                )
            rows = con.execute(f'SELECT count(*) FROM marts."{name}"').fetchone()[0]  # type: ignore[index]
            loaded.append(LoadedMart(name, int(rows), len(order)))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return loaded


def _parquet_source(folder: Path, types: Mapping[str, str]) -> str | None:
    if not any(folder.rglob("*.parquet")):
        return None
    hive_types = ", ".join(f"'{c}': '{types[c]}'" for c in types if any(folder.glob(f"{c}=*")))
    options = "hive_partitioning = true" + (
        f", hive_types = {{{hive_types}}}" if hive_types else ""
    )
    return f"read_parquet('{folder.as_posix()}/**/*.parquet', {options})"
