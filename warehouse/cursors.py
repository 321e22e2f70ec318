"""Where incremental API pulls stopped: raw._cursors, one row per source, city and scope
(e.g. a Google Ads customer id). Callers write cursors inside the load's transaction (load_many's
`after_load`), so a cursor moves only when the data it describes has been committed."""

from __future__ import annotations

import datetime as dt

import duckdb

CURSORS_DDL = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS raw._cursors (
    source VARCHAR NOT NULL,
    municipality_code VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,
    last_date DATE NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source, municipality_code, scope)
);
"""


def ensure_cursors(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(CURSORS_DDL)


def read_cursor(
    con: duckdb.DuckDBPyConnection, source: str, municipality_code: str, scope: str
) -> dt.date | None:
    """The last day loaded for this scope, or None before the first pull. Reading never
    creates anything (a pull that then fails must leave the warehouse as it was)."""
    exists = con.execute(
        "SELECT 1 FROM information_schema.tables "
        "WHERE table_schema = 'raw' AND table_name = '_cursors'"
    ).fetchone()
    if not exists:
        return None
    row = con.execute(
        "SELECT last_date FROM raw._cursors WHERE source = ? AND municipality_code = ? "
        "AND scope = ?",
        [source, municipality_code, scope],
    ).fetchone()
    return row[0] if row else None


def write_cursor(
    con: duckdb.DuckDBPyConnection,
    source: str,
    municipality_code: str,
    scope: str,
    last_date: dt.date,
) -> None:
    """Set the cursor (as given: the caller decides whether a backfill may move it back)."""
    ensure_cursors(con)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.execute(
        "INSERT INTO raw._cursors VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (source, municipality_code, scope) "
        "DO UPDATE SET last_date = excluded.last_date, updated_at = excluded.updated_at",
        [source, municipality_code, scope, last_date, now],
    )


def delete_window_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    *,
    municipality_code: str,
    scope_column: str,
    scope: object,
    date_column: str,
    since: dt.date,
    until: dt.date,
    except_source_file: str,
) -> int:
    """Delete rows of `raw.<table>` for one scope and days since..until that did not come from
    `except_source_file` (the pull just loaded). After a restatement the pulled days then hold
    exactly what the platform reported: a row the platform no longer returns is gone too."""
    quoted = '"' + table.replace('"', '""') + '"'
    row = con.execute(
        f'DELETE FROM raw.{quoted} WHERE municipality_code = ? AND "{scope_column}" = ? '
        f'AND "{date_column}" BETWEEN ? AND ? AND _source_file IS DISTINCT FROM ?',
        [municipality_code, scope, since, until, except_source_file],
    ).fetchone()
    return int(row[0]) if row else 0
