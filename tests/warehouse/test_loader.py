import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pytest

from ingest.errors import IngestError
from ingest.result import ReadResult, Reject, RowStream, SqlScan
from warehouse import loader


def result(rows: list[tuple[str, str, int]], rejects: list[Reject] | None = None) -> ReadResult:
    frame = pl.DataFrame(
        {"day": [dt.date.fromisoformat(r[0]) for r in rows], "campaign": [r[1] for r in rows],
         "clicks": [r[2] for r in rows], "_row_number": list(range(2, len(rows) + 2))},
        schema={"day": pl.Date, "campaign": pl.String, "clicks": pl.Int64, "_row_number": pl.Int64},
    )
    return ReadResult("ads", "daily", frame, ("day", "campaign"),
                      rows_in=len(rows) + len(rejects or []), rejects=rejects or [])


def load(con: duckdb.DuckDBPyConnection, res: ReadResult, sha: str, **kw: object) -> loader.LoadOutcome:
    return loader.load(con, res, file_name=f"{sha}.csv", sha256=sha, municipality_code="990019", **kw)  # type: ignore[arg-type]


def clicks(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute("SELECT day::VARCHAR, campaign, clicks FROM raw.ads__daily ORDER BY 1, 2").fetchall()


def test_load_records_manifest_and_metadata() -> None:
    con = duckdb.connect()
    outcome = load(con, result([("2025-04-01", "A", 1), ("2025-04-02", "A", 2)]), "s1")
    assert outcome.status == "loaded" and outcome.rows_loaded == 2
    row = con.execute("SELECT municipality_code, _load_id, _source_file, _row_number "
                      "FROM raw.ads__daily ORDER BY _row_number LIMIT 1").fetchone()
    assert row == ("990019", outcome.load_id, "s1.csv", 2)
    assert con.execute("SELECT status, rows_in, rows_loaded FROM raw._loads").fetchall() == [
        ("loaded", 2, 2)
    ]


def test_same_file_twice_loads_nothing_new() -> None:
    con = duckdb.connect()
    load(con, result([("2025-04-01", "A", 1)]), "s1")
    second = load(con, result([("2025-04-01", "A", 1)]), "s1")
    assert second.status == "duplicate"
    assert clicks(con) == [("2025-04-01", "A", 1)]


def test_restated_rows_replace_older_ones() -> None:
    con = duckdb.connect()
    load(con, result([("2025-04-01", "A", 1), ("2025-04-02", "A", 2)]), "s1")
    outcome = load(con, result([("2025-04-02", "A", 5), ("2025-04-03", "A", 3)]), "s2")
    assert outcome.rows_replaced == 1
    assert clicks(con) == [("2025-04-01", "A", 1), ("2025-04-02", "A", 5), ("2025-04-03", "A", 3)]


def test_over_threshold_is_quarantined_and_loads_nothing() -> None:
    con = duckdb.connect()
    rejects = [Reject(3, "clicks", "negative clicks")]
    outcome = load(con, result([("2025-04-01", "A", 1)], rejects), "s1", reject_threshold=0.01)
    assert outcome.status == "quarantined" and "line 3" in outcome.message
    assert con.execute("SELECT count(*) FROM raw._rejects").fetchone() == (1,)
    tables = con.execute("SELECT table_name FROM information_schema.tables "
                         "WHERE table_name = 'ads__daily'").fetchall()
    assert tables == []


def test_under_threshold_loads_good_rows_and_keeps_the_rejects() -> None:
    con = duckdb.connect()
    rows = [("2025-04-01", f"C{i}", i) for i in range(200)]
    outcome = load(con, result(rows, [Reject(9, "clicks", "bad")]), "s1", reject_threshold=0.01)
    assert outcome.status == "loaded" and outcome.rows_rejected == 1
    assert con.execute("SELECT line, column_name, reason FROM raw._rejects").fetchall() == [
        (9, "clicks", "bad")
    ]


def test_a_failing_load_rolls_back_everything() -> None:
    con = duckdb.connect()
    load(con, result([("2025-04-01", "A", 1)]), "s1")
    bad = result([("2025-04-01", "A", 9)])
    bad = ReadResult(bad.source, bad.entity, bad.frame.with_columns(pl.lit("x").alias("clicks")),
                     bad.natural_key, rows_in=1)
    with pytest.raises(loader.LoadError, match="rolled back"):
        load(con, bad, "s2")
    assert clicks(con) == [("2025-04-01", "A", 1)]
    assert con.execute("SELECT count(*) FROM raw._loads").fetchone() == (1,)


def test_new_columns_are_added() -> None:
    con = duckdb.connect()
    load(con, result([("2025-04-01", "A", 1)]), "s1")
    wider = result([("2025-04-02", "A", 1)])
    wider = ReadResult(wider.source, wider.entity, wider.frame.with_columns(pl.lit(7).alias("views")),
                       wider.natural_key, rows_in=1)
    load(con, wider, "s2")
    assert con.execute("SELECT views FROM raw.ads__daily ORDER BY day").fetchall() == [(None,), (7,)]


def test_cities_do_not_replace_each_other() -> None:
    con = duckdb.connect()
    loader.load(con, result([("2025-04-01", "A", 1)]), file_name="a", sha256="x",
                municipality_code="990019")
    loader.load(con, result([("2025-04-01", "A", 2)]), file_name="a", sha256="x",
                municipality_code="222101")
    assert con.execute("SELECT count(*) FROM raw.ads__daily").fetchone() == (2,)


def test_load_many_is_all_or_nothing() -> None:
    con = duckdb.connect()
    good = loader.LoadRequest(result([("2025-04-01", "A", 1)]), "good.csv", "g")
    bad = loader.LoadRequest(result([("2025-04-02", "B", 1)], [Reject(2, None, "x")]), "bad.csv", "b")
    outcomes = loader.load_many(con, [good, bad], municipality_code="990019", reject_threshold=0.01)
    assert [o.status for o in outcomes] == ["quarantined", "quarantined"]
    assert "not loaded" in outcomes[0].message
    assert con.execute("SELECT count(*) FROM information_schema.tables "
                       "WHERE table_name = 'ads__daily'").fetchone() == (0,)


def test_load_many_rolls_back_when_the_follow_up_fails() -> None:
    con = duckdb.connect()
    request = loader.LoadRequest(result([("2025-04-01", "A", 1)]), "a.csv", "a")

    def cursor_update(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("SELECT * FROM no_such_cursor_table")

    with pytest.raises(loader.LoadError, match="rolled back"):
        loader.load_many(con, [request], municipality_code="990019", after_load=cursor_update)
    assert con.execute("SELECT count(*) FROM raw._loads").fetchone() == (0,)


def test_load_ids_sort_in_creation_order() -> None:
    # Time-ordered ids let DuckDB's min/max statistics skip older row groups on `_load_id = ?`.
    ids = [loader._new_load_id() for _ in range(200)]
    assert ids == sorted(ids) and len(set(ids)) == 200
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def _csv_scan(path: Path, rows: list[tuple[str, str | None, int]]) -> ReadResult:
    """A reader's SqlScan over a small CSV (the loader does not care which format)."""
    path.write_text("day,campaign,clicks\n" + "".join(f"{d},{c or ''},{n}\n" for d, c, n in rows))
    select = (
        "SELECT day, campaign, CASE WHEN clicks < 0 THEN error('negative clicks') "
        f"ELSE clicks END AS clicks, ordinality AS _row_number FROM read_csv('{path}', "
        "columns = {'day': 'DATE', 'campaign': 'VARCHAR', 'clicks': 'BIGINT'}, header = true) "
        "WITH ORDINALITY"
    )

    def explain(error: Exception) -> Exception:
        return IngestError(str(path), f"explained: {str(error).splitlines()[0]}")

    return ReadResult("ads", "daily", result([]).frame, ("day", "campaign"), rows_in=0,
                      scan=SqlScan(select, explain))


def test_a_scan_restates_its_keys_nulls_included(tmp_path: Path) -> None:
    con = duckdb.connect()
    first = [("2025-04-01", "A", 1), ("2025-04-01", None, 2), ("2025-04-02", "A", 3),
             ("2025-04-03", "B", 4)]
    one = loader.load(con, _csv_scan(tmp_path / "1.csv", first), file_name="1.csv", sha256="1",
                      municipality_code="990019")
    assert (one.rows_in, one.rows_loaded, one.rows_replaced) == (4, 4, 0)
    again = [("2025-04-01", None, 20), ("2025-04-03", "B", 40), ("2025-04-03", "C", 50)]
    two = loader.load(con, _csv_scan(tmp_path / "2.csv", again), file_name="2.csv", sha256="2",
                      municipality_code="990019")
    assert (two.rows_loaded, two.rows_replaced) == (3, 2)
    assert con.execute(
        "SELECT day::VARCHAR, campaign, clicks, _row_number FROM raw.ads__daily ORDER BY 1, 2, 3"
    ).fetchall() == [("2025-04-01", "A", 1, 1), ("2025-04-01", None, 20, 1),
                     ("2025-04-02", "A", 3, 3), ("2025-04-03", "B", 40, 2),
                     ("2025-04-03", "C", 50, 3)]


def test_a_failing_scan_raises_the_readers_error_and_rolls_back(tmp_path: Path) -> None:
    con = duckdb.connect()
    loader.load(con, _csv_scan(tmp_path / "1.csv", [("2025-04-01", "A", 1)]), file_name="1.csv",
                sha256="1", municipality_code="990019")
    bad = _csv_scan(tmp_path / "2.csv", [("2025-04-01", "A", 5), ("2025-04-02", "A", -1)])
    with pytest.raises(IngestError, match=r"2\.csv: explained: .*negative clicks"):
        loader.load(con, bad, file_name="2.csv", sha256="2", municipality_code="990019")
    assert clicks(con) == [("2025-04-01", "A", 1)]  # nothing inserted, nothing replaced
    assert con.execute("SELECT count(*) FROM raw._loads").fetchone() == (1,)


def test_a_row_stream_loads_and_restates_like_a_frame() -> None:
    # No reader streams Arrow batches today (GA4 hands over a SqlScan); the loader still can.
    def rows(day: str, clicks: list[int]) -> ReadResult:
        frame = result([(day, "A", n) for n in clicks]).frame
        batches = frame.to_arrow().to_batches(max_chunksize=2)
        stream = RowStream(lambda _: pa.RecordBatchReader.from_batches(batches[0].schema, batches))
        return ReadResult("ads", "daily", frame.head(0), ("day", "campaign"), rows_in=0,
                          stream=stream)

    con = duckdb.connect()
    load(con, rows("2025-04-01", [1, 2, 3]), "s1")
    again = load(con, rows("2025-04-01", [7, 8, 9, 10, 11]), "s2")
    assert (again.rows_in, again.rows_loaded, again.rows_replaced) == (5, 5, 3)
    assert [c for *_, c in clicks(con)] == [7, 8, 9, 10, 11]
