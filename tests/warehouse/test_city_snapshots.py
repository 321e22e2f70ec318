"""Per-city snapshots: each holds only its municipality's rows, shared tables whole, and a
city that left the snapshot loses its file."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.city_snapshots import write_city_snapshots
from warehouse.connections import connect_reader, connect_writer
from warehouse.paths import HomePaths


def _serving(paths: HomePaths, codes: list[str]) -> None:
    paths.home.mkdir(parents=True, exist_ok=True)
    paths.serving.unlink(missing_ok=True)
    con = duckdb.connect(str(paths.serving))
    con.execute("CREATE SCHEMA marts")
    con.execute("CREATE TABLE marts.facts (municipality_code VARCHAR, n INTEGER)")
    for i, code in enumerate(codes):
        con.execute("INSERT INTO marts.facts VALUES (?, ?), (?, ?)", [code, i, code, 10 + i])
    con.execute("CREATE TABLE marts.dim_date AS SELECT DATE '2025-04-01' AS date_day")
    con.close()


def test_each_city_file_holds_its_rows_and_shared_tables(tmp_path: Path) -> None:
    paths = HomePaths(tmp_path / "home")
    _serving(paths, ["990019", "990027"])
    assert write_city_snapshots(paths) == ["990019", "990027"]
    for code in ("990019", "990027"):
        con = connect_reader(paths, city=code)
        try:
            codes = con.execute("SELECT DISTINCT municipality_code FROM marts.facts").fetchall()
            assert codes == [(code,)]
            assert con.execute("SELECT count(*) FROM marts.dim_date").fetchone() == (1,)
        finally:
            con.close()
    assert not list(paths.city_snapshots.glob("*.tmp"))


def test_a_city_gone_from_the_snapshot_loses_its_file(tmp_path: Path) -> None:
    paths = HomePaths(tmp_path / "home")
    _serving(paths, ["990019", "990027"])
    write_city_snapshots(paths)
    _serving(paths, ["990019"])
    assert write_city_snapshots(paths) == ["990019"]
    assert not paths.city_snapshot("990027").exists()


def test_publish_cuts_the_city_files_on_its_own_writer_connection(tmp_path: Path) -> None:
    # One DuckDB instance and one memory limit: a second instance raised publish's peak.
    paths = HomePaths(tmp_path / "home")
    _serving(paths, ["990019", "990027"])
    writer = connect_writer(paths)
    try:
        for _ in range(2):  # serving is detached afterwards, so a second publish can attach it
            assert write_city_snapshots(paths, writer) == ["990019", "990027"]
        attached = writer.execute("SELECT database_name FROM duckdb_databases()").fetchall()
        assert "serving" not in {name for (name,) in attached}
    finally:
        writer.close()
    con = connect_reader(paths, city="990027")
    try:
        assert con.execute("SELECT n FROM marts.facts ORDER BY n").fetchall() == [(1,), (11,)]
    finally:
        con.close()
