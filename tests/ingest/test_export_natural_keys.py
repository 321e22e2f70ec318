"""The platform-export readers' natural keys do what their docstrings promise once loaded:
re-exports replace, never duplicate; a multi-table file loads all its tables at once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from ingest import registry
from tests.ingest.export_quirks import write
from warehouse import loader


def _load(con: duckdb.DuckDBPyConnection, path: Path) -> list[loader.LoadOutcome]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    requests = [loader.LoadRequest(r, path.name, digest) for r in registry.read(path)]
    return loader.load_many(con, requests, municipality_code="990019")


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[object, ...]]:
    return con.execute(sql).fetchall()


def test_search_console_tab_is_replaced_whole(tmp_path: Path) -> None:
    con = duckdb.connect()
    header = "上位のクエリ,クリック数,表示回数,CTR,掲載順位\n"
    _load(con, write(tmp_path, header + "a,1,10,10%,1\nb,2,10,20%,1\n", name="q1.csv"))
    _load(con, write(tmp_path, header + "c,3,10,30%,1\n", name="q2.csv"))
    assert _rows(con, "select query, clicks from raw.search_console__queries") == [("c", 3)]
    dates = "日付,クリック数,表示回数,CTR,掲載順位\n"
    _load(con, write(tmp_path, dates + "2025-04-01,1,10,10%,1\n2025-04-02,2,10,20%,1\n"))
    _load(con, write(tmp_path, dates + "2025-04-02,5,10,50%,1\n2025-04-03,6,10,60%,1\n"))
    got = _rows(con, "select date::varchar, clicks from raw.search_console__dates order by 1")
    assert got == [("2025-04-01", 1), ("2025-04-02", 5), ("2025-04-03", 6)]


def test_x_post_restated_by_a_later_export(tmp_path: Path) -> None:
    con = duckdb.connect()
    header = '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements"\n'
    row = '"1","https://twitter.com/m/status/1","a","2025-04-01 00:00 +0000","{}","1"\n'
    _load(con, write(tmp_path, header + row.format("10.0"), name="a.csv"))
    _load(con, write(tmp_path, header + row.format("25.0"), name="b.csv"))
    assert _rows(con, "select post_id, impressions from raw.x__posts") == [("1", 25)]


def test_reports_snapshot_loads_every_table_in_one_go(tmp_path: Path) -> None:
    con = duckdb.connect()
    text = (
        "# ----------------------------------------\n# Reports snapshot\n"
        "# ----------------------------------------\n# Start date: 20250401\n"
        "Nth day,Active users\n0000,5\n0001,6\n\n"
        "Session default channel group,Sessions\nDirect,3\nOrganic Search,9\n"
    )
    path = write(tmp_path, text)
    outcomes = _load(con, path)
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    got = _rows(
        con,
        "select table_index, count(*), sum(active_users), sum(sessions) "
        "from raw.ga4_ui__report_rows group by 1 order by 1",
    )
    assert got == [(1, 2, 11, None), (2, 2, None, 12)]
    assert [o.status for o in _load(con, path)] == ["duplicate", "duplicate"]


def test_line_message_without_id_is_not_duplicated(tmp_path: Path) -> None:
    con = duckdb.connect()
    header = "配信日時,メッセージ,配信数,開封数,クリック数\n"
    _load(con, write(tmp_path, header + "2025/04/04 18:00,お知らせ,100,40,3\n", name="a.csv"))
    _load(con, write(tmp_path, header + "2025/04/04 18:00,お知らせ,100,45,4\n", name="b.csv"))
    assert _rows(con, "select opened, clicks from raw.line__messages") == [(45, 4)]
