import datetime as dt

import duckdb
import polars as pl
import pytest

from ingest.result import ReadResult, Reject
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
