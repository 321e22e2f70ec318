"""DDL of the raw layer's bookkeeping tables."""

from __future__ import annotations

import duckdb

RAW_SCHEMA_DDL = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS raw._loads (
    load_id VARCHAR PRIMARY KEY,
    municipality_code VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    raw_table VARCHAR,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    rows_in BIGINT,
    rows_loaded BIGINT,
    rows_rejected BIGINT,
    rows_replaced BIGINT,
    status VARCHAR NOT NULL,   -- loaded | duplicate | quarantined | failed
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    error VARCHAR
);
CREATE TABLE IF NOT EXISTS raw._rejects (
    load_id VARCHAR NOT NULL,
    municipality_code VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    line BIGINT,
    column_name VARCHAR,
    reason VARCHAR NOT NULL,
    raw_text VARCHAR
);
"""


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    # Runs before every load: a catalog lookup is cheaper than three IF NOT EXISTS statements.
    # fetchall, not fetchone: a half-read result blocks `register` on this connection.
    present = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'raw' AND table_name IN ('_loads', '_rejects')"
    ).fetchall()
    if present != [(2,)]:
        con.execute(RAW_SCHEMA_DDL)
