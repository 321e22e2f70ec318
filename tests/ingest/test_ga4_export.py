import json
from pathlib import Path

import duckdb
import pytest

from ingest import ga4_export
from ingest.errors import IngestError
from tests.conftest import ga4_event, write_ndjson

T0 = 1_743_465_600_000_000  # 2025-04-01 00:00 UTC in microseconds


def events() -> list[dict[str, object]]:
    return [
        ga4_event("u1.1", 111, T0, page_location="https://www.city.example.jp/a", entrances=1),
        ga4_event("u1.1", 111, T0 + 5_000_000, page_location="https://www.city.example.jp/b"),
        ga4_event("u2.2", 222, T0 + 9_000_000, "form_submit", form_id="P001"),
    ]


@pytest.mark.parametrize("gz", [False, True])
def test_ndjson_keeps_nested_params(tmp_path: Path, gz: bool) -> None:
    path = write_ndjson(tmp_path / ("e.json.gz" if gz else "e.json"), events(), gz=gz)
    result = ga4_export.read(path)
    frame = result.frame
    assert frame.height == 3 and result.table == "ga4__events"
    assert frame["event_timestamp"].to_list() == [T0, T0 + 5_000_000, T0 + 9_000_000]
    params = {p["key"]: p["value"] for p in frame["event_params"][0]}
    assert params["ga_session_id"]["int_value"] == 111
    assert params["page_location"]["string_value"] == "https://www.city.example.jp/a"
    assert frame["_row_number"].to_list() == [1, 2, 3]
    assert frame["device"][0]["category"] == "mobile"


def test_parquet_export(tmp_path: Path) -> None:
    source = write_ndjson(tmp_path / "e.json", events())
    parquet = tmp_path / "e.parquet"
    frame = ga4_export.read(source).frame.drop("_row_number")
    frame.write_parquet(parquet)
    again = ga4_export.read(parquet).frame
    assert again.height == 3
    assert again["event_params"].to_list() == frame["event_params"].to_list()


def test_a_broken_line_refuses_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    lines = [json.dumps(e) for e in events()]
    lines[1] = lines[1][:40]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(IngestError, match="e.json"):
        ga4_export.read(path)


def test_event_without_a_user_is_refused_with_its_line(tmp_path: Path) -> None:
    broken = events()
    broken[2]["user_pseudo_id"] = None
    with pytest.raises(IngestError, match="line 3"):
        ga4_export.read(write_ndjson(tmp_path / "e.json", broken))


def test_always_null_fields_do_not_change_the_schema(tmp_path: Path) -> None:
    """DuckDB would infer an all-null field as NULL and an empty list as JSON[]; the declared
    schema keeps the types stable from one file to the next."""
    first = ga4_export.read(write_ndjson(tmp_path / "a.json", events())).frame
    with_values = events()
    with_values[0]["user_properties"] = [
        {"key": "lang", "value": {"string_value": "en", "set_timestamp_micros": "1"}}
    ]
    second = ga4_export.read(write_ndjson(tmp_path / "b.json", with_values)).frame
    assert first.schema == second.schema
    con = duckdb.connect()
    con.register("f", first)
    con.execute("CREATE TABLE t AS SELECT * FROM f")
    con.register("s", second)
    con.execute("INSERT INTO t BY NAME SELECT * FROM s")
    assert con.execute("SELECT count(*) FROM t").fetchone() == (6,)


def test_real_exports(real_fixtures: Path) -> None:
    for path in sorted((real_fixtures / "ga4").glob("bq_export_*input.json")):
        expected = len(json.loads(path.read_text()))
        assert ga4_export.read(path).frame.height == expected, path.name
