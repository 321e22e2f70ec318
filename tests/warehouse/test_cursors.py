"""raw._cursors: per source, city and scope; moves only with the data it describes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingest.result import ReadResult
from warehouse import loader
from warehouse.cursors import delete_window_rows, read_cursor, write_cursor

APR = [dt.date(2025, 4, d) for d in range(1, 8)]


def test_no_cursor_before_the_first_pull() -> None:
    con = duckdb.connect()
    assert read_cursor(con, "google_ads_api", "990019", "1234567890") is None


def test_write_then_read_per_source_city_and_scope(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    write_cursor(con, "google_ads_api", "990019", "1234567890", APR[4])
    write_cursor(con, "google_ads_api", "990019", "2345678901", APR[1])
    write_cursor(con, "google_ads_api", "222101", "1234567890", APR[0])
    write_cursor(con, "google_ads_api", "990019", "1234567890", APR[6])  # overwrite
    con.close()
    con = duckdb.connect(str(path))  # it is stored, not cached
    assert read_cursor(con, "google_ads_api", "990019", "1234567890") == APR[6]
    assert read_cursor(con, "google_ads_api", "990019", "2345678901") == APR[1]
    assert read_cursor(con, "google_ads_api", "222101", "1234567890") == APR[0]
    assert read_cursor(con, "other_source", "990019", "1234567890") is None
    assert con.execute("SELECT count(*) FROM raw._cursors").fetchone() == (3,)


def frame(days: list[dt.date], clicks: int) -> ReadResult:
    data = pl.DataFrame(
        {
            "customer_id": [1] * len(days),
            "date": days,
            "clicks": [clicks] * len(days),
            "_row_number": list(range(1, len(days) + 1)),
        },
        schema={
            "customer_id": pl.Int64,
            "date": pl.Date,
            "clicks": pl.Int64,
            "_row_number": pl.Int64,
        },
    )
    return ReadResult("api", "daily", data, ("customer_id", "date"), rows_in=len(days))


def test_cursor_moves_only_when_the_load_commits() -> None:
    con = duckdb.connect()
    loader.load_many(
        con,
        [loader.LoadRequest(frame(APR[:3], 1), "pull 1", "sha-1")],
        municipality_code="990019",
        after_load=lambda c: write_cursor(c, "api", "990019", "1", APR[2]),
    )

    def fail_after_cursor(c: duckdb.DuckDBPyConnection) -> None:
        write_cursor(c, "api", "990019", "1", APR[6])
        raise RuntimeError("stream broke")

    with pytest.raises(RuntimeError):
        loader.load_many(
            con,
            [loader.LoadRequest(frame(APR, 2), "pull 2", "sha-2")],
            municipality_code="990019",
            after_load=fail_after_cursor,
        )
    assert read_cursor(con, "api", "990019", "1") == APR[2]
    assert con.execute("SELECT sum(clicks), count(*) FROM raw.api__daily").fetchone() == (3, 3)


def test_delete_window_rows_keeps_the_new_pull_and_other_days() -> None:
    con = duckdb.connect()
    loader.load(con, frame(APR[:5], 1), file_name="pull 1", sha256="a", municipality_code="990019")
    # The restated pull no longer reports 04-03 (say every metric went to zero).
    restated = frame([APR[1], APR[3], APR[4]], 2)
    loader.load(con, restated, file_name="pull 2", sha256="b", municipality_code="990019")
    removed = delete_window_rows(
        con,
        "api__daily",
        municipality_code="990019",
        scope_column="customer_id",
        scope=1,
        date_column="date",
        since=APR[1],
        until=APR[4],
        except_source_file="pull 2",
    )
    assert removed == 1
    rows = con.execute("SELECT date, clicks FROM raw.api__daily ORDER BY date").fetchall()
    assert rows == [(APR[0], 1), (APR[1], 2), (APR[3], 2), (APR[4], 2)]
