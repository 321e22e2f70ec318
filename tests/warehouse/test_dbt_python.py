"""The DuckDB side of the dbt Python models: the cache released while they hold their frames,
the build's limit restored after, and one city's rows at a time."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.dbt_python import city_codes, city_user_frames, duckdb_memory_lowered, for_city


def _cached_bytes(con: duckdb.DuckDBPyConnection) -> int:
    [(used,)] = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()
    return int(used)


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE TABLE t AS SELECT range AS a, md5(range::VARCHAR) AS b FROM range(2000000)")
    con.execute("CHECKPOINT")
    con.execute("SET memory_limit = '2GB'")
    return con


def test_the_cache_is_evicted_inside_and_the_build_limit_restored_after(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVICPULSE_DBT_MEMORY_LIMIT", "3GB")
    con.execute("SELECT count(DISTINCT b) FROM t").fetchall()  # fills the cache
    assert _cached_bytes(con) > 30_000_000
    with duckdb_memory_lowered(con, "16MB"):
        assert _cached_bytes(con) <= 16_000_000
        setting = con.execute("SELECT current_setting('memory_limit')").fetchone()
        assert setting is not None and "MiB" in setting[0]
        assert con.execute("SELECT count(*) FROM t WHERE a % 2 = 0").fetchone() == (1_000_000,)
    restored = con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert restored == ("2.7 GiB",)  # 3 GB, from the variable profiles.yml reads


def test_a_limit_that_cannot_be_set_leaves_everything_as_it_was(
    con: duckdb.DuckDBPyConnection,
) -> None:
    before = con.execute("SELECT current_setting('memory_limit')").fetchone()
    ran = []
    with duckdb_memory_lowered(con, "not a size"):
        ran.append(True)
    assert ran == [True]
    assert con.execute("SELECT current_setting('memory_limit')").fetchone() == before


def test_an_error_in_the_model_still_restores_the_limit(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CIVICPULSE_DBT_MEMORY_LIMIT", raising=False)
    with pytest.raises(ZeroDivisionError), duckdb_memory_lowered(con, "64MB"):
        _ = 1 / 0
    restored = con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert restored == ("3.7 GiB",)  # the 4GB default of profiles.yml


def test_one_city_at_a_time(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE users AS SELECT * FROM (VALUES ('990027', 'a'), ('990019', 'b'), "
        "('990027', 'c'), (NULL, 'd')) AS v(municipality_code, user_key)"
    )
    users = con.table("users")
    assert city_codes(users) == ["990019", "990027"]
    assert for_city(users, "990027").select("user_key").fetchall() == [("a",), ("c",)]
    with pytest.raises(ValueError, match="not a municipality code"):
        for_city(users, "990019' OR '1'='1")


def test_city_frames_carry_ranks_in_the_keys_order(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE users AS SELECT * FROM (VALUES ('990019', 'f0', 3), ('990019', 'a9', 1), "
        "('990027', 'b1', 2), ('990019', 'c5', 7)) AS v(municipality_code, user_key, n_sessions)"
    )
    con.execute(
        "CREATE TABLE activity AS SELECT * FROM (VALUES ('990019', 'c5', 'topic', 'tax', 2), "
        "('990019', 'a9', 'device', 'mobile', 1), ('990027', 'b1', 'topic', 'tax', 4), "
        "('990019', 'f0', 'topic', 'ramen', 3)) AS v(municipality_code, user_key, feature, level, n)"
    )
    users, activity, keys = city_user_frames(con.table("users"), con.table("activity"), "990019")
    assert keys == ["a9", "c5", "f0"]
    assert users.select("user_key", "n_sessions").rows() == [(0, 1), (1, 7), (2, 3)]
    assert sorted(activity.rows()) == [
        (0, "device", "mobile", 1),
        (1, "topic", "tax", 2),
        (2, "topic", "ramen", 3),
    ]
    assert sorted(users["user_key"]) == users["user_key"].to_list()
