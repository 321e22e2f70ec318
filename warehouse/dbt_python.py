"""What the dbt Python models need from the DuckDB they run in (dbt-duckdb's connection)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import polars as pl

# The limit dbt's DuckDB runs with (profiles.yml: the same variable and default).
BUILD_MEMORY_LIMIT_ENV = "CIVICPULSE_DBT_MEMORY_LIMIT"
BUILD_MEMORY_LIMIT_DEFAULT = "4GB"


@contextmanager
def duckdb_memory_lowered(session: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
    """DuckDB holds at most `limit` while a Python model holds its own frames.

    By the time the web segmentation runs, DuckDB may hold up to its whole limit (4 GB) in
    blocks cached by earlier nodes, and the model's polars frames would come on top. Lowering
    the limit evicts those blocks at once (the memory goes back to the OS); it is restored
    afterwards. If a node running beside this one has more than `limit` pinned, the limit stays
    as it was: the model still runs, only with the higher peak.
    """
    try:
        session.execute(f"SET memory_limit = '{limit}'")
    except duckdb.Error:
        yield
        return
    try:
        yield
    finally:
        restore = os.environ.get(BUILD_MEMORY_LIMIT_ENV, BUILD_MEMORY_LIMIT_DEFAULT)
        session.execute(f"SET memory_limit = '{restore}'")


# What DuckDB may hold while the web segmentation's Python models run: their own queries
# (one city's rows into polars) need far less; a SQL node beside them spills beyond it.
PYTHON_PHASE_MEMORY_LIMIT = "1GB"


def city_codes(relation: duckdb.DuckDBPyRelation) -> list[str]:
    """The municipality codes present in a model's relation, sorted."""
    rows = relation.select("municipality_code").distinct().fetchall()
    return sorted(str(code) for (code,) in rows if code is not None)


def for_city(relation: duckdb.DuckDBPyRelation, code: str) -> duckdb.DuckDBPyRelation:
    """One city's rows (a lazy filter: DuckDB reads only them when fetched)."""
    if not (len(code) == 6 and code.isdigit()):  # 全国地方公共団体コード; never other SQL text
        raise ValueError(f"not a municipality code: {code!r}")
    return relation.filter(f"municipality_code = '{code}'")


def city_user_frames(
    users: duckdb.DuckDBPyRelation, activity: duckdb.DuckDBPyRelation, code: str
) -> tuple[pl.DataFrame, pl.DataFrame, list[str]]:
    """One city's users and activity (ml/features.py's inputs), each user_key replaced by its
    rank among the city's keys (an integer), and the real keys by rank.

    The ranks sort as the keys do, so whatever ml/ builds from them is in the same order; but
    they take 8 bytes where a 64-character keyed hash took ~80: at 1x the 14.6 M activity rows
    came to 2.3 GB in polars with the keys, and DuckDB's Arrow copy came on top.
    """
    city = for_city(users, code).set_alias("city_users")
    ranks = city.select(
        "user_key, row_number() OVER (ORDER BY user_key) - 1 AS user_rank"
    ).set_alias("ranks")
    ranked = city.join(ranks, "user_key").order("user_rank").pl()
    keys = ranked["user_key"].to_list()
    users_frame = ranked.with_columns(pl.col("user_rank").alias("user_key")).drop("user_rank")
    activity_frame = (
        for_city(activity, code)
        .set_alias("city_activity")
        .join(ranks, "user_key")
        .select("user_rank AS user_key, feature, level, n")
        .pl()
    )
    return users_frame, activity_frame, keys
