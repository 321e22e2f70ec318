"""Load a reader's frame into raw.<source>__<entity>: whole or not at all, idempotent,
latest load wins on the natural key, every load and every refused row recorded."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import duckdb
import polars as pl

from ingest.result import ReadResult
from warehouse.raw_schema import ensure_raw_schema

DEFAULT_REJECT_THRESHOLD = 0.01


class LoadError(RuntimeError):
    """The load was rolled back; the warehouse is as it was."""


@dataclass(frozen=True)
class LoadOutcome:
    load_id: str
    status: str  # loaded | duplicate | quarantined
    raw_table: str
    rows_in: int
    rows_loaded: int
    rows_rejected: int
    rows_replaced: int
    message: str = ""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def load(
    con: duckdb.DuckDBPyConnection,
    result: ReadResult,
    *,
    file_name: str,
    sha256: str,
    municipality_code: str,
    reject_threshold: float = DEFAULT_REJECT_THRESHOLD,
) -> LoadOutcome:
    ensure_raw_schema(con)
    load_id = uuid.uuid4().hex
    started = _now()
    table = f"raw.{_quote(result.table)}"
    rejected = len(result.rejects)
    base = dict(load_id=load_id, raw_table=f"raw.{result.table}", rows_in=result.rows_in)

    seen = con.execute(
        "SELECT load_id FROM raw._loads WHERE sha256 = ? AND municipality_code = ? "
        "AND status = 'loaded' LIMIT 1",
        [sha256, municipality_code],
    ).fetchone()
    if seen:
        _record(
            con,
            load_id,
            municipality_code,
            result,
            file_name,
            sha256,
            started,
            "duplicate",
            0,
            0,
            0,
            f"same content as load {seen[0]}",
        )
        return LoadOutcome(
            **base,
            status="duplicate",
            rows_loaded=0,
            rows_rejected=0,
            rows_replaced=0,
            message=f"already loaded (load {seen[0]})",
        )

    if rejected and rejected > reject_threshold * max(result.rows_in, 1):
        reason = (
            f"{rejected} of {result.rows_in} rows rejected, over the "
            f"{reject_threshold:.0%} threshold; first: line {result.rejects[0].line}"
            f"{', column ' + repr(result.rejects[0].column) if result.rejects[0].column else ''}"
            f": {result.rejects[0].reason}"
        )
        con.execute("BEGIN")
        _record(
            con,
            load_id,
            municipality_code,
            result,
            file_name,
            sha256,
            started,
            "quarantined",
            0,
            rejected,
            0,
            reason,
        )
        _insert_rejects(con, load_id, municipality_code, result, file_name)
        con.execute("COMMIT")
        return LoadOutcome(
            **base,
            status="quarantined",
            rows_loaded=0,
            rows_rejected=rejected,
            rows_replaced=0,
            message=reason,
        )

    frame = result.frame.with_columns(
        pl.lit(municipality_code).alias("municipality_code"),
        pl.lit(load_id).alias("_load_id"),
        pl.lit(file_name).alias("_source_file"),
    )
    try:
        con.execute("BEGIN")
        con.register("_incoming", frame)
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM _incoming LIMIT 0")
        _add_new_columns(con, result.table)
        replaced = _delete_restated(con, table, result.natural_key, municipality_code)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
        _insert_rejects(con, load_id, municipality_code, result, file_name)
        _record(
            con,
            load_id,
            municipality_code,
            result,
            file_name,
            sha256,
            started,
            "loaded",
            frame.height,
            rejected,
            replaced,
            None,
        )
        con.execute("COMMIT")
    except duckdb.Error as error:
        con.execute("ROLLBACK")
        raise LoadError(
            f"{file_name}: load into {table} failed and was rolled back: {error}"
        ) from None
    finally:
        con.unregister("_incoming")
    return LoadOutcome(
        **base,
        status="loaded",
        rows_loaded=frame.height,
        rows_rejected=rejected,
        rows_replaced=replaced,
    )


def _add_new_columns(con: duckdb.DuckDBPyConnection, raw_table: str) -> None:
    existing = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'raw' AND table_name = ?",
            [raw_table],
        ).fetchall()
    }
    incoming = con.execute("DESCRIBE _incoming").fetchall()
    for name, kind, *_ in incoming:
        if name not in existing:
            con.execute(f"ALTER TABLE raw.{_quote(raw_table)} ADD COLUMN {_quote(name)} {kind}")


def _delete_restated(
    con: duckdb.DuckDBPyConnection, table: str, key: tuple[str, ...], municipality_code: str
) -> int:
    """Delete rows that the incoming frame restates (same municipality and natural key)."""
    if not key:
        return 0
    columns = ", ".join(_quote(k) for k in key)
    matches = " AND ".join(f"t.{_quote(k)} IS NOT DISTINCT FROM k.{_quote(k)}" for k in key)
    row = con.execute(
        f"DELETE FROM {table} AS t USING (SELECT DISTINCT {columns} FROM _incoming) AS k "
        f"WHERE t.municipality_code = ? AND {matches}",
        [municipality_code],
    ).fetchone()
    return int(row[0]) if row else 0


def _insert_rejects(
    con: duckdb.DuckDBPyConnection,
    load_id: str,
    municipality_code: str,
    result: ReadResult,
    file_name: str,
) -> None:
    if not result.rejects:
        return
    con.executemany(
        "INSERT INTO raw._rejects VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                load_id,
                municipality_code,
                result.source,
                file_name,
                r.line,
                r.column,
                r.reason,
                r.raw[:2000],
            ]
            for r in result.rejects
        ],
    )


def _record(
    con: duckdb.DuckDBPyConnection,
    load_id: str,
    municipality_code: str,
    result: ReadResult,
    file_name: str,
    sha256: str,
    started: dt.datetime,
    status: str,
    loaded: int,
    rejected: int,
    replaced: int,
    error: str | None,
) -> None:
    con.execute(
        "INSERT INTO raw._loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            municipality_code,
            result.source,
            f"raw.{result.table}",
            file_name,
            sha256,
            result.rows_in,
            loaded,
            rejected,
            replaced,
            status,
            started,
            _now(),
            error,
        ],
    )


def record_failure(
    con: duckdb.DuckDBPyConnection,
    *,
    municipality_code: str,
    source: str,
    file_name: str,
    sha256: str,
    error: str,
) -> str:
    """Record a file that could not be read at all (it goes to quarantine)."""
    ensure_raw_schema(con)
    load_id = uuid.uuid4().hex
    now = _now()
    con.execute(
        "INSERT INTO raw._loads VALUES (?, ?, ?, NULL, ?, ?, NULL, 0, NULL, 0, 'quarantined', ?, ?, ?)",
        [load_id, municipality_code, source, file_name, sha256, now, now, error],
    )
    return load_id


def ensure_table(con: duckdb.DuckDBPyConnection, empty: ReadResult) -> None:
    """Create raw.<table> with the reader's schema if no file has been loaded yet."""
    ensure_raw_schema(con)
    frame = empty.frame.with_columns(
        pl.lit(None, dtype=pl.String()).alias("municipality_code"),
        pl.lit(None, dtype=pl.String()).alias("_load_id"),
        pl.lit(None, dtype=pl.String()).alias("_source_file"),
    )
    con.register("_incoming", frame)
    try:
        con.execute(
            f"CREATE TABLE IF NOT EXISTS raw.{_quote(empty.table)} AS SELECT * FROM _incoming LIMIT 0"
        )
        _add_new_columns(con, empty.table)
    finally:
        con.unregister("_incoming")
