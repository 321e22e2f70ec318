import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from warehouse.connections import SnapshotMissingError, connect_reader, connect_writer
from warehouse.paths import HomePaths
from warehouse.publish import PublishError, publish
from warehouse.sandbox import QueryRefused, run_query


def build_marts(paths: HomePaths, rows: int) -> None:
    con = connect_writer(paths)
    con.execute("CREATE SCHEMA IF NOT EXISTS marts; CREATE SCHEMA IF NOT EXISTS raw")
    con.execute(f"CREATE OR REPLACE TABLE marts.t AS SELECT range AS x FROM range({rows})")
    con.execute("CREATE OR REPLACE TABLE raw.secret AS SELECT 'taro@example.jp' AS email")
    publish(con, paths)
    con.close()


@pytest.fixture
def paths(tmp_path: Path) -> HomePaths:
    return HomePaths(tmp_path).ensure()


def test_publish_copies_marts_only(paths: HomePaths) -> None:
    build_marts(paths, 5)
    con = connect_reader(paths)
    assert con.execute("SELECT count(*) FROM marts.t").fetchone() == (5,)
    schemas = {r[0] for r in con.execute("SELECT schema_name FROM information_schema.schemata").fetchall()}
    assert "raw" not in schemas
    assert not list(paths.home.glob(".serving.*"))


def test_a_reader_keeps_its_snapshot_through_a_publish(paths: HomePaths) -> None:
    build_marts(paths, 5)
    old = connect_reader(paths)
    build_marts(paths, 7)
    assert old.execute("SELECT count(*) FROM marts.t").fetchone() == (5,)
    assert connect_reader(paths).execute("SELECT count(*) FROM marts.t").fetchone() == (7,)


def test_nothing_to_publish(paths: HomePaths) -> None:
    with pytest.raises(PublishError, match="no marts"):
        publish(connect_writer(paths), paths)


def test_no_snapshot_yet(paths: HomePaths) -> None:
    with pytest.raises(SnapshotMissingError, match="civicpulse run"):
        connect_reader(paths)


def test_readers_work_while_another_process_writes(paths: HomePaths) -> None:
    build_marts(paths, 3)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(paths.warehouse)!r})
            con.execute("CREATE TABLE IF NOT EXISTS w AS SELECT 1")
            print("holding", flush=True)
            time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(duckdb.IOException):
            duckdb.connect(str(paths.warehouse), read_only=True)
        assert run_query(paths, "SELECT count(*) FROM marts.t").rows == [(3,)]
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("SELECT * FROM read_csv('/etc/passwd')", "disabled"),
        ("SELECT * FROM read_text('/etc/hostname')", "disabled"),
        ("COPY marts.t TO '/tmp/out.csv'", "only SELECT"),
        ("ATTACH '/tmp/x.duckdb' AS x", "only SELECT"),
        ("INSTALL httpfs", "only SELECT"),
        ("SET enable_external_access = true", "only SELECT"),
        ("SELECT 1; SELECT 2", "exactly one statement"),
        ("DROP TABLE marts.t", "only SELECT"),
        ("SELEC 1", "syntax"),
        ("SELECT * FROM marts.nope", "nope"),
    ],
)
def test_sandbox_refuses_with_a_clear_message(paths: HomePaths, sql: str, reason: str) -> None:
    build_marts(paths, 3)
    with pytest.raises(QueryRefused, match=reason):
        run_query(paths, sql)
    assert run_query(paths, "SELECT count(*) FROM marts.t").rows == [(3,)]


def test_sandbox_bounds_rows_and_time(paths: HomePaths) -> None:
    build_marts(paths, 50)
    result = run_query(paths, "SELECT * FROM marts.t", max_rows=10)
    assert len(result.rows) == 10 and result.truncated
    with pytest.raises(QueryRefused, match="time limit"):
        run_query(paths, "SELECT count(*) FROM range(10000000000) a, range(1000) b", timeout_s=0.5)
