"""Cut one snapshot per municipality from the published serving.duckdb.

A city-scoped reader (a dashboard user who belongs to one municipality) opens only its city's
file, so no query it can write — pages, exports, the SQL sandbox — can see another city's rows:
the other rows are not in the file. Tables without a municipality_code column (calendars,
shared reference data) are copied whole. Each file is written beside and swapped in with
os.replace, like serving.duckdb itself.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from pathlib import Path

import duckdb

from warehouse.paths import HomePaths

_CODE = re.compile(r"^[0-9]{6}$")


def write_city_snapshots(
    paths: HomePaths, con: duckdb.DuckDBPyConnection | None = None
) -> list[str]:
    """(Re)write the per-city snapshots from serving.duckdb; return the municipality codes.

    Publish passes its writer connection, so the copies share its memory limit and buffer
    pool: a second DuckDB instance added ~1.9 GB to publish's peak at 1x (3.75 to 5.64 GB)."""
    own = con is None
    con = duckdb.connect(":memory:") if con is None else con
    try:
        con.execute(f"ATTACH '{_literal(paths.serving)}' AS serving (READ_ONLY)")
        tables = con.execute(
            "SELECT table_schema, table_name, bool_or(column_name = 'municipality_code') "
            "FROM information_schema.columns WHERE table_catalog = 'serving' "
            "GROUP BY ALL ORDER BY 1, 2"
        ).fetchall()
        codes = _codes(con, [(s, t) for s, t, scoped in tables if scoped])
        paths.city_snapshots.mkdir(parents=True, exist_ok=True)
        for code in codes:
            _write_one(con, paths.city_snapshot(code), code, tables)
    finally:
        if own:
            con.close()
        else:
            with contextlib.suppress(duckdb.Error):
                con.execute("DETACH serving")
    for stale in paths.city_snapshots.glob("*.duckdb"):
        if stale.stem not in codes:
            stale.unlink()
    return codes


def _codes(con: duckdb.DuckDBPyConnection, tables: list[tuple[str, str]]) -> list[str]:
    if not tables:
        return []
    union = " UNION ".join(
        f'SELECT DISTINCT municipality_code FROM serving.{schema}."{name}"'
        for schema, name in tables
    )
    found = [row[0] for row in con.execute(union).fetchall() if row[0] is not None]
    return sorted(code for code in found if _CODE.match(code))


def _write_one(
    con: duckdb.DuckDBPyConnection,
    target: Path,
    code: str,
    tables: list[tuple[str, str, bool]],
) -> None:
    tmp = target.with_name(f".{target.stem}.{uuid.uuid4().hex}.tmp")
    try:
        con.execute(f"ATTACH '{_literal(tmp)}' AS city")
        for schema in sorted({schema for schema, _, _ in tables}):
            con.execute(f'CREATE SCHEMA IF NOT EXISTS city."{schema}"')
        for schema, name, scoped in tables:
            where = " WHERE municipality_code = $code" if scoped else ""
            con.execute(
                f'CREATE TABLE city."{schema}"."{name}" AS '
                f'SELECT * FROM serving."{schema}"."{name}"{where}',
                {"code": code} if scoped else {},
            )
        con.execute("DETACH city")
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync(target.parent)
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("DETACH city")
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
